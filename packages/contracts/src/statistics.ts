import { type Static, Type } from 'typebox'

/** A count as the statistics show it: small counts (under 5, zero included) only as "< 5", decided on the server. */
export const SuppressedCount = Type.Union([Type.Integer({ minimum: 5 }), Type.Literal('< 5')])
export type SuppressedCount = Static<typeof SuppressedCount>

const IsoDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 })

export const StatisticsQuery = Type.Object({ from: IsoDay, to: IsoDay }, { additionalProperties: false })
export type StatisticsQuery = Static<typeof StatisticsQuery>

const Named = Type.Array(Type.Object({ key: Type.String(), count: SuppressedCount }))

/** `GET /api/staff/statistics`: anonymous daily aggregates of the signed-in admin's organisation. */
export const StatisticsReport = Type.Object({
  from: IsoDay,
  to: IsoDay,
  totals: Type.Object({
    appointmentsHeld: SuppressedCount,
    noShows: SuppressedCount,
    cancellations: SuppressedCount,
  }),
  days: Type.Array(
    Type.Object({
      day: IsoDay,
      appointmentsHeld: SuppressedCount,
      noShows: SuppressedCount,
      cancellations: SuppressedCount,
      /** Median call length that day; null when fewer than 5 calls were held. */
      durationMedianMinutes: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  deviceChecks: Type.Object({ green: SuppressedCount, yellow: SuppressedCount, red: SuppressedCount }),
  browsers: Named,
  operatingSystems: Named,
  /** How the device check reached the media server: udp, tcp, turn, none. */
  connections: Named,
  survey: Type.Object({
    responses: SuppressedCount,
    /** 1–5; null when fewer than 5 answers. */
    satisfactionAverage: Type.Union([Type.Number(), Type.Null()]),
    avQualityAverage: Type.Union([Type.Number(), Type.Null()]),
    useAgain: Type.Object({ yes: SuppressedCount, no: SuppressedCount, unsure: SuppressedCount }),
  }),
})
export type StatisticsReport = Static<typeof StatisticsReport>
