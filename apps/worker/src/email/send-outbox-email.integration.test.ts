import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../tests/support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../../../../tests/support/inbox.ts'
import { freePort } from '../../../../tests/support/mail-pipeline.ts'
import { testEnv } from '../../../../tests/support/test-env.ts'
import { bookAppointment } from '../../../api/src/modules/appointments/booking.service.ts'
import { recordSendFailure, sendOutboxEmail } from './send-outbox-email.job.ts'
import { createMailSender } from './smtp-sender.ts'

describe('sending an outbox e-mail over real SMTP (Mailpit)', () => {
  const db = openTestDb()
  const mailer = createMailSender(testEnv.SMTP_URL, { connections: 2 })
  afterAll(async () => {
    mailer.close()
    await db.destroy()
  })
  /** Books through the API's own booking service, for a new organisation and advisor. */
  async function book(
    citizen: Parameters<typeof bookAppointment>[2]['citizen'],
    options: { inDays: number; durationMinutes: number },
  ) {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const booked = await bookAppointment(
      { db, linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY, publicUrl: testEnv.PUBLIC_URL, now: new Date() },
      { userId: advisor.id, organisationId: organisation.id, role: 'advisor' },
      {
        citizen,
        startsAt: new Date(Date.now() + options.inDays * 86_400_000).toISOString(),
        durationMinutes: options.durationMinutes,
      },
    )
    return { organisation, booked }
  }

  const deps = () => ({
    db,
    mailer,
    mailFrom: 'Test <noreply@test.example>',
    publicUrl: testEnv.PUBLIC_URL,
    linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY,
  })

  const outboxRow = (id: string) => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  /** The id of a participant's first outbox row of a kind. */
  const outboxIdOf = async (participantId: string, kind: 'invitation' | 'reminder') =>
    (
      await db
        .selectFrom('outbox')
        .select('id')
        .where('participant_id', '=', participantId)
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow()
    ).id

  it('sends the invitation with the personal link exactly once, however often the job runs', async () => {
    const email = `citizen-${randomUUID()}@test.example`
    const { organisation, booked } = await book(
      { firstName: 'Kim', lastName: 'Versand', email, language: 'en' },
      { inDays: 1, durationMinutes: 45 },
    )
    // The booking also wrote a reminder (1 h before), which is not due yet.
    const outboxId = await outboxIdOf(booked.participantId, 'invitation')
    // The stack's own worker may pick the row up too; concurrent and repeated runs must
    // still deliver one e-mail in total.
    const outcomes = await Promise.all([sendOutboxEmail(deps(), outboxId), sendOutboxEmail(deps(), outboxId)])
    outcomes.push(await sendOutboxEmail(deps(), outboxId))
    expect(outcomes.filter((o) => o === 'sent').length).toBeLessThanOrEqual(1)
    expect(outcomes.every((o) => o === 'sent' || o === 'already-sent')).toBe(true)

    const mails = await waitForMail(email)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(await waitForMail(email)).toHaveLength(1)
    const [mail] = mails
    expect(mail?.Subject).toContain(organisation.name)
    expect(personalLinkIn(mail?.Text ?? '')).toBe(booked.personalLink)
    expect(mail?.HTML).toContain(booked.personalLink)
    expect(mail?.Text).toContain('Kim Versand')
    expect(mail?.Text).toContain('45 minutes')

    const row = await outboxRow(outboxId)
    expect(row.sent_at).toBeInstanceOf(Date)
    // Once sent, the only copy of the link's secret is in the citizen's mailbox.
    expect(row.link_token_sealed).toBeNull()
  })

  /** A booked appointment and an update mail of its own, marked enqueued so the stack's worker leaves it alone. */
  async function ownUpdateRow() {
    const email = `citizen-${randomUUID()}@test.example`
    const { booked } = await book(
      // Quotes, umlauts and a comma: the name must come through the headers intact.
      { firstName: 'Jörg "Jo"', lastName: 'Müller, Jr.', email, language: 'de' },
      { inDays: 1, durationMinutes: 30 },
    )
    const row = await db
      .insertInto('outbox')
      .values({ kind: 'update', participant_id: booked.participantId, sequence: 0, enqueued_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow()
    const appointment = await db
      .selectFrom('participants')
      .select('appointment_id')
      .where('id', '=', booked.participantId)
      .executeTakeFirstOrThrow()
    return { id: row.id, email, appointmentId: appointment.appointment_id }
  }

  it('leaves the row unsent and unlocked when the SMTP server cannot be reached, and sends it on the next run', async () => {
    const { id, email } = await ownUpdateRow()
    const unreachable = createMailSender(`smtp://127.0.0.1:${await freePort()}`, { connections: 1 })
    try {
      await expect(sendOutboxEmail({ ...deps(), mailer: unreachable }, id)).rejects.toThrow()
    } finally {
      unreachable.close()
    }
    const after = await outboxRow(id)
    expect(after.sent_at).toBeNull()
    expect(after.link_token_sealed).toBeNull() // the update reads the participant's sealed copy
    // Not left locked: the next run gets the row at once and sends it.
    expect(await sendOutboxEmail(deps(), id)).toBe('sent')
    const mails = await waitForMail(email, { count: 2 }) // invitation (stack worker) and update
    const update = mails.find((m) => m.Subject.startsWith('Neuer Zeitpunkt')) as unknown as
      | { Subject: string; Text: string; To: { Name: string; Address: string }[]; From: { Name: string } }
      | undefined
    expect(update?.To).toEqual([{ Name: 'Jörg "Jo" Müller, Jr.', Address: email }])
    expect(update?.From.Name).toBe('Test')
    expect(update?.Text).toContain('Jörg "Jo" Müller, Jr.')
    expect((await outboxRow(id)).sent_at).toBeInstanceOf(Date)
  })

  it('marks a mail about a cancelled appointment obsolete instead of sending it', async () => {
    const { id, appointmentId } = await ownUpdateRow()
    await db.updateTable('appointments').set({ status: 'cancelled' }).where('id', '=', appointmentId).execute()
    expect(await sendOutboxEmail(deps(), id)).toBe('obsolete')
    const after = await outboxRow(id)
    expect(after.obsolete_at).toBeInstanceOf(Date)
    expect(after.sent_at).toBeNull()
    expect(await sendOutboxEmail(deps(), id)).toBe('already-sent')
  })

  it('reports a vanished row (purged, cancelled) or an id that is none as gone instead of failing', async () => {
    expect(await sendOutboxEmail(deps(), randomUUID())).toBe('gone')
    expect(await sendOutboxEmail(deps(), "x'; drop table outbox; --")).toBe('gone')
  })

  it('a mail given up on names its participant, appointment and organisation (for the live view); earlier attempts do not', async () => {
    const { organisation, booked } = await book(
      { firstName: 'Kim', lastName: 'Unzustellbar', email: `citizen-${randomUUID()}@test.example` },
      { inDays: 3, durationMinutes: 30 },
    )
    // A reminder, not due for days: the stack's worker leaves it alone meanwhile.
    const reminderId = await outboxIdOf(booked.participantId, 'reminder')
    expect(await recordSendFailure(db, reminderId, 'ECONNREFUSED', { final: false })).toBeUndefined()
    expect(await recordSendFailure(db, reminderId, 'smtp_550', { final: true })).toEqual({
      organisationId: organisation.id,
      appointmentId: booked.appointment.id,
      participantId: booked.participantId,
    })
    const row = await outboxRow(reminderId)
    expect(row).toMatchObject({ attempts: 2, last_error: 'smtp_550' })
    expect(row.failed_at).toBeInstanceOf(Date)
  })
})
