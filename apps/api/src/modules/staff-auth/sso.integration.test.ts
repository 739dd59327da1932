import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, cookieFrom } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { CLIENT_ID, CLIENT_SECRET, startProvider } from '../../../../../tests/support/oidc-provider.ts'
import { testEnv } from '../../../../../tests/support/test-env.ts'
import { STAFF_COOKIE } from './require-staff.ts'
import { mapSsoRole, SSO_COOKIE } from './sso.routes.ts'

describe('staff sign-in through OpenID Connect', () => {
  const db = openTestDb()
  let idp: Awaited<ReturnType<typeof startProvider>>
  let harness: Awaited<ReturnType<typeof buildTestApp>>
  let organisationId: string

  beforeAll(async () => {
    idp = await startProvider({ redirectUri: `${testEnv.PUBLIC_URL}/api/staff/sso/callback` })
    const { organisation } = await createOrganisationWithAdvisor(db)
    organisationId = organisation.id
    const { slug } = await db
      .selectFrom('organisations')
      .select('slug')
      .where('id', '=', organisation.id)
      .executeTakeFirstOrThrow()
    harness = await buildTestApp(db, {
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_ORGANISATION: slug,
    })
  })
  afterAll(async () => {
    await harness.close()
    await idp.close()
    await db.destroy()
  })

  const apiCallback = `${testEnv.PUBLIC_URL}/api/staff/sso/callback`

  /** GET /api/staff/sso/start, then the browser's way through the IdP up to (not into) our callback. */
  async function throughIdp(staffCookie?: string) {
    const start = await harness.app.inject({
      url: '/api/staff/sso/start',
      // A distinct client address per flow keeps the start rate limit out of these tests.
      remoteAddress: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      ...(staffCookie ? { headers: { cookie: staffCookie } } : {}),
    })
    expect(start.statusCode).toBe(302)
    const ssoCookie = cookieFrom(start.headers['set-cookie'], SSO_COOKIE) ?? ''
    expect(ssoCookie).not.toBe('')
    const authorize = new URL(String(start.headers.location))
    expect(authorize.origin).toBe(idp.issuer)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    for (const parameter of ['state', 'nonce', 'code_challenge']) {
      expect(authorize.searchParams.get(parameter), parameter).toMatch(/^[A-Za-z0-9_-]{43}$/)
    }
    // The verifier never leaves the server; only the cookie's random id points to it.
    expect(authorize.href).not.toContain(ssoCookie.split('=')[1])

    const jar = new Map<string, string>()
    let location = authorize.href
    for (let hop = 0; hop < 10 && location.startsWith(idp.issuer); hop++) {
      const response = await fetch(location, {
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      })
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';')
        const at = pair.indexOf('=')
        jar.set(pair.slice(0, at), pair.slice(at + 1))
      }
      expect([302, 303], await response.clone().text()).toContain(response.status)
      location = new URL(response.headers.get('location') ?? '', location).href
    }
    expect(location.startsWith(`${apiCallback}?`), location).toBe(true)
    const callback = new URL(location)
    expect(callback.searchParams.get('code')).toBeTruthy()
    return { callbackPath: `${callback.pathname}${callback.search}`, ssoCookie }
  }

  const callback = (path: string, cookies: string[]) =>
    harness.app.inject({ url: path, headers: { cookie: cookies.filter(Boolean).join('; ') } })

  const staffUserOf = (accountId: string) =>
    db
      .selectFrom('staff_users')
      .select(['id', 'role', 'display_name', 'email', 'organisation_id', 'password_hash', 'active'])
      .where('sso_subject', '=', `${idp.issuer} ${accountId}`)
      .executeTakeFirst()

  it('says whether SSO is configured', async () => {
    expect((await harness.app.inject({ url: '/api/staff/sso' })).json()).toEqual({ enabled: true })
    const plain = await buildTestApp(db)
    try {
      expect((await plain.app.inject({ url: '/api/staff/sso' })).json()).toEqual({ enabled: false })
      const start = await plain.app.inject({ url: '/api/staff/sso/start' })
      expect(start.statusCode).toBe(302)
      expect(start.headers.location).toBe('/staff/login?error=sso_failed')
    } finally {
      await plain.close()
    }
  })

  it('signs in just in time with the mapped role; the session works like a local one', async () => {
    const suffix = randomUUID().slice(0, 8)
    const accountId = idp.signInAs({
      name: `Admina ${suffix}`,
      email: `Admina-${suffix}@idp.example`,
      roles: ['other', 'videotermin-admin'],
    })
    const { callbackPath, ssoCookie } = await throughIdp()
    const answer = await callback(callbackPath, [ssoCookie])
    expect(answer.statusCode).toBe(302)
    expect(answer.headers.location).toBe('/staff')

    // Same flags as the local sign-in's cookie; the pending-sign-in cookie is cleared.
    const setCookies = ([] as string[]).concat(answer.headers['set-cookie'] ?? [])
    const staffLine = setCookies.find((c) => c.startsWith(`${STAFF_COOKIE}=`)) ?? ''
    expect(staffLine).toMatch(new RegExp(`^${STAFF_COOKIE}=[A-Za-z0-9_-]{43};`))
    for (const flag of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']) expect(staffLine).toContain(flag)
    expect(setCookies.find((c) => c.startsWith(`${SSO_COOKIE}=`))).toMatch(/Max-Age=0/)

    const staffCookie = cookieFrom(setCookies, STAFF_COOKIE) ?? ''
    const me = await harness.app.inject({ url: '/api/staff/me', headers: { cookie: staffCookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({
      user: { displayName: `Admina ${suffix}`, role: 'admin', organisation: { id: organisationId } },
      csrfToken: expect.any(String),
    })
    const user = await staffUserOf(accountId)
    expect(user).toMatchObject({
      role: 'admin',
      email: `admina-${suffix}@idp.example`,
      organisation_id: organisationId,
      password_hash: null,
    })

    // The same callback cannot be used twice: the pending sign-in is gone.
    const replay = await callback(callbackPath, [ssoCookie])
    expect(replay.headers.location).toBe('/staff/login?error=sso_failed')
    expect(replay.headers['set-cookie'] ?? '').not.toContain(`${STAFF_COOKIE}=`)

    // Next sign-in: same user (found by issuer + subject), role and name follow the IdP,
    // and the previous session of this browser is ended (rotation).
    idp.update(accountId, {
      name: `Admina B ${suffix}`,
      email: `changed-${suffix}@idp.example`,
      roles: 'videotermin-advisor',
    })
    const again = await throughIdp(staffCookie)
    const second = await callback(again.callbackPath, [again.ssoCookie, staffCookie])
    expect(second.headers.location).toBe('/staff')
    const secondCookie = cookieFrom(second.headers['set-cookie'], STAFF_COOKIE) ?? ''
    expect(secondCookie).not.toBe(staffCookie)
    expect((await harness.app.inject({ url: '/api/staff/me', headers: { cookie: staffCookie } })).statusCode).toBe(401)
    const meAgain = await harness.app.inject({ url: '/api/staff/me', headers: { cookie: secondCookie } })
    expect(meAgain.json().user).toMatchObject({ id: user?.id, role: 'advisor', displayName: `Admina B ${suffix}` })
    expect((await staffUserOf(accountId))?.id).toBe(user?.id)
  })

  it('refuses a user without a mapped role and creates nothing', async () => {
    for (const roles of [undefined, 'videotermin-guest', ['something-else']]) {
      const accountId = idp.signInAs({ name: 'Nobody', email: `nobody-${randomUUID()}@idp.example`, roles })
      const { callbackPath, ssoCookie } = await throughIdp()
      const answer = await callback(callbackPath, [ssoCookie])
      expect(answer.statusCode).toBe(302)
      expect(answer.headers.location).toBe('/staff/login?error=sso_forbidden')
      expect(answer.headers['set-cookie'] ?? '').not.toContain(`${STAFF_COOKIE}=`)
      expect(await staffUserOf(accountId)).toBeUndefined()
    }
  })

  it('never links an SSO identity to an existing account by e-mail address', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const accountId = idp.signInAs({ name: 'Twin', email: advisor.email, roles: 'videotermin-admin' })
    const flow = await throughIdp()
    const answer = await callback(flow.callbackPath, [flow.ssoCookie])
    expect(answer.headers.location).toBe('/staff/login?error=sso_failed')
    expect(answer.headers['set-cookie'] ?? '').not.toContain(`${STAFF_COOKIE}=`)
    expect(await staffUserOf(accountId)).toBeUndefined()
    const local = await db
      .selectFrom('staff_users')
      .select(['role', 'sso_subject'])
      .where('id', '=', advisor.id)
      .executeTakeFirst()
    expect(local).toEqual({ role: 'advisor', sso_subject: null })
  })

  it('maps string, list and nested role claims; admin wins', () => {
    const config = { ...harness.config, OIDC_ROLE_CLAIM: 'realm_access.roles' }
    expect(mapSsoRole({ realm_access: { roles: ['videotermin-advisor'] } }, config)).toBe('advisor')
    expect(mapSsoRole({ realm_access: { roles: ['videotermin-advisor', 'videotermin-admin'] } }, config)).toBe('admin')
    expect(mapSsoRole({ roles: ['videotermin-admin'] }, config)).toBeUndefined()
    expect(mapSsoRole({ roles: 'videotermin-advisor' }, harness.config)).toBe('advisor')
    expect(mapSsoRole({ roles: 'videotermin-advisors' }, harness.config)).toBeUndefined()
    expect(mapSsoRole({ roles: { admin: true } }, harness.config)).toBeUndefined()
  })

  it('refuses a deactivated user', async () => {
    const accountId = idp.signInAs({
      name: 'Former',
      email: `former-${randomUUID()}@idp.example`,
      roles: 'videotermin-advisor',
    })
    const first = await throughIdp()
    expect((await callback(first.callbackPath, [first.ssoCookie])).headers.location).toBe('/staff')
    await db
      .updateTable('staff_users')
      .set({ active: false })
      .where('sso_subject', '=', `${idp.issuer} ${accountId}`)
      .execute()
    const second = await throughIdp()
    const answer = await callback(second.callbackPath, [second.ssoCookie])
    expect(answer.headers.location).toBe('/staff/login?error=sso_forbidden')
    expect(answer.headers['set-cookie'] ?? '').not.toContain(`${STAFF_COOKIE}=`)
  })

  it('refuses a tampered or missing state, a missing pending sign-in and a tampered code', async () => {
    const accountId = idp.signInAs({
      name: 'Mallory',
      email: `mallory-${randomUUID()}@idp.example`,
      roles: 'videotermin-admin',
    })
    const tamper = (path: string, name: string, value: string | undefined) => {
      const url = new URL(path, testEnv.PUBLIC_URL)
      if (value === undefined) url.searchParams.delete(name)
      else url.searchParams.set(name, value)
      return `${url.pathname}${url.search}`
    }
    const cases: Array<
      (flow: { callbackPath: string; ssoCookie: string }) => Promise<{ headers: Record<string, unknown> }>
    > = [
      (f) => callback(tamper(f.callbackPath, 'state', 'A'.repeat(43)), [f.ssoCookie]),
      (f) => callback(tamper(f.callbackPath, 'state', undefined), [f.ssoCookie]),
      (f) => callback(tamper(f.callbackPath, 'code', 'forged'), [f.ssoCookie]),
      (f) => callback(f.callbackPath, []),
      (f) => callback(f.callbackPath, [`${SSO_COOKIE}=${'B'.repeat(43)}`]),
    ]
    for (const [index, attempt] of cases.entries()) {
      const flow = await throughIdp()
      const answer = await attempt(flow)
      expect(answer.headers.location, `case ${index}`).toBe('/staff/login?error=sso_failed')
      expect(String(answer.headers['set-cookie'] ?? ''), `case ${index}`).not.toContain(`${STAFF_COOKIE}=`)
    }
    expect(await staffUserOf(accountId)).toBeUndefined()
  })
})
