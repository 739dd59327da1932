import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cookieFrom, testAppForFile } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../../../../../tests/support/inbox.ts'
import { startOwnMailpit } from '../../../../../tests/support/mail-pipeline.ts'
import { injectAsStaff } from '../../../../../tests/support/staff-inject.ts'
import { testEnv } from '../../../../../tests/support/test-env.ts'
import { recordSendFailure, sendOutboxEmail } from '../../../../worker/src/email/send-outbox-email.job.ts'
import { createMailSender } from '../../../../worker/src/email/smtp-sender.ts'
import { hashPassword } from '../staff-auth/passwords.ts'

const HOUR = 3600_000
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString()

/**
 * The raw message (with its calendar part) of the mail to an address whose subject starts so.
 * Picked by subject, not by arrival: two mails can reach Mailpit within the same millisecond.
 */
async function rawMail(address: string, subjectStart: string): Promise<string> {
  const search = await fetch(`${testEnv.INBOX_URL}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}`)
  const { messages } = (await search.json()) as { messages: { ID: string; Subject: string }[] }
  const matching = messages.filter((m) => m.Subject.startsWith(subjectStart))
  if (matching.length !== 1) throw new Error(`expected one mail "${subjectStart}…", found ${matching.length}`)
  return (await fetch(`${testEnv.INBOX_URL}/api/v1/message/${matching[0]?.ID}/raw`)).text()
}

/** The iCalendar text of a raw message (quoted-printable or base64 part, unfolded). */
function calendarOf(raw: string): string {
  const part = raw.split(/\r?\n--/).find((p) => /Content-Type: text\/calendar/i.test(p))
  if (!part) throw new Error('no calendar part')
  const [headers = '', ...body] = part.split(/\r?\n\r?\n/)
  const content = body.join('\n\n').trim()
  const decoded = /base64/i.test(headers)
    ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
    : content
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
  return decoded.replace(/\r?\n[ \t]/g, '')
}

const icsValue = (ics: string, name: string) => ics.match(new RegExp(`^${name}(?:;[^:]*)?:(.*)$`, 'm'))?.[1]?.trim()

