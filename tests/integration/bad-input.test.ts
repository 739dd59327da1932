import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { sql } from 'kysely'
import { AccessToken } from 'livekit-server-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookAppointment } from '../../apps/api/src/modules/appointments/booking.service.ts'
import { createParticipantSession } from '../../apps/api/src/modules/participant/participant.repository.ts'
import { PARTICIPANT_COOKIE } from '../../apps/api/src/modules/participant/require-participant.ts'
import { STAFF_COOKIE } from '../../apps/api/src/modules/staff-auth/require-staff.ts'
import { purgeExpiredPersonalData } from '../../apps/worker/src/purge/purge.ts'
import type { Db } from '../../packages/db/src/index.ts'
import { buildTestApp, cookieFrom } from '../support/app.ts'
import { createOrganisationWithAdvisor } from '../support/fixtures.ts'
import { freshDatabase } from '../support/mail-pipeline.ts'
import { testEnv } from '../support/test-env.ts'

/*
 * Property-based tests of every endpoint's input (DESIGN.md: "Every input is validated by a
 * schema; bad input gets a 4xx with a clear message and changes nothing"). For each route,
 * fast-check sends random and boundary input — wrong types, huge and unicode strings, nulls,
 * extra and missing fields, malformed JSON, other content types, bad ids in the path, odd
 * query strings, missing or foreign sessions — and checks: no 5xx; a 4xx carries the one
 * error body; and a 4xx changed nothing in the database (row counts and a hash of every row
 * of every table, before and after). The app runs in-process against a database of its own,
 * so nobody else's writes (the stack's worker, other tests) can move the snapshot.
 */

const ROOT = path.resolve(import.meta.dirname, '../..')
const DB_NAME = `${new URL(testEnv.DATABASE_URL).pathname.slice(1)}_bad_input`
// Bookkeeping a read may write (the staff session's idle timer): not state a request changes.
const VOLATILE_COLUMNS = new Set(['last_seen_at'])
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)])
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp']
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/webhook+json',
  'application/octet-stream',
  'image/png',
  '',
  'application/jsonx',
  '*/*',
]

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type Auth = 'none' | 'staff' | 'participant' | 'withdrawer' | 'fresh-staff'

interface Endpoint {
  method: Method
  /** The route as registered, `:name` for path parameters. */
  route: string
  auth: Auth
  /** Values of the path parameters that name real rows, so some requests get past the lookups. */
  params?: Record<string, () => string>
  /** A valid body: the seed the mutations start from. */
  body?: () => unknown
  query?: () => Record<string, string>
  /** Raw bodies this route takes besides JSON (the logo). */
  raw?: boolean
  /** A LiveKit webhook: some bodies are signed with the real key. */
  webhook?: boolean
  /** Server-Sent Events: probed over a real connection, which stays open when accepted. */
  sse?: boolean
  runs?: number
  /** A status the route may answer however good the input (readiness with a slow dependency). */
  tolerate?: number
}

interface Sent {
  method: Method
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  remoteAddress: string
}

// ---------------------------------------------------------------------------------------
// Arbitraries

const boundaryStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\u202Eevil',
  '😀'.repeat(50),
  'ß'.repeat(300),
  'x'.repeat(10_000),
  "'; drop table appointments; --",
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%00',
  'null',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  '2026-02-30T10:00:00Z',
  '2026-12-01T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-13-01',
  '2026-02-30',
  '0000-00-00',
  '9999-99-99',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'a@b',
  `${'a'.repeat(250)}@example.org`,
  'Europe/Atlantis',
  'https://',
)

/** A date-time that passes a JSON-schema `date-time` format check but may not be a date a program can use. */
const edgyDateTime = fc
  .record({
    year: fc.constantFrom('0000', '0001', '1969', '2026', '2099', '9999'),
    month: fc.constantFrom('01', '02', '12'),
    day: fc.constantFrom('01', '28', '29', '30', '31'),
    time: fc.constantFrom('00:00:00', '23:59:59', '23:59:60', '12:00:00.123456789'),
    zone: fc.constantFrom('Z', '+14:00', '-12:00', '+23:59'),
  })
  .map(({ year, month, day, time, zone }) => `${year}-${month}-${day}T${time}${zone}`)

/** Strings that pass a schema (`\S`, `date-time`, `^\d{4}-\d{2}-\d{2}$`) but that Postgres refuses. */
const POISON = ['a\u0000b', '2027-12-31T23:59:60Z', '0000-01-01T00:00:00Z', '2026-02-31', '0000-01-01']

