import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cookieFrom, testAppForFile } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { STAFF_COOKIE } from './require-staff.ts'

describe('staff sign-in and sessions', () => {
  const db = openTestDb()
  const harness = testAppForFile(db)

  // A distinct client address per sign-in keeps the login rate limit out of unrelated tests.
  const login = (email: string, password: string, cookie?: string) =>
    harness.app.inject({
      method: 'POST',
      url: '/api/staff/login',
      payload: { email, password },
      remoteAddress: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      ...(cookie ? { headers: { cookie } } : {}),
    })

  it('signs in with a local account: HttpOnly, Secure, SameSite, __Host- cookie; argon2id hash at rest', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const response = await login(advisor.email.toUpperCase(), advisor.password)
    expect(response.statusCode).toBe(200)
    const setCookie = String(response.headers['set-cookie'])
    expect(setCookie).toMatch(new RegExp(`^${STAFF_COOKIE}=[A-Za-z0-9_-]{43};`))
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('Secure')
    expect(setCookie).toContain('SameSite=Lax')
    expect(setCookie).toContain('Path=/')
    expect(response.json()).toMatchObject({ user: { id: advisor.id, role: 'advisor' }, csrfToken: expect.any(String) })
    const stored = await db
      .selectFrom('staff_users')
      .select('password_hash')
      .where('id', '=', advisor.id)
      .executeTakeFirst()
    expect(stored?.password_hash).toMatch(/^\$argon2id\$/)
  })

  it('answers a wrong password, an unknown address and a deactivated account identically', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const deactivated = await createOrganisationWithAdvisor(db)
    await db.updateTable('staff_users').set({ active: false }).where('id', '=', deactivated.advisor.id).execute()
    const answers = await Promise.all([
      login(advisor.email, 'wrong password'),
      login(`nobody-${randomUUID()}@test.example`, 'whatever'),
      login(deactivated.advisor.email, deactivated.advisor.password),
    ])
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401)
      expect(answer.headers['set-cookie']).toBeUndefined()
    }
    expect(new Set(answers.map((a) => a.body)).size).toBe(1)
  })

  it('rejects malformed sign-in bodies with 400 and a clear message', async () => {
    for (const payload of [{}, { email: 'not-an-email', password: 'x' }, { email: 'a@b.example' }, []]) {
      const response = await harness.app.inject({ method: 'POST', url: '/api/staff/login', payload })
      expect(response.statusCode, JSON.stringify(payload)).toBe(400)
      expect(response.json().error.code).toBe('bad_request')
      expect(response.json().error.message).not.toBe('')
    }
    const malformed = await harness.app.inject({
      method: 'POST',
      url: '/api/staff/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.code).toBe('bad_request')
  })

  it('rate-limits repeated sign-in attempts for one account from one address', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/api/staff/login',
        payload: { email: advisor.email, password: 'wrong' },
        remoteAddress: '10.99.0.1',
      })
      statuses.push(response.statusCode)
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true)
    expect(statuses[10]).toBe(429)
  })

  it('rotates the session on sign-in, ends it on sign-out, and enforces CSRF on state changes', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const first = await login(advisor.email, advisor.password)
    const firstCookie = cookieFrom(first.headers['set-cookie'], STAFF_COOKIE) ?? ''
    const second = await login(advisor.email, advisor.password, firstCookie)
    const secondCookie = cookieFrom(second.headers['set-cookie'], STAFF_COOKIE) ?? ''
    expect(secondCookie).not.toBe(firstCookie)
    expect((await harness.app.inject({ url: '/api/staff/me', headers: { cookie: firstCookie } })).statusCode).toBe(401)
    expect((await harness.app.inject({ url: '/api/staff/me', headers: { cookie: secondCookie } })).statusCode).toBe(200)

    const withoutCsrf = await harness.app.inject({
      method: 'POST',
      url: '/api/staff/logout',
      headers: { cookie: secondCookie },
    })
    expect(withoutCsrf.statusCode).toBe(403)
    expect(withoutCsrf.json().error.code).toBe('csrf_failed')
    const wrongCsrf = await harness.app.inject({
      method: 'POST',
      url: '/api/staff/logout',
      headers: { cookie: secondCookie, 'x-csrf-token': 'x'.repeat(43) },
    })
    expect(wrongCsrf.statusCode).toBe(403)

    const logout = await harness.app.inject({
      method: 'POST',
      url: '/api/staff/logout',
      headers: { cookie: secondCookie, 'x-csrf-token': second.json().csrfToken },
    })
    expect(logout.statusCode).toBe(204)
    expect((await harness.app.inject({ url: '/api/staff/me', headers: { cookie: secondCookie } })).statusCode).toBe(401)
  })

  it('expires sessions after the idle timeout and after the absolute timeout', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const me = (cookie: string) => harness.app.inject({ url: '/api/staff/me', headers: { cookie } })
    try {
      const idle = cookieFrom((await login(advisor.email, advisor.password)).headers['set-cookie'], STAFF_COOKIE) ?? ''
      harness.clock.advance((harness.config.STAFF_SESSION_IDLE_MINUTES + 1) * 60_000)
      expect((await me(idle)).statusCode).toBe(401)
      harness.clock.reset()

      const busy = cookieFrom((await login(advisor.email, advisor.password)).headers['set-cookie'], STAFF_COOKIE) ?? ''
      // Active every 30 minutes, yet the absolute limit still ends the session.
      const steps = (harness.config.STAFF_SESSION_ABSOLUTE_HOURS * 60) / 30
      for (let i = 0; i < steps - 1; i++) {
        harness.clock.advance(30 * 60_000)
        expect((await me(busy)).statusCode).toBe(200)
      }
      harness.clock.advance(31 * 60_000)
      expect((await me(busy)).statusCode).toBe(401)
    } finally {
      harness.clock.reset()
    }
  })
})
