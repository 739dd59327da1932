import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import type { AppDeps } from '../../deps.ts'
import { organisationOfAppointment, recordRoomFinished } from './call-events.repository.ts'
import { announceRoomClosed, roomNameFor } from './room.service.ts'

/** How often the replicas look for calls whose room LiveKit no longer has (one of them does). */
export const LOST_CALL_SWEEP_MS = 5 * 60_000
/** The Redis key the replicas claim a period's sweep with. */
export const LOST_CALL_SWEEP_LEASE_KEY = 'videotermin:lease:lost-call-sweep'
/** A call this young is left alone: its room may still be on the way. */
const STARTED_AT_LEAST_MS = 2 * 60_000
/** Enough for every call one deployment runs at once; more wait for the next sweep. */
const MAX_CALLS_PER_SWEEP = 500

type SweepDeps = Pick<AppDeps, 'db' | 'rooms' | 'events' | 'now'>

export interface SweepSchedule {
  everyMs: number
  leaseKey: string
}

/**
 * The call is over: presence closed, the end recorded, every replica forgets the room and the
 * live views hear of it. What LiveKit's room_finished webhook sets off, and the lost-call
 * sweep for a room that went without one.
 */
export async function endCall(deps: SweepDeps, appointmentId: string, at: Date): Promise<void> {
  await recordRoomFinished(deps.db, appointmentId, at)
  await announceRoomClosed(deps, appointmentId)
  const organisationId = await organisationOfAppointment(deps.db, appointmentId)
  if (organisationId) await deps.events.publish({ type: 'appointment-changed', appointmentId }, organisationId)
}

/**
 * A LiveKit node that dies takes its rooms with it and sends no webhook. When nobody rejoins
 * (everybody closed the page, or the appointment's time is over, so no new token), the call
 * would stay "in progress" for ever: in the live view, in the calls-in-progress gauge, and
 * without a duration in the statistics. This asks LiveKit about every call the database has
 * running and ends those whose room LiveKit does not know, at the last moment anyone was seen
 * in it (so the recorded duration is at most too short, never too long). Only a successful
 * answer from LiveKit ends anything; idempotent, so two replicas running it at once do no harm.
 * Returns the number of calls it ended.
 */
export async function endLostCalls(deps: SweepDeps): Promise<number> {
  const startedBefore = new Date(deps.now().getTime() - STARTED_AT_LEAST_MS)
  const open = await deps.db
    .selectFrom('appointments as a')
    .leftJoin('call_presence as cp', 'cp.appointment_id', 'a.id')
    .select(['a.id', sql<Date>`greatest(a.call_started_at, max(cp.joined_at), max(cp.left_at))`.as('last_seen')])
    .where('a.call_started_at', 'is not', null)
    .where('a.call_ended_at', 'is', null)
    .where('a.call_started_at', '<', startedBefore)
    .groupBy('a.id')
    .orderBy('a.call_started_at')
    .limit(MAX_CALLS_PER_SWEEP)
    .execute()
  if (open.length === 0) return 0
  const live = new Set((await deps.rooms.listRooms(open.map((call) => roomNameFor(call.id)))).map((room) => room.name))
  let ended = 0
  for (const call of open) {
    if (live.has(roomNameFor(call.id))) continue
    await endCall(deps, call.id, call.last_seen)
    ended += 1
  }
  return ended
}

/**
 * One period's sweep, by the replica that claims the period first (SET NX PX in Redis); the
 * others skip it. The claim lapses shortly before the next period, so whichever replica's
 * timer fires first then takes that one, and another replica does once that one is gone.
 * Returns the number of calls ended, or null when another replica has the period.
 */
export async function sweepIfFirst(
  deps: SweepDeps & Pick<AppDeps, 'redis'>,
  schedule: SweepSchedule,
): Promise<number | null> {
  const leaseMs = Math.max(1, schedule.everyMs - Math.min(10_000, schedule.everyMs / 10))
  const claimed = await deps.redis.set(schedule.leaseKey, '1', 'PX', leaseMs, 'NX')
  if (claimed !== 'OK') return null
  return endLostCalls(deps)
}

/** Runs the sweep every period on whichever replica claims it; logs counts only. Stop it before closing the pools. */
export function startLostCallSweep(
  deps: SweepDeps & Pick<AppDeps, 'redis'>,
  log: FastifyBaseLogger,
  schedule: SweepSchedule = { everyMs: LOST_CALL_SWEEP_MS, leaseKey: LOST_CALL_SWEEP_LEASE_KEY },
) {
  let running: Promise<void> | undefined
  const sweep = () => {
    running ??= sweepIfFirst(deps, schedule)
      .then((ended) => {
        if (ended) log.info({ ended }, 'ended calls whose LiveKit room was lost')
      })
      .catch((error: unknown) =>
        log.warn({ code: (error as { code?: string }).code ?? (error as Error).name }, 'lost-call sweep failed'),
      )
      .finally(() => {
        running = undefined
      })
  }
  const timer = setInterval(sweep, schedule.everyMs).unref()
  return {
    stop: async () => {
      clearInterval(timer)
      await running
    },
  }
}