const weirdNumber = fc.constantFrom(
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53 + 1,
  -(2 ** 63),
  1e308,
  Number.MIN_VALUE,
  4.9999,
  5,
  240,
  241,
)

const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: boundaryStrings },
  { weight: 2, arbitrary: edgyDateTime },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: weirdNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { $gt: '' }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.uuid() },
)

/** Every path into an object (for mutations): `[]` is the object itself. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  const here = [prefix]
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) here.push(...pathsOf(child, [...prefix, key]))
  }
  return here
}

function mutate(seed: unknown, at: string[], operation: 'replace' | 'delete' | 'extra', value: unknown, key: string) {
  const copy = structuredClone(seed) as Record<string, unknown>
  if (at.length === 0)
    return operation === 'extra' && copy && typeof copy === 'object' ? { ...copy, [key]: value } : value
  let parent: Record<string, unknown> = copy
  for (const step of at.slice(0, -1)) parent = parent[step] as Record<string, unknown>
  const last = at[at.length - 1] as string
  if (operation === 'replace') parent[last] = value
  else if (operation === 'delete') delete parent[last]
  else {
    const target = parent[last]
    if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[key] = value
    else parent[key] = value
  }
  return copy
}

/** A body: the valid one, a mutation of it, any JSON, malformed text, another content type, a huge one, none. */
function bodyArbitrary(endpoint: Endpoint): fc.Arbitrary<{ payload?: string | Buffer; contentType?: string }> {
  const seed = endpoint.body?.()
  const json = (value: unknown) => ({ payload: JSON.stringify(value) ?? 'undefined', contentType: 'application/json' })
  const paths = pathsOf(seed)
  const mutation = fc
    .record({
      at: fc.constantFrom(...paths),
      operation: fc.constantFrom('replace' as const, 'delete' as const, 'extra' as const),
      value: weirdValue,
      key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', 'organisationId', 'role'), fc.string()),
    })
    .map(({ at, operation, value, key }) => json(mutate(seed, at, operation, value, key)))
  const options: fc.WeightedArbitrary<{ payload?: string | Buffer; contentType?: string }>[] = [
    { weight: 4, arbitrary: mutation },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 200 }),
          fc.constantFrom('{', '{"a":', '[1,2', '{"__proto__":{"x":1}}', 'null', '"', '\u0000', '{}}', '{"a":1,"a":2}'),
          fc.nat({ max: 200 }).map((n) => (JSON.stringify(seed) ?? '').slice(0, n)),
        )
        .map((payload) => ({ payload, contentType: 'application/json' })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          contentType: fc.constantFrom(...CONTENT_TYPES),
          text: fc.oneof(fc.string(), fc.constant(JSON.stringify(seed) ?? '')),
        })
        .map(({ contentType, text }) => ({ payload: text, contentType })),
    },
    {
      weight: 1,
      arbitrary: fc.constant({ payload: `{"a":"${'x'.repeat(70 * 1024)}"}`, contentType: 'application/json' }),
    },
    { weight: 1, arbitrary: fc.constant({}) },
  ]
  if (seed !== undefined) options.push({ weight: 2, arbitrary: fc.constant(json(seed)) })
  if (endpoint.raw) {
    options.push({
      weight: 4,
      arbitrary: fc
        .record({
          contentType: fc.constantFrom(...LOGO_TYPES, 'image/gif', 'image/svg+xml', 'image/png; charset=x'),
          bytes: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constant(new Uint8Array(PNG))),
          huge: fc.boolean(),
        })
        .map(({ contentType, bytes, huge }) => ({
          payload: huge ? Buffer.concat([PNG, Buffer.alloc(201 * 1024)]) : Buffer.from(bytes),
          contentType,
        })),
    })
  }
  return fc.oneof(...options)
}

