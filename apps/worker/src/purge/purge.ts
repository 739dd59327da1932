import type { Db } from '@videotermin/db'
import { sql } from 'kysely'

export interface PurgeOptions {
  now: Date
  /** Appointments (or rows) per transaction, about: short transactions keep locks short. */
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

/**
 * Whether appointment `a` (with its organisation `o`) is due for the purge: its end (or
 * cancellation) lies more than the retention period back, and its day's statistics are final
 * (a cancelled one needs none).
 */
const isDue = (now: Date) => sql<boolean>`
  (case when a.status = 'cancelled' then least(a.updated_at, a.starts_at + make_interval(mins => a.duration_minutes))
        else a.starts_at + make_interval(mins => a.duration_minutes) end)
    + make_interval(days => o.retention_days) <= ${now}
  and (a.status = 'cancelled' or exists (
    select 1 from daily_statistics d
    where d.organisation_id = a.organisation_id and d.final
      and d.day = (a.starts_at at time zone o.time_zone)::date))`

/** Blocks without a counted row that a range may span rather than end before them. */
const MAX_GAP = 8

/**
 * Ranges of heap blocks, [from, to), in order, each holding up to about `size` of the counted
 * rows (a block holding more is a range of its own); a longer run of blocks without any ends
 * a range, so no range scans much that holds nothing.
 */
export function blockRanges(blocks: { block: number; n: number }[], size: number): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = []
  let from: number | undefined
  let n = 0
  for (const [i, b] of blocks.entries()) {
    from ??= b.block
    n += b.n
    const next = blocks[i + 1]
    if (!next || n + next.n > size || next.block - b.block > MAX_GAP + 1) {
      ranges.push({ from, to: b.block + 1 })
      from = undefined
      n = 0
    }
  }
  return ranges
}

const pause = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve())

/**
 * Deletes the personal data whose retention period is over (DESIGN.md, "Data and privacy"):
 *
 * - Participants of an appointment whose end (or cancellation) lies more than the
 *   organisation's `retention_days` back: the rows are deleted, and with them (the trigger
 *   `participants_delete_children`, migration 2200) their device checks, sessions, outbox
 *   rows and presence. Names, e-mail, customer number, language, consent record, link
 *   hashes and sealed tokens all live in those rows. The appointment row stays (time,
 *   duration, status, organisation: no personal data) and is marked `purged_at`, so the
 *   statistics keep counting it.
 * - Device checks collected more than `retention_days` ago, even when the appointment is
 *   still ahead (booked weeks in advance).
 * - Expired participant and staff sessions.
 *
 * Only appointments whose day has final statistics are purged (cancelled ones also before),
 * so nothing is lost to the statistics; run aggregateDailyStatistics first. Works in batches
 * of about `batchSize` appointments, each one statement and its own short transaction, so a
 * crash loses at most the batch under way and the next run finishes the rest. Idempotent: a
 * second run finds nothing to do.
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

  // The appointments not yet purged go in storage order, block range by block range. Rows
  // written together (an appointment, its participants, their mails, checks and sessions) lie
  // together, so a batch touches few pages, each once; batches of ids in random order touched
  // nearly every page of every table in every batch: a read, a write and, after each
  // checkpoint, a full page image in the WAL, per row. Which heap blocks hold such
  // appointments, and how many each, comes from the participants: their rows exist only until
  // the purge, so this reads what is left to do, never the whole history. (An appointment
  // without participants has nothing to purge and is not marked.)
  const blocks = await sql<{ block: number; n: number }>`
    select (a.ctid::text::point)[0]::int as block, count(*)::int as n
    from (select distinct appointment_id from participants) p
    join appointments a on a.id = p.appointment_id
    where a.purged_at is null
    group by 1 order by 1`.execute(db)
  for (const range of blockRanges(blocks.rows, batchSize)) {
    // One statement, so one short transaction per batch: the appointments of these blocks that
    // are due are marked (and locked), their presence and participants deleted; the trigger
    // participants_delete_children takes the participants' device checks, sessions, outbox
    // rows and presence with them, one statement per table for the whole batch.
    const result = await sql<{ appointments: string; participants: string }>`
      with marked as (
        update appointments a set purged_at = ${now}
        from organisations o
        where a.ctid >= ${`(${range.from},0)`}::tid and a.ctid < ${`(${range.to},0)`}::tid
          and a.purged_at is null and o.id = a.organisation_id and ${isDue(now)}
        returning a.id
      ), presence as (
        delete from call_presence where appointment_id = any(array(select id from marked))
      ), gone as (
        delete from participants where appointment_id = any(array(select id from marked)) returning 1
      )
      select (select count(*) from marked) as appointments, (select count(*) from gone) as participants`.execute(db)
    const row = result.rows[0]
    counts.appointments += Number(row?.appointments ?? 0)
    counts.participants += Number(row?.participants ?? 0)
    if (Number(row?.appointments ?? 0) > 0) await pause(options.pauseMs ?? 0)
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
