import type { Db } from '@videotermin/db'
import { isLanguage } from '@videotermin/i18n'
import { openToken, personalLinkUrl } from '@videotermin/links'
import type { Transporter } from 'nodemailer'
import { renderInvitation } from './invitation.template.ts'

export interface SendDeps {
  db: Db
  mailer: Transporter
  mailFrom: string
  publicUrl: string
  linkEncryptionKey: string
}

export type SendOutcome = 'sent' | 'already-sent' | 'gone'

/**
 * Sends the e-mail of one outbox row. The row stays locked while the mail goes out and is
 * marked sent in the same transaction, so a second run of this job (retry, duplicate
 * delivery, second worker) finds it sent and does nothing.
 */
export async function sendOutboxEmail(deps: SendDeps, outboxId: string): Promise<SendOutcome> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('outbox as ob')
      .innerJoin('participants as p', 'p.id', 'ob.participant_id')
      .innerJoin('appointments as a', 'a.id', 'p.appointment_id')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .select([
        'ob.id',
        'ob.sent_at',
        'ob.link_token_sealed',
        'p.first_name',
        'p.last_name',
        'p.email',
        'p.language',
        'a.starts_at',
        'a.duration_minutes',
        'o.name as organisation_name',
        'o.address',
        'o.website',
        'o.support_phone',
        'o.support_hours',
        'o.support_email',
        'o.time_zone',
      ])
      .where('ob.id', '=', outboxId)
      .forUpdate('ob')
      .executeTakeFirst()
    if (!row) return 'gone'
    if (row.sent_at || !row.link_token_sealed) return 'already-sent'

    const token = openToken(row.link_token_sealed, deps.linkEncryptionKey)
    const message = renderInvitation({
      language: isLanguage(row.language) ? row.language : 'de',
      recipientName: `${row.first_name} ${row.last_name}`,
      organisation: {
        name: row.organisation_name,
        address: row.address,
        website: row.website,
        supportPhone: row.support_phone,
        supportHours: row.support_hours,
        supportEmail: row.support_email,
        timeZone: row.time_zone,
      },
      startsAt: row.starts_at,
      durationMinutes: row.duration_minutes,
      link: personalLinkUrl(deps.publicUrl, token),
    })
    await deps.mailer.sendMail({
      from: deps.mailFrom,
      to: { name: `${row.first_name} ${row.last_name}`, address: row.email },
      subject: message.subject,
      text: message.text,
      html: message.html,
      // Stable per outbox row: should a crash make us send twice, clients can tell.
      messageId: `<outbox-${row.id}@videotermin>`,
    })
    await trx
      .updateTable('outbox')
      .set((eb) => ({
        sent_at: new Date(),
        link_token_sealed: null,
        last_error: null,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', row.id)
      .execute()
    return 'sent'
  })
}

/** Records a failed attempt without the error text, which may quote the address. */
export async function recordSendFailure(db: Db, outboxId: string, errorCode: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: errorCode.slice(0, 64) }))
    .where('id', '=', outboxId)
    .execute()
}
