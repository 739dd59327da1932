import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../tests/support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../../../../tests/support/inbox.ts'
import { testEnv } from '../../../../tests/support/test-env.ts'
import { bookAppointment } from '../../../api/src/modules/appointments/booking.service.ts'
import { sendOutboxEmail } from './send-outbox-email.job.ts'
import { createMailSender } from './smtp-sender.ts'

describe('sending an outbox e-mail over real SMTP (Mailpit)', () => {
  const db = openTestDb()
  const mailer = createMailSender(testEnv.SMTP_URL, { connections: 2 })
  afterAll(async () => {
    mailer.close()
    await db.destroy()
  })

  it('sends the invitation with the personal link exactly once, however often the job runs', async () => {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const email = `citizen-${randomUUID()}@test.example`
    const booked = await bookAppointment(
      { db, linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY, publicUrl: testEnv.PUBLIC_URL, now: new Date() },
      { userId: advisor.id, organisationId: organisation.id, role: 'advisor' },
      {
        citizen: { firstName: 'Kim', lastName: 'Versand', email, language: 'en' },
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        durationMinutes: 45,
      },
    )
    const outbox = await db
      .selectFrom('outbox')
      .select('id')
      .where('participant_id', '=', booked.participantId)
      // The booking also wrote a reminder (1 h before), which is not due yet.
      .where('kind', '=', 'invitation')
      .executeTakeFirstOrThrow()
    const deps = {
      db,
      mailer,
      mailFrom: 'Test <noreply@test.example>',
      publicUrl: testEnv.PUBLIC_URL,
      linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY,
    }
    // The stack's own worker may pick the row up too; concurrent and repeated runs must
    // still deliver one e-mail in total.
    const outcomes = await Promise.all([sendOutboxEmail(deps, outbox.id), sendOutboxEmail(deps, outbox.id)])
    outcomes.push(await sendOutboxEmail(deps, outbox.id))
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

    const row = await db.selectFrom('outbox').selectAll().where('id', '=', outbox.id).executeTakeFirstOrThrow()
    expect(row.sent_at).toBeInstanceOf(Date)
    // Once sent, the only copy of the link's secret is in the citizen's mailbox.
    expect(row.link_token_sealed).toBeNull()
  })

  it('reports a vanished row (purged, cancelled) as gone instead of failing', async () => {
    expect(
      await sendOutboxEmail(
        {
          db,
          mailer,
          mailFrom: 'x@test.example',
          publicUrl: testEnv.PUBLIC_URL,
          linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY,
        },
        randomUUID(),
      ),
    ).toBe('gone')
  })
})
