import type { Db } from '@videotermin/db'
import { sql } from 'kysely'

export interface PurgeOptions {
  now: Date
  /** Appointments (or rows) per transaction: short transactions keep locks short. */
  batchSize?: number
  /** Pause between batches, so the API's queries get the database in between. */
  pauseMs?: number
}

export interface PurgeCounts {
  appointments: number
  participants: number
  deviceChecks: number
  participantSessions: number
  staffSessions: number
}

const pause = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve())

/**
 * Deletes the personal data whose retention period is over (DESIGN.md, "Data and privacy"):
 *
 * - Participants of an appointment whose end (or cancellation) lies more than the
 *   organisation's `retention_days` back: the rows are deleted, and with them (cascade) their
 *   device checks, sessions, outbox rows and presence. Names, e-mail, customer number,
 *   language, consent record, link hashes and sealed tokens all live in those rows. The
 *   appointment row stays (time, duration, status, organisation: no personal data) and is
 *   marked `purged_at`, so the statistics keep counting it.
 * - Device checks collected more than `retention_days` ago, even when the appointment is
 *   still ahead (booked weeks in advance).
 * - Expired participant and staff sessions.
 *
 * Only appointments whose day has final statistics are purged (cancelled ones also before),
 * so nothing is lost to the statistics; run aggregateDailyStatistics first. Works in small
 * batches, each its own short transaction. Idempotent: a second run finds nothing to do.
 */
export async function purgeExpiredPersonalData(db: Db, options: PurgeOptions): Promise<PurgeCounts> {
  const { now } = options
  const batchSize = options.batchSize ?? 2000
  const counts: PurgeCounts = {
    appointments: 0,
    participants: 0,
    deviceChecks: 0,
    participantSessions: 0,
    staffSessions: 0,
  }

  // Keyset over the appointments not yet purged, in windows of `batchSize` read in id order
  // from the partial index (never a scan of the whole table per batch); the due ones of each
  // window go in one short transaction.
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const window = await sql<{ id: string; due: boolean }>`
      select a.id,
        (case when a.status = 'cancelled' then least(a.updated_at, a.starts_at + make_interval(mins => a.duration_minutes))
              else a.starts_at + make_interval(mins => a.duration_minutes) end)
          + make_interval(days => o.retention_days) <= ${now}
        and (a.status = 'cancelled' or exists (
          select 1 from daily_statistics d
          where d.organisation_id = a.organisation_id and d.final
            and d.day = (a.starts_at at time zone o.time_zone)::date)) as due
      from (
        select id, organisation_id, status, updated_at, starts_at, duration_minutes from appointments
        where purged_at is null and id > ${after}::uuid
        order by id
        limit ${batchSize}
      ) a
      join organisations o on o.id = a.organisation_id
      order by a.id`.execute(db)
    const last = window.rows.at(-1)
    if (!last) break
    after = last.id
    const ids = window.rows.filter((r) => r.due).map((r) => r.id)
    if (ids.length > 0) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('call_presence').where('appointment_id', 'in', ids).execute()
        const deleted = await trx.deleteFrom('participants').where('appointment_id', 'in', ids).executeTakeFirst()
        counts.participants += Number(deleted.numDeletedRows)
        const marked = await trx
          .updateTable('appointments')
          .set({ purged_at: now })
          .where('id', 'in', ids)
          .where('purged_at', 'is', null)
          .executeTakeFirst()
        counts.appointments += Number(marked.numUpdatedRows)
      })
      await pause(options.pauseMs ?? 0)
    }
    if (window.rows.length < batchSize) break
  }

  counts.deviceChecks += await deleteInBatches(
    db,
    batchSize,
    options.pauseMs ?? 0,
    (limit) => sql<{ n: string }>`
      with doomed as (
        select dc.id from device_checks dc
        join participants p on p.id = dc.participant_id
        join appointments a on a.id = p.appointment_id
        join organisations o on o.id = a.organisation_id
        where dc.created_at + make_interval(days => o.retention_days) <= ${now}
        limit ${limit})
      , gone as (delete from device_checks where id in (select id from doomed) returning 1)
      select count(*) as n from gone`,
  )
  counts.participantSessions += await deleteInBatches(
    db,
    batchSize,
    options.pauseMs ?? 0,
    (limit) => sql<{ n: string }>`
      with gone as (delete from participant_sessions where id_hash in (
        select id_hash from participant_sessions where expires_at <= ${now} limit ${limit}) returning 1)
      select count(*) as n from gone`,
  )
  counts.staffSessions += await deleteInBatches(
    db,
    batchSize,
    options.pauseMs ?? 0,
    (limit) => sql<{ n: string }>`
      with gone as (delete from staff_sessions where id_hash in (
        select id_hash from staff_sessions where expires_at <= ${now} limit ${limit}) returning 1)
      select count(*) as n from gone`,
  )
  return counts
}

async function deleteInBatches(
  db: Db,
  batchSize: number,
  pauseMs: number,
  statement: (limit: number) => ReturnType<typeof sql<{ n: string }>>,
): Promise<number> {
  let total = 0
  for (;;) {
    const result = await statement(batchSize).execute(db)
    const n = Number(result.rows[0]?.n ?? 0)
    total += n
    if (n < batchSize) return total
    await pause(pauseMs)
  }
}