/** Percent-encodes for a path; a lone surrogate (which has no UTF-8) becomes the invalid bytes it would be. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text)
  } catch {
    return '%ED%A0%80'
  }
}

const pathSegment = (valid?: () => string) =>
  fc.oneof(
    { weight: valid ? 4 : 0, arbitrary: fc.constant(valid?.() ?? '') },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: boundaryStrings.map(encode) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => encode(s) || 'x') },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%C0%80', '%2F', '..', 'A'.repeat(43), 'a'.repeat(300)) },
    { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
  )

const queryArbitrary = (valid?: () => Record<string, string>) =>
  fc.oneof(
    { weight: valid ? 3 : 0, arbitrary: fc.constant(valid?.() ?? {}) },
    { weight: 2, arbitrary: fc.constant({}) },
    {
      weight: 3,
      arbitrary: fc.dictionary(
        fc.oneof(
          fc.constantFrom('from', 'to', 'id', 'code', 'state', 'error', '__proto__'),
          fc.string({ maxLength: 10 }),
        ),
        fc.oneof(boundaryStrings, edgyDateTime, fc.string({ unit: 'grapheme', maxLength: 30 })),
        { maxKeys: 3 },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { from: 'a', to: 'b' },
        { from: '2026-02-30', to: '2026-03-01' },
        { from: '0000-00-00', to: '9999-99-99' },
      ),
    },
  )

// ---------------------------------------------------------------------------------------

/** Row counts and a hash of every row of every table: equal snapshots mean nothing changed. */
async function snapshotQuery(db: Db): Promise<() => Promise<string>> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' order by table_name, ordinal_position`.execute(db)
  const byTable = new Map<string, string[]>()
  for (const { table_name, column_name } of columns.rows) {
    if (VOLATILE_COLUMNS.has(column_name)) continue
    byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name])
  }
  const parts = [...byTable].map(
    ([table, cols]) =>
      `select '${table}' as t, count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h
       from (select ${cols.map((c) => `"${c}"`).join(', ')} from "${table}") x`,
  )
  const query = sql.raw(`${parts.join('\nunion all\n')} order by 1`)
  return async () => {
    const { rows } = await query.execute(db)
    return JSON.stringify(rows)
  }
}

