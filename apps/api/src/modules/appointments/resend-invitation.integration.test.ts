import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cookieFrom, testAppForFile } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../../../../../tests/support/inbox.ts'
import { injectAsStaff } from '../../../../../tests/support/staff-inject.ts'
import { PARTICIPANT_COOKIE } from '../participant/require-participant.ts'

const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString()

describe('resending an invitation with a fresh link (real Postgres, worker, SMTP)', () => {
  const db = openTestDb()
  const harness = testAppForFile(db)

  /** Booked to a mistyped address; whoever got that mail opened the link and consented. */
  async function misdirected() {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const asAdvisor = await injectAsStaff(harness.app, advisor.email, advisor.password)
    const typo = `citizen-${randomUUID()}@tset.example`
    const response = await asAdvisor('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Tilde', lastName: 'Tippfehler', email: typo },
      startsAt: inHours(48),
      durationMinutes: 30,
    })
    expect(response.statusCode).toBe(201)
    const id = response.json().id as string
    const [mail] = await waitForMail(typo)
    const oldLink = personalLinkIn(mail?.Text ?? '')
    const opened = await harness.app.inject({ method: 'GET', url: new URL(oldLink).pathname })
    const oldCookie = `${PARTICIPANT_COOKIE}=${cookieFrom(opened.headers['set-cookie'], PARTICIPANT_COOKIE)?.split('=')[1]}`
    const consent = await harness.app.inject({
      method: 'POST',
      url: '/api/p/consent',
      headers: { cookie: oldCookie },
      payload: { version: 0 },
    })
    expect(consent.statusCode).toBe(204)
    const participantId = (await asAdvisor('GET', `/api/staff/appointments/${id}`)).json().participants[0].id as string
    return { organisation, advisor, asAdvisor, id, participantId, typo, oldLink, oldCookie }
  }

  const participantRow = (id: string) =>
    db
      .selectFrom('participants')
      .select(['email', 'link_token_hash', 'link_opened_at', 'consented_at', 'waiting_since'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  it('mails a fresh link to the corrected address; the old link and its session stop working, its consent is undone', async () => {
    const call = await misdirected()
    const corrected = `citizen-${randomUUID()}@test.example`
    const resent = await call.asAdvisor(
      'POST',
      `/api/staff/appointments/${call.id}/participants/${call.participantId}/invitation`,
      { email: corrected },
    )
    expect(resent.statusCode).toBe(204)

    const [mail] = await waitForMail(corrected)
    expect(mail?.Subject).toMatch(/^Ihr Videotermin/)
    const freshLink = personalLinkIn(mail?.Text ?? '')
    expect(freshLink).not.toBe(call.oldLink)

    // The old link is answered like one that never existed; its session is gone.
    const old = await harness.app.inject({ method: 'GET', url: new URL(call.oldLink).pathname })
    expect(old.statusCode).toBe(303)
    expect(old.headers.location).toBe('/p/link-unknown')
    expect(old.headers['set-cookie']).toBeUndefined()
    const me = await harness.app.inject({ method: 'GET', url: '/api/p/me', headers: { cookie: call.oldCookie } })
    expect(me.statusCode).toBe(401)

    // The advisor sees the corrected address; the person starts again from the invitation.
    const detail = (await call.asAdvisor('GET', `/api/staff/appointments/${call.id}`)).json()
    expect(detail.participants[0]).toMatchObject({ email: corrected, status: 'invited', deviceCheck: null })
    const row = await participantRow(call.participantId)
    expect(row).toMatchObject({ email: corrected, link_opened_at: null, consented_at: null, waiting_since: null })

    // The new link works, and nothing more went to the mistyped address.
    const fresh = await harness.app.inject({ method: 'GET', url: new URL(freshLink).pathname })
    expect(fresh.headers.location).toBe('/p')
    expect(cookieFrom(fresh.headers['set-cookie'], PARTICIPANT_COOKIE)).toBeDefined()
    expect(await waitForMail(call.typo)).toHaveLength(1)
  })

  it('without an address, sends the fresh link to the same one', async () => {
    const call = await misdirected()
    const resent = await call.asAdvisor(
      'POST',
      `/api/staff/appointments/${call.id}/participants/${call.participantId}/invitation`,
      {},
    )
    expect(resent.statusCode).toBe(204)
    const mails = await waitForMail(call.typo, { count: 2 })
    const links = mails.map((m) => personalLinkIn(m.Text))
    expect(new Set(links).size).toBe(2)
    expect((await participantRow(call.participantId)).email).toBe(call.typo)
  })

  it('refuses a bad address, another organisation, an unknown participant and a cancelled appointment, changing nothing', async () => {
    const call = await misdirected()
    const other = await createOrganisationWithAdvisor(db)
    const asStranger = await injectAsStaff(harness.app, other.advisor.email, other.advisor.password)
    const url = `/api/staff/appointments/${call.id}/participants/${call.participantId}/invitation`
    const before = await participantRow(call.participantId)

    const attempts: [string, Awaited<ReturnType<typeof call.asAdvisor>>, number][] = [
      ['not an address', await call.asAdvisor('POST', url, { email: 'not-an-address' }), 400],
      ['unknown field', await call.asAdvisor('POST', url, { email: 'a@b.example', link: 'x' }), 400],
      ['another organisation', await asStranger('POST', url, { email: 'a@b.example' }), 404],
      [
        'unknown participant',
        await call.asAdvisor('POST', `/api/staff/appointments/${call.id}/participants/${randomUUID()}/invitation`, {}),
        404,
      ],
    ]
    expect((await call.asAdvisor('POST', `/api/staff/appointments/${call.id}/cancel`)).statusCode).toBe(200)
    attempts.push(['cancelled appointment', await call.asAdvisor('POST', url, {}), 409])
    for (const [what, response, status] of attempts) {
      expect(response.statusCode, what).toBe(status)
      expect(response.json().error.message.length, what).toBeGreaterThan(5)
    }
    const after = await participantRow(call.participantId)
    expect({ ...after, link_token_hash: after.link_token_hash.toString('hex') }).toEqual({
      ...before,
      link_token_hash: before.link_token_hash.toString('hex'),
    })
  })
})
