import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../apps/api/src/modules/staff-auth/passwords.ts'
import { createOrganisationWithAdvisor, openTestDb, type StaffClient, signIn } from '../support/fixtures.ts'
import { testEnv } from '../support/test-env.ts'

// Smallest valid PNG (1×1, transparent).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

const SETTINGS = {
  name: 'Jobcenter Musterstadt',
  address: 'Beispielweg 5, 12345 Musterstadt',
  website: 'https://jobcenter-musterstadt.example',
  supportPhone: '0123 456 789-0',
  supportHours: 'Mo–Fr 8–16 Uhr',
  supportEmail: 'hilfe@jobcenter-musterstadt.example',
  timeZone: 'Europe/Berlin',
  lobbyLeadMinutes: 10,
  languages: ['de', 'en'],
}

/** Every staff endpoint of organisation and staff management, with a valid call. */
const ADMIN_ENDPOINTS = [
  { method: 'GET', path: '/api/staff/organisation' },
  { method: 'PUT', path: '/api/staff/organisation', body: SETTINGS },
  { method: 'DELETE', path: '/api/staff/organisation/logo' },
  { method: 'GET', path: '/api/staff/organisation/consent-texts' },
  { method: 'POST', path: '/api/staff/organisation/consent-texts', body: { texts: { de: 'Text', en: 'Text' } } },
  { method: 'GET', path: '/api/staff/users' },
  {
    method: 'POST',
    path: '/api/staff/users',
    body: () => ({ email: `new-${randomUUID()}@org.example`, displayName: 'Neu', role: 'advisor' }),
  },
] as const