describe('bad input on every endpoint: never a 5xx, a 4xx with the error body changes nothing', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>
  let harness: Awaited<ReturnType<typeof buildTestApp>>
  let snapshot: () => Promise<string>
  let baseUrl = ''
  const ids: Record<string, string> = {}
  const sessions = { staff: '', csrf: '', participant: '', withdrawer: '' }
  let address = 0
  const nextAddress = () => {
    address += 1
    return `10.9.${Math.floor(address / 250) % 250}.${(address % 250) + 1}`
  }

  async function login(email: string, password: string) {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/staff/login',
      payload: { email, password },
      remoteAddress: nextAddress(),
    })
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`)
    return {
      cookie: cookieFrom(response.headers['set-cookie'], STAFF_COOKIE) ?? '',
      csrf: response.json().csrfToken as string,
    }
  }

  let admin = { email: '', password: '' }

  // An invalid Date handed to the pg driver goes out as text Postgres refuses (a 400 today);
  // pg says its next major version throws in the driver instead, which would be a 500. So no
  // input may get that far: every date is checked where it is parsed. pg warns once per process.
  const invalidDatesSentToPostgres: string[] = []
  const onWarning = (warning: Error & { code?: string }) => {
    if (warning.code === 'PG_INVALID_DATE') invalidDatesSentToPostgres.push(warning.stack ?? warning.message)
  }

  beforeAll(async () => {
    process.on('warning', onWarning)
    fresh = await freshDatabase(testEnv.DATABASE_URL, DB_NAME)
    harness = await buildTestApp(fresh.db, {
      // Generous limits: these tests are about validation, not about being slowed down.
      LINK_OPENS_PER_MINUTE: '100000',
      PUBLIC_CHECKS_PER_10_MINUTES: '100000',
    })
    baseUrl = await harness.app.listen({ port: 0, host: '127.0.0.1' })
    const { organisation, advisor } = await createOrganisationWithAdvisor(fresh.db, { role: 'admin' })
    const second = await createOrganisationWithAdvisor(fresh.db, { role: 'admin' })
    await fresh.db
      .updateTable('staff_users')
      .set({ organisation_id: organisation.id })
      .where('id', '=', second.advisor.id)
      .execute()
    admin = advisor
    ids.organisation = organisation.id
    ids.otherAdmin = second.advisor.id
    const session = await login(advisor.email, advisor.password)
    sessions.staff = session.cookie
    sessions.csrf = session.csrf

    const book = async (startsInMinutes: number) => {
      const response = await harness.app.inject({
        method: 'POST',
        url: '/api/staff/appointments',
        headers: { cookie: sessions.staff, 'x-csrf-token': sessions.csrf },
        payload: {
          citizen: { firstName: 'Pia', lastName: 'Probe', email: `p-${randomUUID()}@bad-input.example` },
          startsAt: new Date(Date.now() + startsInMinutes * 60_000).toISOString(),
          durationMinutes: 60,
        },
      })
      if (response.statusCode !== 201) throw new Error(`booking failed: ${response.body}`)
      const id = response.json().id as string
      const participant = await fresh.db
        .selectFrom('participants')
        .select('id')
        .where('appointment_id', '=', id)
        .executeTakeFirstOrThrow()
      return { id, participantId: participant.id }
    }
    const main = await book(1)
    ids.appointment = main.id
    ids.participant = main.participantId
    ids.endable = (await book(2)).id
    ids.cancellable = (await book(3)).id
    ids.movable = (await book(4)).id
    const resendable = await book(6)
    ids.resendable = resendable.id
    ids.resendableParticipant = resendable.participantId
    const withdrawing = await book(5)
    const expires = new Date(Date.now() + 24 * 3600_000)
    sessions.participant = `${PARTICIPANT_COOKIE}=${await createParticipantSession(fresh.db, main.participantId, expires)}`
    sessions.withdrawer = `${PARTICIPANT_COOKIE}=${await createParticipantSession(fresh.db, withdrawing.participantId, expires)}`
    for (const cookie of [sessions.participant, sessions.withdrawer]) {
      const consent = await harness.app.inject({
        method: 'POST',
        url: '/api/p/consent',
        headers: { cookie },
        payload: { version: 0 },
      })
      if (consent.statusCode !== 204) throw new Error(`consent failed: ${consent.body}`)
    }
    const invited = await harness.app.inject({
      method: 'POST',
      url: '/api/staff/users',
      headers: { cookie: sessions.staff, 'x-csrf-token': sessions.csrf },
      payload: { email: `invited-${randomUUID()}@bad-input.example`, displayName: 'Ina Eingeladen', role: 'advisor' },
    })
    ids.invited = invited.json().user.id as string
    snapshot = await snapshotQuery(fresh.db)
  }, 90_000) // a database of its own, migrated, and six bookings: slow on a loaded machine

  afterAll(async () => {
    process.off('warning', onWarning)
    await harness?.close()
    await fresh?.drop()
  })

  const consentTexts = { texts: { de: 'Ich willige ein.', en: 'I agree.' } }
  const measurement = {
    camera: { status: 'ok', framesSeen: 30 },
    microphone: { status: 'ok', peakLevel: 0.5 },
    speaker: { status: 'ok' },
    connection: {
      status: 'ok',
      signalling: true,
      webrtc: true,
      protocol: 'udp',
      publishAudio: true,
      publishVideo: true,
    },
    network: { uploadKbps: 2000, downloadKbps: null, rttMs: 5, packetLossPercent: 0 },
  }
  const later = () => new Date(Date.now() + 7 * 24 * 3600_000).toISOString()
  const appointment = () => ids.appointment ?? ''
  const participant = () => ids.participant ?? ''

  // Every route of apps/api/src/modules/*/*.routes.ts (a test below checks none is missing).
  const ENDPOINTS: Endpoint[] = [
    { method: 'GET', route: '/healthz', auth: 'none', runs: 10 },
    { method: 'GET', route: '/readyz', auth: 'none', runs: 10, tolerate: 503 },
    { method: 'GET', route: '/t/:token', auth: 'none', params: { token: () => 'A'.repeat(43) } },
    { method: 'GET', route: '/h/:token', auth: 'none', params: { token: () => 'A'.repeat(43) } },
    { method: 'GET', route: '/api/organisations/:id/logo', auth: 'none', params: { id: () => ids.organisation ?? '' } },
    { method: 'POST', route: '/api/check/token', auth: 'none', runs: 15 },
    {
      method: 'POST',
      route: '/api/staff/login',
      auth: 'none',
      body: () => ({ email: admin.email, password: 'not-the-password' }),
      runs: 25,
    },
    {
      method: 'POST',
      route: '/api/staff/invitation/accept',
      auth: 'none',
      body: () => ({ token: 'A'.repeat(43), password: 'a-long-enough-password' }),
      runs: 25,
    },
    { method: 'GET', route: '/api/staff/sso', auth: 'none', runs: 15 },
    { method: 'GET', route: '/api/staff/sso/start', auth: 'none', runs: 15 },
    {
      method: 'GET',
      route: '/api/staff/sso/callback',
      auth: 'none',
      query: () => ({ code: 'x', state: 'y' }),
      runs: 25,
    },
    {
      method: 'POST',
      route: '/api/livekit/webhook',
      auth: 'none',
      webhook: true,
      body: () => ({
        event: 'participant_joined',
        id: `EV_${randomUUID()}`,
        createdAt: String(Math.floor(Date.now() / 1000)),
        room: { sid: 'RM_x', name: `appointment-${appointment()}` },
        participant: { sid: `PA_${randomUUID().slice(0, 8)}`, identity: `participant-${participant()}` },
      }),
      runs: 50,
    },
    { method: 'GET', route: '/api/staff/me', auth: 'staff', runs: 15 },
    { method: 'POST', route: '/api/staff/logout', auth: 'fresh-staff', runs: 15 },
    {
      method: 'GET',
      route: '/api/staff/appointments',
      auth: 'staff',
      query: () => ({ from: new Date().toISOString(), to: later() }),
    },
    {
      method: 'POST',
      route: '/api/staff/appointments',
      auth: 'staff',
      body: () => ({
        citizen: {
          firstName: 'Max',
          lastName: 'Muster',
          email: `m-${randomUUID().slice(0, 8)}@bad-input.example`,
          customerNumber: 'K-1',
          language: 'de',
        },
        furtherParticipants: [
          { role: 'interpreter', firstName: 'Ida', lastName: 'Dolmetsch', email: 'ida@bad-input.example' },
        ],
        startsAt: later(),
        durationMinutes: 30,
      }),
      runs: 50,
    },
    {
      method: 'PATCH',
      route: '/api/staff/appointments/:id',
      auth: 'staff',
      params: { id: () => ids.movable ?? '' },
      body: () => ({ startsAt: later(), durationMinutes: 45 }),
      runs: 40,
    },
    {
      method: 'POST',
      route: '/api/staff/appointments/:id/cancel',
      auth: 'staff',
      params: { id: () => ids.cancellable ?? '' },
    },
    {
      method: 'POST',
      route: '/api/staff/appointments/:id/room-token',
      auth: 'staff',
      params: { id: appointment },
      runs: 15,
    },
    { method: 'GET', route: '/api/staff/appointments/:id', auth: 'staff', params: { id: appointment } },
    {
      method: 'POST',
      route: '/api/staff/appointments/:id/participants/:participantId/admit',
      auth: 'staff',
      params: { id: appointment, participantId: participant },
      runs: 20,
    },
    {
      method: 'POST',
      route: '/api/staff/appointments/:id/participants/:participantId/invitation',
      auth: 'staff',
      params: { id: () => ids.resendable ?? '', participantId: () => ids.resendableParticipant ?? '' },
      body: () => ({ email: `again-${randomUUID()}@bad-input.example` }),
      runs: 20,
    },
    {
      method: 'POST',
      route: '/api/staff/appointments/:id/participants/:participantId/remove',
      auth: 'staff',
      params: { id: appointment, participantId: participant },
      runs: 20,
    },
    {
      method: 'POST',
      route: '/api/staff/appointments/:id/end',
      auth: 'staff',
      params: { id: () => ids.endable ?? '' },
      runs: 20,
    },
    { method: 'GET', route: '/api/staff/events', auth: 'staff', sse: true, runs: 15 },
    { method: 'GET', route: '/api/staff/organisation', auth: 'staff', runs: 15 },
    {
      method: 'PUT',
      route: '/api/staff/organisation',
      auth: 'staff',
      body: () => ({
        name: 'Bürgeramt Test',
        address: 'Teststraße 1',
        website: 'https://example.org',
        supportPhone: '+49 30 1234',
        supportHours: 'Mo–Fr',
        supportEmail: 'hilfe@example.org',
        timeZone: 'Europe/Berlin',
        lobbyLeadMinutes: 5,
      }),
      runs: 40,
    },
    { method: 'PUT', route: '/api/staff/organisation/logo', auth: 'staff', raw: true, runs: 40 },
    { method: 'DELETE', route: '/api/staff/organisation/logo', auth: 'staff', runs: 15 },
    { method: 'GET', route: '/api/staff/organisation/consent-texts', auth: 'staff', runs: 15 },
    { method: 'POST', route: '/api/staff/organisation/consent-texts', auth: 'staff', body: () => consentTexts },
    { method: 'GET', route: '/api/staff/advisors', auth: 'staff', runs: 15 },
    { method: 'GET', route: '/api/staff/users', auth: 'staff', runs: 15 },
    {
      method: 'POST',
      route: '/api/staff/users',
      auth: 'staff',
      body: () => ({ email: `n-${randomUUID().slice(0, 8)}@bad-input.example`, displayName: 'Neu', role: 'advisor' }),
    },
    {
      method: 'POST',
      route: '/api/staff/users/:id/invitation',
      auth: 'staff',
      params: { id: () => ids.invited ?? '' },
    },
    {
      method: 'PATCH',
      route: '/api/staff/users/:id',
      auth: 'staff',
      params: { id: () => ids.otherAdmin ?? '' },
      body: () => ({ role: 'admin', active: true, displayName: 'Zweite Admin' }),
    },
    {
      method: 'GET',
      route: '/api/staff/statistics',
      auth: 'staff',
      query: () => ({ from: '2026-01-01', to: '2026-01-31' }),
    },
    { method: 'GET', route: '/api/p/me', auth: 'participant', runs: 15 },
    { method: 'POST', route: '/api/p/handoff', auth: 'participant', runs: 15 },
    { method: 'POST', route: '/api/p/consent', auth: 'participant', body: () => ({ version: 0 }) },
    { method: 'POST', route: '/api/p/consent/withdraw', auth: 'withdrawer', runs: 15 },
    { method: 'POST', route: '/api/p/room-token', auth: 'participant', runs: 15 },
    {
      method: 'POST',
      route: '/api/p/survey',
      auth: 'participant',
      body: () => ({ satisfaction: 4, avQuality: 3, useAgain: 'yes' }),
    },
    { method: 'POST', route: '/api/p/waiting-room', auth: 'participant', runs: 20 },
    { method: 'GET', route: '/api/p/events', auth: 'participant', sse: true, runs: 15 },
    { method: 'POST', route: '/api/p/device-check/token', auth: 'participant', runs: 15 },
    { method: 'POST', route: '/api/p/device-check/result', auth: 'participant', body: () => measurement, runs: 50 },
  ]

  it('covers every route the API registers', () => {
    const modules = path.join(ROOT, 'apps/api/src/modules')
    const registered = new Set<string>()
    for (const dir of readdirSync(modules)) {
      for (const file of readdirSync(path.join(modules, dir)).filter((f) => f.endsWith('.routes.ts'))) {
        const text = readFileSync(path.join(modules, dir, file), 'utf8')
        for (const match of text.matchAll(/\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)) {
          registered.add(`${match[1]?.toUpperCase()} ${match[2]}`)
        }
      }
    }
    const covered = new Set(ENDPOINTS.map((e) => `${e.method} ${e.route}`))
    expect([...registered].filter((r) => !covered.has(r))).toEqual([])
    expect(registered.size).toBeGreaterThan(40)
  })

  /** Sends one request: over a real connection for SSE (the stream would never end in inject). */
  async function send(request: Sent): Promise<{ status: number; body: string; referrerPolicy?: string }> {
    if (request.method === 'GET' && request.url.includes('/events')) {
      const controller = new AbortController()
      const { 'content-type': _ignored, ...headers } = request.headers
      const response = await fetch(`${baseUrl}${request.url}`, { headers, signal: controller.signal })
      const event = response.headers.get('content-type')?.startsWith('text/event-stream')
      const body = event ? '' : await response.text()
      controller.abort()
      return { status: response.status, body, referrerPolicy: response.headers.get('referrer-policy') ?? undefined }
    }
    const response = await harness.app.inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      remoteAddress: request.remoteAddress,
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    })
    const policy = response.headers['referrer-policy']
    return {
      status: response.statusCode,
      body: response.body,
      referrerPolicy: typeof policy === 'string' ? policy : undefined,
    }
  }

  async function sessionHeaders(auth: Auth, choice: 'valid' | 'none' | 'garbage' | 'bad-csrf') {
    const headers: Record<string, string> = {}
    if (choice === 'none') return headers
    if (choice === 'garbage') {
      headers.cookie = `${auth === 'participant' || auth === 'withdrawer' ? PARTICIPANT_COOKIE : STAFF_COOKIE}=${randomBytes(32).toString('base64url')}`
      headers['x-csrf-token'] = 'x'
      return headers
    }
    if (auth === 'none') return headers
    if (auth === 'participant') headers.cookie = sessions.participant
    else if (auth === 'withdrawer') headers.cookie = sessions.withdrawer
    else {
      const session =
        auth === 'fresh-staff'
          ? await login(admin.email, admin.password)
          : { cookie: sessions.staff, csrf: sessions.csrf }
      headers.cookie = session.cookie
      headers['x-csrf-token'] = choice === 'bad-csrf' ? `${session.csrf}x` : session.csrf
    }
    return headers
  }

  async function sign(body: string) {
    const token = new AccessToken(harness.config.LIVEKIT_API_KEY, harness.config.LIVEKIT_API_SECRET)
    token.sha256 = createHash('sha256').update(body).digest('base64')
    return token.toJwt()
  }

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.method} ${endpoint.route}`, async () => {
      const paramNames = [...endpoint.route.matchAll(/:(\w+)/g)].map((m) => m[1] as string)
      const requestArbitrary = fc.record({
        params: fc.tuple(...paramNames.map((name) => pathSegment(endpoint.params?.[name]))),
        query: queryArbitrary(endpoint.query),
        body: bodyArbitrary(endpoint),
        session: fc.constantFrom(
          'valid',
          'valid',
          'valid',
          'valid',
          'valid',
          'valid',
          'none',
          'garbage',
          'bad-csrf',
        ) as fc.Arbitrary<'valid' | 'none' | 'garbage' | 'bad-csrf'>,
        method: fc.constantFrom(
          endpoint.method,
          endpoint.method,
          endpoint.method,
          endpoint.method,
          'GET',
          'DELETE',
          'PUT',
        ) as fc.Arbitrary<Method>,
        signed: fc.boolean(),
        authorization: fc.oneof(fc.constant(undefined), fc.string(), fc.constantFrom('Bearer x', 'a.b.c')),
      })
      const seen: number[] = []
      let before = await snapshot()
      await fc.assert(
        fc.asyncProperty(requestArbitrary, async (input) => {
          let route = endpoint.route
          paramNames.forEach((name, i) => {
            route = route.replace(`:${name}`, input.params[i] ?? '')
          })
          const search = new URLSearchParams(input.query).toString()
          const headers = await sessionHeaders(endpoint.auth, input.session)
          // A fresh sign-in (to have a session to sign out of) is the test's write, not the request's.
          if (endpoint.auth === 'fresh-staff') before = await snapshot()
          if (input.body.contentType !== undefined) headers['content-type'] = input.body.contentType
          if (endpoint.webhook) {
            if (input.signed && typeof input.body.payload === 'string')
              headers.authorization = await sign(input.body.payload)
            else if (input.authorization !== undefined) headers.authorization = input.authorization
          }
          const request: Sent = {
            method: input.method,
            url: `${route}${search ? `?${search}` : ''}`,
            headers,
            remoteAddress: nextAddress(),
            // A GET with a body is refused by inject itself; send the body only where one makes sense.
            ...(input.method === 'GET' ? {} : { payload: input.body.payload }),
          }
          const answer = await send(request)
          seen.push(answer.status)
          const what = `${request.method} ${request.url.slice(0, 300)} → ${answer.status} ${answer.body.slice(0, 300)}`
          expect(answer.status < 500 || answer.status === endpoint.tolerate, what).toBe(true)
          const after = await snapshot()
          if (answer.status >= 400 && answer.status !== endpoint.tolerate) {
            const error = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } }
            expect(typeof error.error?.code, what).toBe('string')
            expect(typeof error.error?.message, what).toBe('string')
            // Answered through the app (its hooks ran), not around it.
            expect(answer.referrerPolicy, what).toBe('no-referrer')
            expect(after, `state changed on ${what}`).toBe(before)
          }
          before = after
        }),
        { numRuns: endpoint.runs ?? 30, endOnFailure: true },
      )
      // Some requests got past validation to the route's own logic (or there is nothing to validate).
      expect(seen.some((s) => s !== 400)).toBe(true)

      // Then, deterministically, values that pass the schemas but not Postgres, in every field of
      // the valid body and query: each found by this test once, as a 500.
      const seed = endpoint.body?.()
      const variants: { body?: unknown; query?: Record<string, string> }[] = []
      for (const poison of POISON) {
        for (const at of pathsOf(seed).filter((p) => p.length > 0))
          variants.push({ body: mutate(seed, at, 'replace', poison, '') })
        for (const key of Object.keys(endpoint.query?.() ?? {}))
          variants.push({ query: { ...endpoint.query?.(), [key]: poison } })
      }
      for (const variant of endpoint.webhook ? [] : variants) {
        let route = endpoint.route
        for (const name of paramNames) route = route.replace(`:${name}`, endpoint.params?.[name]?.() ?? '')
        const search = new URLSearchParams(variant.query ?? endpoint.query?.() ?? {}).toString()
        const headers = await sessionHeaders(endpoint.auth, 'valid')
        if (variant.body !== undefined) headers['content-type'] = 'application/json'
        before = await snapshot()
        const answer = await send({
          method: endpoint.method,
          url: `${route}${search ? `?${search}` : ''}`,
          headers,
          remoteAddress: nextAddress(),
          ...(variant.body === undefined ? {} : { payload: JSON.stringify(variant.body) }),
        })
        const what = `${endpoint.method} ${route}?${search} ${JSON.stringify(variant.body) ?? ''} → ${answer.status} ${answer.body.slice(0, 200)}`
        expect(answer.status < 500, what).toBe(true)
        if (answer.status >= 400) expect(await snapshot(), `state changed on ${what}`).toBe(before)
      }
    })
  }

  it('handed no invalid Date to the database driver in any of the requests above', () => {
    expect(invalidDatesSentToPostgres).toEqual([])
  })
})

