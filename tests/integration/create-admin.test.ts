import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openTestDb, signIn } from '../support/fixtures.ts'
import { testEnv } from '../support/test-env.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const createAdmin = (...args: string[]) =>
  spawnSync(process.execPath, ['apps/api/src/cli/create-admin.ts', ...args], {
    cwd: ROOT,
    env: { DATABASE_URL: testEnv.DATABASE_URL },
    encoding: 'utf8',
  })

describe('creating the first admin from the command line', () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  it('creates organisation and admin; the printed password signs in; a second run refuses', async () => {
    const slug = `amt-${randomUUID().slice(0, 8)}`
    const email = `admin-${randomUUID()}@amt.example`
    const args = [
      '--organisation',
      slug,
      '--organisation-name',
      'Familienkasse Beispiel',
      '--email',
      email,
      '--name',
      'Ada Admin',
    ]
    const first = createAdmin(...args)
    expect(first.status, first.stderr).toBe(0)
    const password = first.stdout.match(/password and change it: (\S+)/)?.[1] ?? ''
    expect(password.length).toBeGreaterThanOrEqual(20)
    const session = await signIn(testEnv.API_URL, email, password)
    const me = (await (await session.request('GET', '/api/staff/me')).json()) as { user: { role: string } }
    expect(me.user.role).toBe('admin')
    const organisation = await db
      .selectFrom('organisations')
      .select('name')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    expect(organisation.name).toBe('Familienkasse Beispiel')

    const again = createAdmin(...args)
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/exists already/)
  })

  it('refuses bad arguments with a clear message and creates nothing', () => {
    const result = createAdmin('--organisation', 'Not A Slug', '--email', 'nope')
    expect(result.status).toBe(64)
    expect(result.stderr).toMatch(/--organisation/)
    expect(result.stderr).toMatch(/--email/)
  })
})
