import { type Static, Type } from 'typebox'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** Outcome of one part of the device check. `limited` works with restrictions; `skipped` was not tested. */
export const CheckStatus = Type.Union([
  Type.Literal('ok'),
  Type.Literal('limited'),
  Type.Literal('failed'),
  Type.Literal('skipped'),
])
export type CheckStatus = Static<typeof CheckStatus>

export const Traffic = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')])
export type Traffic = Static<typeof Traffic>

/** What the browser measured in the device check, as sent to the API (which adds browser/OS itself). */
export const DeviceCheckMeasurement = Type.Object(
  {
    camera: Type.Object(
      {
        status: CheckStatus,
        /** Frames seen from the camera in the preview. */
        framesSeen: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
      },
      { additionalProperties: false },
    ),
    microphone: Type.Object(
      {
        status: CheckStatus,
        /** Highest input level seen, 0–1. */
        peakLevel: Type.Number({ minimum: 0, maximum: 1 }),
      },
      { additionalProperties: false },
    ),
    speaker: Type.Object({ status: CheckStatus }, { additionalProperties: false }),
    connection: Type.Object(
      {
        status: CheckStatus,
        signalling: Type.Boolean(),
        webrtc: Type.Boolean(),
        /** How media flows: directly over UDP, only over TCP, only through TURN, or not at all. */
        protocol: Type.Union([Type.Literal('udp'), Type.Literal('tcp'), Type.Literal('turn'), Type.Literal('none')]),
        publishAudio: Type.Boolean(),
        publishVideo: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    network: Type.Object(
      {
        uploadKbps: Nullable(Type.Number({ minimum: 0, maximum: 10_000_000 })),
        downloadKbps: Nullable(Type.Number({ minimum: 0, maximum: 10_000_000 })),
        rttMs: Nullable(Type.Number({ minimum: 0, maximum: 60_000 })),
        packetLossPercent: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type DeviceCheckMeasurement = Static<typeof DeviceCheckMeasurement>

/** The stored result as the participant and the advisor see it. */
export const DeviceCheckResult = Type.Object({
  overall: Traffic,
  measurement: DeviceCheckMeasurement,
  browser: Nullable(Type.String()),
  os: Nullable(Type.String()),
  deviceType: Nullable(Type.String()),
  checkedAt: Type.String({ format: 'date-time' }),
})
export type DeviceCheckResult = Static<typeof DeviceCheckResult>

/** Below this either way, video calls stutter: the result turns yellow. */
export const LOW_BANDWIDTH_KBPS = 600

/**
 * The traffic light of a device check, the same in the browser and on the server:
 * red = cannot take part (no connection to the media server, or no microphone);
 * yellow = works with limits (no camera → audio only, TCP/TURN only, low bandwidth,
 * speaker not confirmed); green = everything fine.
 */
export function classifyDeviceCheck(m: DeviceCheckMeasurement): Traffic {
  const connected = m.connection.signalling && m.connection.webrtc && m.connection.protocol !== 'none'
  if (!connected || m.connection.status === 'failed') return 'red'
  if (m.microphone.status === 'failed' || m.microphone.status === 'skipped' || !m.connection.publishAudio) return 'red'
  const low = (kbps: number | null) => kbps !== null && kbps < LOW_BANDWIDTH_KBPS
  const limited =
    m.camera.status !== 'ok' ||
    !m.connection.publishVideo ||
    m.speaker.status !== 'ok' ||
    m.microphone.status === 'limited' ||
    m.connection.status === 'limited' ||
    m.connection.protocol !== 'udp' ||
    low(m.network.uploadKbps) ||
    low(m.network.downloadKbps)
  return limited ? 'yellow' : 'green'
}
