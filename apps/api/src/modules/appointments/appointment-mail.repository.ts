import type { DeliveryStatus } from '@videotermin/contracts'
import type { Database, Db, OutboxKind } from '@videotermin/db'
import { type Kysely, sql, type Transaction } from 'kysely'

type Executor = Db | Transaction<Database>

export interface OutboxInsert {
  kind: OutboxKind
  participantId: string
  sequence: number
  dueAt?: Date
}

/** Writes mails for the worker; call inside the transaction that changes the appointment. */
export async function insertOutboxRows(trx: Executor, rows: OutboxInsert[]): Promise<void> {
  if (rows.length === 0) return
  await trx
    .insertInto('outbox')
    .values(
      rows.map((row) => ({
        kind: row.kind,
        participant_id: row.participantId,
        sequence: row.sequence,
        due_at: row.dueAt ?? null,
      })),
    )
    .execute()
}

/** Wakes the worker's outbox relay at once instead of at its next poll (sent on commit). */
export async function notifyOutbox(trx: Executor): Promise<void> {
  await sql`notify outbox`.execute(trx)
}

/** The organisation's reminder offsets in minutes before the start (default 24 h and 1 h). */
export async function reminderOffsets(trx: Executor, organisationId: string): Promise<number[]> {
  const row = await trx
    .selectFrom('organisations')
    .select('reminder_offsets_minutes')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow()
  return row.reminder_offsets_minutes
}

/**
 * One reminder per participant and offset, for the offsets still ahead: a reminder whose
 * time has already passed (booked or moved at short notice) is not written at all.
 */
export function reminderRows(
  participantIds: string[],
  options: { startsAt: Date; offsetsMinutes: number[]; sequence: number; now: Date },
): OutboxInsert[] {
  const dueTimes = [...new Set(options.offsetsMinutes)]
    .map((minutes) => new Date(options.startsAt.getTime() - minutes * 60_000))
    .filter((dueAt) => dueAt.getTime() > options.now.getTime() + 60_000)
  return participantIds.flatMap((participantId) =>
    dueTimes.map((dueAt) => ({ kind: 'reminder' as const, participantId, sequence: options.sequence, dueAt })),
  )
}

/**
 * Marks every mail of these participants that has not gone out yet as obsolete, except the
 * kinds kept. A row the worker is sending right now is locked: this waits for it, then sees
 * it sent and leaves it alone.
 */
export async function obsoleteUnsentMails(
  trx: Executor,
  participantIds: string[],
  kinds: OutboxKind[],
  now: Date,
): Promise<void> {
  if (participantIds.length === 0) return
  await trx
    .updateTable('outbox')
    .set({ obsolete_at: now, link_token_sealed: null })
    .where('participant_id', 'in', participantIds)
    .where('kind', 'in', kinds)
    .where('sent_at', 'is', null)
    .where('obsolete_at', 'is', null)
    .where('failed_at', 'is', null)
    .execute()
}

/**
 * Invitations not sent yet are simply brought to the new sequence: they will show the new
 * time, so these participants need no separate update mail. Returns whom that covers.
 */
export async function refreshUnsentInvitations(
  trx: Executor,
  participantIds: string[],
  sequence: number,
): Promise<Set<string>> {
  if (participantIds.length === 0) return new Set()
  const rows = await trx
    .updateTable('outbox')
    .set({ sequence })
    .where('participant_id', 'in', participantIds)
    .where('kind', '=', 'invitation')
    .where('sent_at', 'is', null)
    .where('obsolete_at', 'is', null)
    .where('failed_at', 'is', null)
    .returning('participant_id')
    .execute()
  return new Set(rows.map((r) => r.participant_id))
}

/** Participants who have been sent at least one mail about this appointment. */
export async function participantsWithSentMail(trx: Executor, participantIds: string[]): Promise<Set<string>> {
  if (participantIds.length === 0) return new Set()
  const rows = await trx
    .selectFrom('outbox')
    .select('participant_id')
    .distinct()
    .where('participant_id', 'in', participantIds)
    .where('sent_at', 'is not', null)
    .execute()
  return new Set(rows.map((r) => r.participant_id))
}

/**
 * Per participant, the state of their latest mail that is due: sent, failed (given up), or
 * pending (waiting or being retried). Reminders count only from their due time; obsolete
 * mails not at all. A participant with nothing due yet counts as sent.
 */
export async function deliveryStatuses(
  db: Kysely<Database>,
  participantIds: string[],
  now: Date,
): Promise<Map<string, DeliveryStatus>> {
  const statuses = new Map<string, DeliveryStatus>()
  if (participantIds.length === 0) return statuses
  const rows = await db
    .selectFrom('outbox')
    .select(['participant_id', 'sent_at', 'failed_at'])
    .distinctOn('participant_id')
    .where('participant_id', 'in', participantIds)
    .where('obsolete_at', 'is', null)
    .where(sql<Date>`coalesce(due_at, created_at)`, '<=', now)
    .orderBy('participant_id')
    .orderBy(sql`coalesce(due_at, created_at)`, 'desc')
    .execute()
  for (const row of rows) {
    statuses.set(row.participant_id, row.failed_at ? 'failed' : row.sent_at ? 'sent' : 'pending')
  }
  return statuses
}

/** The worst delivery status over each appointment's participants: failed, else pending, else sent. */
export async function deliverySummaries(
  db: Kysely<Database>,
  appointmentIds: string[],
  now: Date,
): Promise<Map<string, DeliveryStatus>> {
  const summaries = new Map<string, DeliveryStatus>()
  if (appointmentIds.length === 0) return summaries
  const participants = await db
    .selectFrom('participants')
    .select(['id', 'appointment_id'])
    .where('appointment_id', 'in', appointmentIds)
    .execute()
  const statuses = await deliveryStatuses(
    db,
    participants.map((p) => p.id),
    now,
  )
  const rank = { sent: 0, pending: 1, failed: 2 } as const
  for (const id of appointmentIds) summaries.set(id, 'sent')
  for (const p of participants) {
    const status = statuses.get(p.id) ?? 'sent'
    const current = summaries.get(p.appointment_id) ?? 'sent'
    if (rank[status] > rank[current]) summaries.set(p.appointment_id, status)
  }
  return summaries
}
