import { type Db, type OutboxKind, organisationContact } from '@videotermin/db'
import { isLanguage } from '@videotermin/i18n'
import { openToken, personalLinkUrl } from '@videotermin/links'
import { calendarInvite } from './calendar.ts'
import { renderMail } from './mail.template.ts'
import { composeMessage } from './mime-message.ts'
import { lockOutboxRow, type OutboxMailRow } from './outbox-send.repository.ts'
import type { MailSender } from './smtp-sender.ts'

/** Whose mail it is, by id: what the staff's live view needs to hear that it went out or failed. */
export interface MailOwner {
  organisationId: string
  appointmentId: string
  participantId: string
}

export interface SendDeps {
  db: Db
  mailer: MailSender
  mailFrom: string
  publicUrl: string
  linkEncryptionKey: string
  now?: () => Date
  /** Told after a mail was sent or given up on; must not throw (the mail's state is committed). */
  announce?: (owner: MailOwner) => void
}

/**
 * sent: went out now; already-sent: an earlier run sent it (or gave up on it); obsolete: the
 * appointment moved on (rescheduled, cancelled, over) and the mail would tell an outdated
 * state, so it never goes out; not-due: a reminder whose time has not come; gone: the row
 * was purged.
 */
export type SendOutcome = 'sent' | 'already-sent' | 'obsolete' | 'not-due' | 'gone'

/** What the sender knows at send time about a mail and its appointment. */
export interface MailState {
  kind: OutboxKind
  sequence: number
  dueAt: Date | null
  appointment: {
    status: 'scheduled' | 'cancelled'
    sequence: number
    startsAt: Date
    endsAt: Date
    endedAt: Date | null
  }
}

/**
 * Whether a mail still describes the appointment as it is. A change raises the appointment's
 * sequence, which makes every update and reminder written before it obsolete (the change
 * wrote new ones); nothing but the cancellation goes out for a cancelled or finished
 * appointment, and no reminder after the start.
 */
export function mailDecision(mail: MailState, now: Date): 'send' | 'obsolete' | 'not-due' {
  const a = mail.appointment
  if (mail.kind === 'cancellation') return a.status === 'cancelled' ? 'send' : 'obsolete'
  if (a.status === 'cancelled' || a.endedAt || a.endsAt <= now) return 'obsolete'
  if (mail.sequence < a.sequence) return 'obsolete'
  if (mail.kind === 'reminder') {
    if (a.startsAt <= now) return 'obsolete'
    if (mail.dueAt && mail.dueAt.getTime() > now.getTime() + 5_000) return 'not-due'
  }
  return 'send'
}

/** Thrown for a refusal that no retry can fix (mailbox unknown, key changed): no further attempts. */
export class PermanentSendError extends Error {
  readonly code: string
  constructor(code: string) {
    super(code)
    this.code = code
  }
}

/** `Name <a@b>` → name and address; a bare `a@b` has no name. */
export function parseMailFrom(mailFrom: string): { name: string; address: string } {
  const match = mailFrom.match(/^\s*(.*?)\s*<([^>]+)>\s*$/)
  if (!match) return { name: '', address: mailFrom.trim() }
  return { name: (match[1] ?? '').replace(/^"(.*)"$/, '$1'), address: (match[2] ?? '').trim() }
}

/**
 * Sends the e-mail of one outbox row. The row stays locked while the mail goes out and is
 * marked sent in the same transaction, so a second run of this job (retry, duplicate
 * delivery, second worker) finds it sent and does nothing. Before sending, the row is
 * checked against the appointment as it is now: an outdated mail is marked obsolete instead.
 */