describe('organisation settings and staff management', () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  async function tenant() {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const password = `pw-${randomUUID()}`
    const adminEmail = `admin-${randomUUID()}@org.example`
    const admin = await db
      .insertInto('staff_users')
      .values({
        organisation_id: organisation.id,
        email: adminEmail,
        display_name: 'Admin',
        password_hash: await hashPassword(password),
        role: 'admin',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return {
      organisationId: organisation.id,
      adminId: admin.id,
      advisorId: advisor.id,
      admin: await signIn(testEnv.API_URL, adminEmail, password),
      advisor: await signIn(testEnv.API_URL, advisor.email, advisor.password),
    }
  }

  let a: Awaited<ReturnType<typeof tenant>>
  let b: Awaited<ReturnType<typeof tenant>>
  beforeAll(async () => {
    a = await tenant()
    b = await tenant()
  })

  const json = async <T>(response: Response) => (await response.json()) as T
  const send = (client: StaffClient, endpoint: (typeof ADMIN_ENDPOINTS)[number]) => {
    const body =
      'body' in endpoint ? (typeof endpoint.body === 'function' ? endpoint.body() : endpoint.body) : undefined
    return client.request(endpoint.method, endpoint.path, body)
  }

  it('advisors get 403 on every admin endpoint, and nothing changes', async () => {
    const before = await db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', a.organisationId)
      .executeTakeFirst()
    for (const endpoint of ADMIN_ENDPOINTS) {
      expect((await send(a.advisor, endpoint)).status, `${endpoint.method} ${endpoint.path}`).toBe(403)
    }
    const after = await db.selectFrom('organisations').selectAll().where('id', '=', a.organisationId).executeTakeFirst()
    expect(after).toEqual(before)
    const staff = await db
      .selectFrom('staff_users')
      .select('id')
      .where('organisation_id', '=', a.organisationId)
      .execute()
    expect(staff).toHaveLength(2)
    expect((await a.advisor.request('PATCH', `/api/staff/users/${a.adminId}`, { role: 'advisor' })).status).toBe(403)
  })

  it('an admin edits the settings; citizens’ and staff views show them; bad values are refused and change nothing', async () => {
    const saved = await a.admin.request('PUT', '/api/staff/organisation', { ...SETTINGS, languages: ['de'] })
    expect(saved.status).toBe(200)
    expect(await json(saved)).toMatchObject({ ...SETTINGS, languages: ['de'], logoUrl: null, retentionDays: 14 })
    const me = await json<{ user: { organisation: { name: string; languages: string[] } } }>(
      await a.advisor.request('GET', '/api/staff/me'),
    )
    expect(me.user.organisation).toMatchObject({ name: SETTINGS.name, languages: ['de'] })

    for (const bad of [
      { ...SETTINGS, timeZone: 'Mars/Olympus' },
      { ...SETTINGS, lobbyLeadMinutes: 61 },
      { ...SETTINGS, languages: [] },
      { ...SETTINGS, languages: ['de', 'fr'] },
      { ...SETTINGS, website: 'javascript:alert(1)' },
      { ...SETTINGS, name: '   ' },
      { ...SETTINGS, supportEmail: 'not an address' },
      { ...SETTINGS, retentionDays: 30 },
    ]) {
      const response = await a.admin.request('PUT', '/api/staff/organisation', bad)
      expect(response.status, JSON.stringify(bad)).toBe(400)
    }
    const current = await json<{ languages: string[]; timeZone: string }>(
      await a.admin.request('GET', '/api/staff/organisation'),
    )
    expect(current).toMatchObject({ languages: ['de'], timeZone: 'Europe/Berlin' })
    // B is untouched by A's admin.
    const other = await db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', b.organisationId)
      .executeTakeFirst()
    expect(other?.name).not.toBe(SETTINGS.name)
  })

  it('a logo is stored after its signature is checked, served publicly with a versioned URL, and removed', async () => {
    const upload = (body: Buffer, type: string) =>
      fetch(`${testEnv.API_URL}/api/staff/organisation/logo`, {
        method: 'PUT',
        headers: { cookie: a.admin.cookie, 'x-csrf-token': a.admin.csrfToken, 'content-type': type },
        body: new Uint8Array(body),
      })
    // A script pretending to be a PNG, an SVG, and an oversized file are all refused.
    expect((await upload(Buffer.from('<script>alert(1)</script>'), 'image/png')).status).toBe(400)
    expect((await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml')).status).toBe(415)
    expect((await upload(Buffer.concat([PNG, Buffer.alloc(300 * 1024)]), 'image/png')).status).toBe(413)
    expect((await json<{ logoUrl: null }>(await a.admin.request('GET', '/api/staff/organisation'))).logoUrl).toBeNull()

    const stored = await upload(PNG, 'image/png')
    expect(stored.status).toBe(200)
    const { logoUrl } = await json<{ logoUrl: string }>(stored)
    expect(logoUrl).toMatch(new RegExp(`^/api/organisations/${a.organisationId}/logo\\?v=\\d+$`))
    const served = await fetch(`${testEnv.API_URL}${logoUrl}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toContain('immutable')
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true)

    expect((await a.admin.request('DELETE', '/api/staff/organisation/logo')).status).toBe(200)
    expect((await fetch(`${testEnv.API_URL}/api/organisations/${a.organisationId}/logo`)).status).toBe(404)
  })

  it('consent texts get a new version per save, need every offered language, and are per organisation', async () => {
    await a.admin.request('PUT', '/api/staff/organisation', SETTINGS)
    const missingEnglish = await a.admin.request('POST', '/api/staff/organisation/consent-texts', {
      texts: { de: 'Nur Deutsch' },
    })
    expect(missingEnglish.status).toBe(400)
    const before = await json<{ versions: unknown[] }>(
      await a.admin.request('GET', '/api/staff/organisation/consent-texts'),
    )
    const first = await a.admin.request('POST', '/api/staff/organisation/consent-texts', {
      texts: { de: 'Ich willige ein (1).', en: 'I consent (1).' },
    })
    expect(first.status).toBe(201)
    // Two admins saving at once still get two distinct versions.
    const [second, third] = await Promise.all(
      [2, 3].map((n) =>
        a.admin.request('POST', '/api/staff/organisation/consent-texts', {
          texts: { de: `Ich willige ein (${n}).`, en: `I consent (${n}).` },
        }),
      ),
    )
    expect([second?.status, third?.status]).toEqual([201, 201])
    const history = await json<{ versions: { version: number; texts: Record<string, string> }[] }>(
      await a.admin.request('GET', '/api/staff/organisation/consent-texts'),
    )
    expect(history.versions).toHaveLength(before.versions.length + 3)
    const numbers = history.versions.map((v) => v.version)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(history.versions[0]?.texts.en).toMatch(/^I consent \([23]\)\.$/)
    const ofB = await json<{ versions: unknown[] }>(
      await b.admin.request('GET', '/api/staff/organisation/consent-texts'),
    )
    expect(ofB.versions).toHaveLength(0)
  })

  it('invites a colleague who sets a password through a one-time link and signs in', async () => {
    const email = `kollegin-${randomUUID()}@org.example`
    const invited = await a.admin.request('POST', '/api/staff/users', {
      email,
      displayName: 'Kim Kollegin',
      role: 'advisor',
    })
    expect(invited.status).toBe(201)
    const invitation = await json<{ user: { id: string; signIn: string }; setupUrl: string }>(invited)
    expect(invitation.user.signIn).toBe('invited')
    // The token sits in the fragment, which browsers never send to a server.
    expect(invitation.setupUrl).toMatch(/\/staff\/welcome#[A-Za-z0-9_-]{43}$/)
    const token = invitation.setupUrl.split('#')[1]
    const row = await db
      .selectFrom('staff_users')
      .select(['invitation_token_hash', 'password_hash'])
      .where('id', '=', invitation.user.id)
      .executeTakeFirstOrThrow()
    expect(row.password_hash).toBeNull()
    expect(row.invitation_token_hash?.toString('utf8')).not.toContain(token)

    // The same address again is a conflict, also across organisations.
    expect(
      (await a.admin.request('POST', '/api/staff/users', { email, displayName: 'X', role: 'advisor' })).status,
    ).toBe(409)
    expect(
      (await b.admin.request('POST', '/api/staff/users', { email, displayName: 'X', role: 'advisor' })).status,
    ).toBe(409)

    const accept = (body: unknown) =>
      fetch(`${testEnv.API_URL}/api/staff/invitation/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await accept({ token, password: 'short' })).status).toBe(400)
    expect((await accept({ token: 'A'.repeat(43), password: 'a long enough password' })).status).toBe(400)
    expect((await accept({ token, password: 'a long enough password' })).status).toBe(204)
    // One-time: the link is spent.
    expect((await accept({ token, password: 'another long password' })).status).toBe(400)
    const colleague = await signIn(testEnv.API_URL, email, 'a long enough password')
    expect((await colleague.request('GET', '/api/staff/me')).status).toBe(200)
    // A renewed link is refused for someone who has set up their sign-in already.
    expect((await a.admin.request('POST', `/api/staff/users/${invitation.user.id}/invitation`)).status).toBe(409)

    const list = await json<{ users: { id: string; signIn: string }[] }>(
      await a.admin.request('GET', '/api/staff/users'),
    )
    expect(list.users.find((u) => u.id === invitation.user.id)?.signIn).toBe('password')
    expect(list.users.map((u) => u.id)).not.toContain(b.adminId)
  })

  it('an expired invitation is refused; a renewed one works', async () => {
    const email = `spaet-${randomUUID()}@org.example`
    const invited = await json<{ user: { id: string }; setupUrl: string }>(
      await a.admin.request('POST', '/api/staff/users', { email, displayName: 'Spät', role: 'advisor' }),
    )
    await db
      .updateTable('staff_users')
      .set({ invitation_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', invited.user.id)
      .execute()
    const accept = (token: string | undefined) =>
      fetch(`${testEnv.API_URL}/api/staff/invitation/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password: 'a long enough password' }),
      })
    expect((await accept(invited.setupUrl.split('#')[1])).status).toBe(400)
    const renewed = await json<{ setupUrl: string }>(
      await a.admin.request('POST', `/api/staff/users/${invited.user.id}/invitation`),
    )
    expect((await accept(renewed.setupUrl.split('#')[1])).status).toBe(204)
  })

  it('deactivating ends the colleague’s sessions at once; the last admin cannot be demoted or deactivated', async () => {
    expect((await a.advisor.request('GET', '/api/staff/me')).status).toBe(200)
    const off = await a.admin.request('PATCH', `/api/staff/users/${a.advisorId}`, { active: false })
    expect(off.status).toBe(200)
    expect(await json(off)).toMatchObject({ active: false })
    expect((await a.advisor.request('GET', '/api/staff/me')).status).toBe(401)

    expect((await a.admin.request('PATCH', `/api/staff/users/${a.adminId}`, { role: 'advisor' })).status).toBe(409)
    expect((await a.admin.request('PATCH', `/api/staff/users/${a.adminId}`, { active: false })).status).toBe(409)
    expect((await a.admin.request('PATCH', `/api/staff/users/${a.adminId}`, {})).status).toBe(400)
    // Another organisation's user is not found, and stays as it was.
    expect((await a.admin.request('PATCH', `/api/staff/users/${b.advisorId}`, { active: false })).status).toBe(404)
    const bAdvisor = await db
      .selectFrom('staff_users')
      .select('active')
      .where('id', '=', b.advisorId)
      .executeTakeFirst()
    expect(bAdvisor?.active).toBe(true)

    // With a second admin, the first may step down.
    await a.admin.request('PATCH', `/api/staff/users/${a.advisorId}`, { active: true, role: 'admin' })
    expect((await a.admin.request('PATCH', `/api/staff/users/${a.adminId}`, { role: 'advisor' })).status).toBe(200)
  })

  it('booking offers only the organisation’s languages; without a choice, German where offered, else the first', async () => {
    const book = (language?: 'de' | 'en') =>
      b.admin.request('POST', '/api/staff/appointments', {
        citizen: {
          firstName: 'Lia',
          lastName: 'Sprache',
          email: `lia-${randomUUID()}@org.example`,
          ...(language ? { language } : {}),
        },
        startsAt: new Date(Date.now() + 3600_000).toISOString(),
        durationMinutes: 30,
      })
    const languageOf = async (response: Response) => {
      const { id } = await json<{ id: string }>(response)
      const row = await db
        .selectFrom('participants')
        .select('language')
        .where('appointment_id', '=', id)
        .executeTakeFirst()
      return row?.language
    }
    const count = async () =>
      (await db.selectFrom('appointments').select('id').where('organisation_id', '=', b.organisationId).execute())
        .length
    await b.admin.request('PUT', '/api/staff/organisation', { ...SETTINGS, languages: ['en'] })
    const before = await count()
    expect((await book('de')).status).toBe(400)
    expect(await count()).toBe(before)
    expect(await languageOf(await book())).toBe('en')
    await b.admin.request('PUT', '/api/staff/organisation', { ...SETTINGS, languages: ['en', 'de'] })
    expect(await languageOf(await book())).toBe('de')
  })

  it('every staff member sees the organisation’s active advisors for booking, and no one else’s', async () => {
    const list = await json<{ advisors: { id: string }[] }>(await b.advisor.request('GET', '/api/staff/advisors'))
    expect(list.advisors.map((x) => x.id).sort()).toEqual([b.adminId, b.advisorId].sort())
  })
})