describe('personal links under guessing', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>
  let harness: Awaited<ReturnType<typeof buildTestApp>>
  const LIMIT = 7

  beforeAll(async () => {
    fresh = await freshDatabase(testEnv.DATABASE_URL, `${DB_NAME}_links`)
    harness = await buildTestApp(fresh.db, { LINK_OPENS_PER_MINUTE: String(LIMIT) })
  }, 60_000)
  afterAll(async () => {
    await harness?.close()
    await fresh?.drop()
  })

  it('an address that keeps guessing gets 429 after LINK_OPENS_PER_MINUTE; another address is still served', async () => {
    const guesser = `10.66.${Math.floor(Math.random() * 250)}.1`
    const statuses: number[] = []
    for (let i = 0; i < LIMIT + 3; i++) {
      const response = await harness.app.inject({
        url: `/t/${randomBytes(32).toString('base64url')}`,
        remoteAddress: guesser,
      })
      statuses.push(response.statusCode)
      if (response.statusCode === 429) expect(response.json().error.code).toBe('rate_limited')
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(303), 429, 429, 429])
    // Hand-over links count against the same kind of limit.
    const handoff = await harness.app.inject({
      url: `/h/${randomBytes(32).toString('base64url')}`,
      remoteAddress: guesser,
    })
    expect(handoff.statusCode).toBe(303)
    const other = await harness.app.inject({
      url: `/t/${randomBytes(32).toString('base64url')}`,
      remoteAddress: '10.67.0.1',
    })
    expect(other.statusCode).toBe(303)
  })

  it('an unknown link and an expired one (its appointment past retention, purged) are answered alike', async () => {
    const { organisation, advisor } = await createOrganisationWithAdvisor(fresh.db)
    const longAgo = new Date(Date.now() - 60 * 24 * 3600_000)
    const booked = await bookAppointment(
      {
        db: fresh.db,
        linkEncryptionKey: harness.config.LINK_ENCRYPTION_KEY,
        publicUrl: harness.config.PUBLIC_URL,
        now: longAgo,
      },
      { userId: advisor.id, organisationId: organisation.id, role: 'advisor' },
      {
        citizen: { firstName: 'Ada', lastName: 'Abgelaufen', email: 'ada@bad-input.example' },
        startsAt: new Date(longAgo.getTime() + 3600_000).toISOString(),
        durationMinutes: 30,
      },
    )
    const token = booked.personalLink.split('/t/')[1] ?? ''
    // Cancelled weeks ago: its retention is over, so the purge deletes its participants.
    await fresh.db
      .updateTable('appointments')
      .set({ status: 'cancelled', updated_at: longAgo })
      .where('id', '=', booked.appointment.id)
      .execute()
    const purged = await purgeExpiredPersonalData(fresh.db, { now: new Date() })
    expect(purged.participants).toBe(1)

    const open = async (t: string) => {
      const response = await harness.app.inject({
        url: `/t/${t}`,
        remoteAddress: `10.68.0.${Math.floor(Math.random() * 250)}`,
      })
      const {
        date: _date,
        'x-request-id': _id,
        'x-ratelimit-remaining': _left,
        'x-ratelimit-reset': _reset,
        ...headers
      } = response.headers
      return { status: response.statusCode, headers, body: response.body }
    }
    const expired = await open(token)
    const unknown = await open(randomBytes(32).toString('base64url'))
    expect(expired.status).toBe(303)
    expect(expired.headers.location).toBe('/p/link-unknown')
    expect(expired.headers['set-cookie']).toBeUndefined()
    expect(expired).toEqual(unknown)
  })
})