describe('rescheduling and cancelling (real Postgres, worker, SMTP)', () => {
  const db = openTestDb()
  const harness = testAppForFile(db)

  async function addStaff(organisationId: string, role: 'advisor' | 'admin') {
    const password = `pw-${randomUUID()}`
    const email = `${role}-${randomUUID()}@test.example`
    const row = await db
      .insertInto('staff_users')
      .values({
        organisation_id: organisationId,
        email,
        display_name: role,
        password_hash: await hashPassword(password),
        role,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: row.id, as: await injectAsStaff(harness.app, email, password) }
  }

  async function booked(startsInHours = 48) {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const asAdvisor = await injectAsStaff(harness.app, advisor.email, advisor.password)
    const email = `citizen-${randomUUID()}@test.example`
    const response = await asAdvisor('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Rita', lastName: 'Verlegt', email, language: 'en' },
      startsAt: inHours(startsInHours),
      durationMinutes: 30,
    })
    expect(response.statusCode).toBe(201)
    const id = response.json().id as string
    const [invitation] = await waitForMail(email)
    return { organisation, advisor, asAdvisor, email, id, link: personalLinkIn(invitation?.Text ?? '') }
  }

  const outboxOf = (appointmentId: string) =>
    db
      .selectFrom('outbox as o')
      .innerJoin('participants as p', 'p.id', 'o.participant_id')
      .select(['o.kind', 'o.sequence', 'o.due_at', 'o.sent_at', 'o.obsolete_at'])
      .where('p.appointment_id', '=', appointmentId)
      .orderBy('o.created_at')
      .execute()

  it('books reminders 24 h and 1 h ahead; moving the appointment sends an update and moves the reminders', async () => {
    const { asAdvisor, email, id, link } = await booked(48)
    const before = await outboxOf(id)
    expect(before.filter((r) => r.kind === 'reminder')).toHaveLength(2)

    const newStart = inHours(72)
    const response = await asAdvisor('PATCH', `/api/staff/appointments/${id}`, {
      startsAt: newStart,
      durationMinutes: 45,
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ id, startsAt: newStart, durationMinutes: 45, status: 'scheduled' })

    const after = await outboxOf(id)
    const oldReminders = after.filter((r) => r.kind === 'reminder' && r.sequence === 0)
    const newReminders = after.filter((r) => r.kind === 'reminder' && r.sequence === 1)
    expect(oldReminders.every((r) => r.obsolete_at !== null)).toBe(true)
    expect(newReminders.map((r) => r.due_at?.getTime()).sort()).toEqual(
      [Date.parse(newStart) - 24 * HOUR, Date.parse(newStart) - HOUR].sort(),
    )
    expect(after.filter((r) => r.kind === 'update')).toHaveLength(1)

    const mails = await waitForMail(email, { count: 2 })
    const update = mails.find((m) => m.Subject.startsWith('New time'))
    expect(update?.Text).toContain('45 minutes')
    // The same personal link: the update carries it, read from the sealed copy.
    expect(personalLinkIn(update?.Text ?? '')).toBe(link)

    const first = calendarOf(await rawMail(email, 'Your video appointment'))
    const updateRaw = await rawMail(email, 'New time')
    const second = calendarOf(updateRaw)
    expect(icsValue(first, 'METHOD')).toBe('REQUEST')
    expect(icsValue(second, 'METHOD')).toBe('REQUEST')
    expect(icsValue(second, 'UID')).toBe(icsValue(first, 'UID'))
    expect(icsValue(first, 'SEQUENCE')).toBe('0')
    expect(icsValue(second, 'SEQUENCE')).toBe('1')
    expect(second).toMatch(/^DTSTART;TZID=Europe\/Berlin:\d{8}T\d{6}$/m)
    expect(updateRaw).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i)

    // Once sent, the advisor sees it delivered. The SMTP server holds the mail a moment before
    // the worker, told it was accepted, commits the row as sent.
    let delivery = 'pending'
    for (let tries = 0; delivery === 'pending' && tries < 50; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100))
      delivery = (await asAdvisor('GET', `/api/staff/appointments/${id}`)).json().participants[0].delivery
    }
    expect(delivery).toBe('sent')
  })

  it('moving only to another advisor (admin) sends nothing; advisors cannot hand appointments over', async () => {
    const { organisation, asAdvisor, id, email } = await booked(48)
    const admin = await addStaff(organisation.id, 'admin')
    const colleague = await addStaff(organisation.id, 'advisor')
    const current = (await asAdvisor('GET', '/api/staff/appointments')).json().appointments[0]
    const same = { startsAt: current.startsAt, durationMinutes: current.durationMinutes }

    expect(
      (await asAdvisor('PATCH', `/api/staff/appointments/${id}`, { ...same, advisorId: colleague.id })).statusCode,
    ).toBe(403)
    const handed = await admin.as('PATCH', `/api/staff/appointments/${id}`, { ...same, advisorId: colleague.id })
    expect(handed.statusCode).toBe(200)
    expect(handed.json().advisor.id).toBe(colleague.id)
    expect((await outboxOf(id)).filter((r) => r.kind === 'update')).toHaveLength(0)
    // Now the first advisor's appointment no more.
    expect((await asAdvisor('PATCH', `/api/staff/appointments/${id}`, same)).statusCode).toBe(403)
    // Access is checked before the new time: someone else's appointment says nothing more.
    const past = { startsAt: new Date(Date.now() - 3_600_000).toISOString(), durationMinutes: 30 }
    expect((await asAdvisor('PATCH', `/api/staff/appointments/${id}`, past)).statusCode).toBe(403)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await waitForMail(email)).toHaveLength(1)
  })

  it('refuses bad changes with a clear 4xx and changes nothing', async () => {
    const { asAdvisor, id } = await booked(48)
    const other = await createOrganisationWithAdvisor(db)
    const { organisation } = await createOrganisationWithAdvisor(db)
    const admin = await addStaff(organisation.id, 'admin')
    const cases: [string, unknown, number][] = [
      ['in the past', { startsAt: inHours(-3), durationMinutes: 30 }, 400],
      ['too short', { startsAt: inHours(5), durationMinutes: 2 }, 400],
      ['too long', { startsAt: inHours(5), durationMinutes: 600 }, 400],
      ['not a date', { startsAt: 'soon', durationMinutes: 30 }, 400],
      ['unknown field', { startsAt: inHours(5), durationMinutes: 30, status: 'cancelled' }, 400],
      ['missing duration', { startsAt: inHours(5) }, 400],
    ]
    for (const [name, body, status] of cases) {
      const response = await asAdvisor('PATCH', `/api/staff/appointments/${id}`, body)
      expect(response.statusCode, name).toBe(status)
      expect(response.json().error.message.length, name).toBeGreaterThan(5)
    }
    // An admin of another organisation does not even see it.
    expect(
      (await admin.as('PATCH', `/api/staff/appointments/${id}`, { startsAt: inHours(5), durationMinutes: 30 }))
        .statusCode,
    ).toBe(404)
    // Nor can it go to an advisor of another organisation.
    const own = await addStaff(
      (await db.selectFrom('appointments').select('organisation_id').where('id', '=', id).executeTakeFirstOrThrow())
        .organisation_id,
      'admin',
    )
    const foreign = await own.as('PATCH', `/api/staff/appointments/${id}`, {
      startsAt: inHours(5),
      durationMinutes: 30,
      advisorId: other.advisor.id,
    })
    expect(foreign.statusCode).toBe(400)
    const row = await db
      .selectFrom('appointments')
      .select(['sequence', 'duration_minutes'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ sequence: 0, duration_minutes: 30 })
  })

  it('cancelling: idempotent, a cancellation mail with METHOD:CANCEL and no link, the link stops working, no more changes', async () => {
    const { asAdvisor, email, id, link } = await booked(48)
    const cancelled = await asAdvisor('POST', `/api/staff/appointments/${id}/cancel`)
    expect(cancelled.statusCode).toBe(200)
    expect(cancelled.json()).toMatchObject({ id, status: 'cancelled' })
    const again = await asAdvisor('POST', `/api/staff/appointments/${id}/cancel`)
    expect(again.statusCode).toBe(200)
    expect(again.json().status).toBe('cancelled')

    const rows = await outboxOf(id)
    expect(rows.filter((r) => r.kind === 'cancellation')).toHaveLength(1)
    expect(rows.filter((r) => r.kind === 'reminder').every((r) => r.obsolete_at !== null)).toBe(true)
    const participant = await db
      .selectFrom('participants')
      .select('link_token_sealed')
      .where('appointment_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(participant.link_token_sealed).toBeNull()

    const mails = await waitForMail(email, { count: 2 })
    const cancellation = mails.find((m) => m.Subject.startsWith('Cancelled'))
    expect(cancellation?.Text).not.toContain('/t/')
    const ics = calendarOf(await rawMail(email, 'Cancelled'))
    expect(icsValue(ics, 'METHOD')).toBe('CANCEL')
    expect(icsValue(ics, 'SEQUENCE')).toBe('1')
    expect(icsValue(ics, 'STATUS')).toBe('CANCELLED')

    const moved = await asAdvisor('PATCH', `/api/staff/appointments/${id}`, {
      startsAt: inHours(50),
      durationMinutes: 30,
    })
    expect(moved.statusCode).toBe(409)
    expect(moved.json().error.code).toBe('appointment_closed')

    // The citizen's link still opens the page, but no way into a call.
    const opened = await harness.app.inject({ url: `/t/${link.split('/t/')[1]}`, remoteAddress: '10.3.0.1' })
    const cookie = cookieFrom(opened.headers['set-cookie'], '__Host-vt_p')
    if (cookie) {
      const token = await harness.app.inject({ method: 'POST', url: '/api/p/room-token', headers: { cookie } })
      expect(token.statusCode).toBeGreaterThanOrEqual(400)
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await waitForMail(email)).toHaveLength(2)
  })

  it('an appointment that is over can be neither cancelled nor moved', async () => {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const asAdvisor = await injectAsStaff(harness.app, advisor.email, advisor.password)
    const past = await db
      .insertInto('appointments')
      .values({
        organisation_id: organisation.id,
        advisor_id: advisor.id,
        starts_at: new Date(Date.now() - 3 * HOUR),
        duration_minutes: 30,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const [method, url, body] of [
      ['POST', `/api/staff/appointments/${past.id}/cancel`, undefined],
      ['PATCH', `/api/staff/appointments/${past.id}`, { startsAt: inHours(5), durationMinutes: 30 }],
    ] as const) {
      const response = await asAdvisor(method, url, body)
      expect(response.statusCode).toBe(409)
      expect(response.json().error.code).toBe('appointment_closed')
    }
  })

  it('a mail the server refuses for good is recorded as failed and shown to the advisor', async () => {
    const { asAdvisor, id } = await booked(48)
    const participant = await db
      .selectFrom('participants')
      .select('id')
      .where('appointment_id', '=', id)
      .executeTakeFirstOrThrow()
    // Already marked enqueued, so the stack's own worker leaves it to this test.
    const row = await db
      .insertInto('outbox')
      .values({ kind: 'update', participant_id: participant.id, sequence: 0, enqueued_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow()
    // A real SMTP server that refuses every recipient outside one domain (550), and the
    // worker's real sender: the refusal arrives as it would from a mail server.
    const mailpit = await startOwnMailpit({ flags: ['--smtp-allowed-recipients', '@only-this\\.example$'] })
    const mailer = createMailSender(mailpit.smtpUrl, { connections: 1 })
    try {
      const deps = {
        db,
        mailer,
        mailFrom: 'Test <noreply@test.example>',
        publicUrl: testEnv.PUBLIC_URL,
        linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY,
      }
      await expect(sendOutboxEmail(deps, row.id)).rejects.toMatchObject({ code: 'smtp_550' })
    } finally {
      mailer.close()
      await mailpit.stop()
    }
    // What the worker does with a refusal no retry can fix (email-jobs.ts, recordFailedAttempt).
    await recordSendFailure(db, row.id, 'smtp_550', { final: true })
    const detail = (await asAdvisor('GET', `/api/staff/appointments/${id}`)).json()
    expect(detail.participants[0].delivery).toBe('failed')
    const list = (await asAdvisor('GET', '/api/staff/appointments')).json()
    expect(list.appointments.find((a: { id: string }) => a.id === id).delivery).toBe('failed')
  })
})