export async function sendOutboxEmail(deps: SendDeps, outboxId: string): Promise<SendOutcome> {
  const now = deps.now?.() ?? new Date()
  const locked = await lockOutboxRow(deps.db, outboxId)
  if (!locked) return 'gone'
  try {
    const row = locked.row
    if (row.sent_at || row.obsolete_at || row.failed_at) {
      await locked.commit(null, now)
      return 'already-sent'
    }
    const decision = mailDecision(
      {
        kind: row.kind,
        sequence: row.sequence,
        dueAt: row.due_at,
        appointment: {
          status: row.status,
          sequence: row.appointment_sequence,
          startsAt: row.starts_at,
          endsAt: new Date(row.starts_at.getTime() + row.duration_minutes * 60_000),
          endedAt: row.ended_at,
        },
      },
      now,
    )
    if (decision !== 'send') {
      await locked.commit(decision === 'obsolete' ? 'obsolete' : null, now)
      return decision
    }
    const sender = parseMailFrom(deps.mailFrom)
    const raw = composeMail(deps, row, sender, now)
    try {
      await deps.mailer.send({ from: sender.address, to: row.email }, raw)
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode
      // 5xx: the server refuses for good (unknown mailbox, policy); retrying cannot help.
      if (code && code >= 500 && code < 600) throw new PermanentSendError(`smtp_${code}`)
      throw error
    }
    await locked.commit('sent', now)
    deps.announce?.({
      organisationId: row.organisation_id,
      appointmentId: row.appointment_id,
      participantId: row.participant_id,
    })
    return 'sent'
  } finally {
    // Whatever went wrong before the commit: the row stays unsent and unlocked for the retry.
    await locked.rollback()
  }
}

/** The whole message of an outbox row: texts from the catalogue, calendar entry, MIME. */
function composeMail(deps: SendDeps, row: OutboxMailRow, sender: { name: string; address: string }, now: Date) {
  let link: string | null = null
  if (row.kind !== 'cancellation') {
    // Rows written before the token moved to the participant still carry their own copy.
    const sealed = row.participant_token_sealed ?? row.outbox_token_sealed
    if (!sealed) throw new PermanentSendError('no_link_token')
    try {
      link = personalLinkUrl(deps.publicUrl, openToken(sealed, deps.linkEncryptionKey))
    } catch {
      throw new PermanentSendError('link_token_unreadable')
    }
  }
  const language = isLanguage(row.language) ? row.language : 'de'
  const recipientName = `${row.first_name} ${row.last_name}`
  const message = renderMail({
    kind: row.kind,
    language,
    recipientName,
    organisation: organisationContact(row),
    startsAt: row.starts_at,
    durationMinutes: row.duration_minutes,
    link,
  })
  const invite = calendarInvite({
    appointmentId: row.appointment_id,
    sequence: row.appointment_sequence,
    cancelled: row.kind === 'cancellation',
    startsAt: row.starts_at,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
    summary: message.calendar.summary,
    description: message.calendar.description,
    url: link,
    organiser: { name: row.organisation_name, email: row.support_email ?? sender.address },
    attendee: { name: recipientName, email: row.email },
    stamp: now,
  })
  try {
    return composeMessage({
      from: sender,
      to: { name: recipientName, address: row.email },
      subject: message.subject,
      text: message.text,
      html: message.html,
      // Goes in as a `text/calendar; method=REQUEST|CANCEL` part, with which mail clients offer
      // to add, update or remove the entry (matched by UID, newer SEQUENCE wins).
      calendar: { method: invite.method, filename: 'termin.ics', content: invite.content },
      // Stable per outbox row: should a crash make us send twice, clients can tell.
      messageId: `<outbox-${row.id}@videotermin>`,
      date: now,
    })
  } catch {
    // An address no SMTP server would take (the API checks them; rows written otherwise may not be).
    throw new PermanentSendError('address_invalid')
  }
}

/**
 * Records a failed attempt without the error text, which may quote the address. After the
 * last one (`final`) returns whose mail it was, for the live view.
 */
export async function recordSendFailure(
  db: Db,
  outboxId: string,
  errorCode: string,
  options: { final: boolean },
): Promise<MailOwner | undefined> {
  const failed = await db
    .updateTable('outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: errorCode.slice(0, 64),
      ...(options.final ? { failed_at: new Date(), link_token_sealed: null } : {}),
    }))
    .where('id', '=', outboxId)
    .where('sent_at', 'is', null)
    .returning('participant_id')
    .executeTakeFirst()
  if (!options.final || !failed) return undefined
  const owner = await db
    .selectFrom('participants as p')
    .innerJoin('appointments as a', 'a.id', 'p.appointment_id')
    .select(['a.organisation_id', 'a.id as appointment_id', 'p.id as participant_id'])
    .where('p.id', '=', failed.participant_id)
    .executeTakeFirst()
  return (
    owner && {
      organisationId: owner.organisation_id,
      appointmentId: owner.appointment_id,
      participantId: owner.participant_id,
    }
  )
}
