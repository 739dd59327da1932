import { randomUUID } from 'node:crypto'
import { hashPassword } from '../../apps/api/src/modules/staff-auth/passwords.ts'
import { createDb, type Db } from '../../packages/db/src/index.ts'
import { testEnv } from './test-env.ts'

export const openTestDb = (): Db => createDb(testEnv.DATABASE_URL, { max: 4 })

/** A fresh organisation with one advisor whose password is known, unique per call. */
export async function createOrganisationWithAdvisor(db: Db, options: { role?: 'advisor' | 'admin' } = {}) {
  const suffix = randomUUID().slice(0, 8)
  const organisation = await db
    .insertInto('organisations')
    .values({
      slug: `test-${suffix}`,
      name: `Testamt ${suffix}`,
      address: 'Teststraße 1, 00000 Teststadt',
      support_phone: '01234 0000-000',
      support_hours: 'Mo–Fr 9–15 Uhr',
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow()
  const password = `pw-${randomUUID()}`
  const advisor = await db
    .insertInto('staff_users')
    .values({
      organisation_id: organisation.id,
      email: `advisor-${suffix}@test.example`,
      display_name: `Beraterin ${suffix}`,
      password_hash: await hashPassword(password),
      role: options.role ?? 'advisor',
    })
    .returning(['id', 'email', 'display_name'])
    .executeTakeFirstOrThrow()
  return { organisation, advisor: { ...advisor, password } }
}

/** A signed-in staff session obtained through the real sign-in endpoint. */
export interface StaffClient {
  cookie: string
  csrfToken: string
  request: (method: string, path: string, body?: unknown) => Promise<Response>
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<StaffClient> {
  const response = await fetch(`${baseUrl}/api/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`)
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const { csrfToken } = (await response.json()) as { csrfToken: string }
  return {
    cookie,
    csrfToken,
    request: (method, path, body) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  }
}
