// Benchmark G: the purge of 1,000,000 expired participants (with their device checks,
// sessions and outbox rows), and what it does to the API meanwhile: the p99 latency of a
// read endpoint (an advisor's appointment list) during the purge against the same load
// without it, in the same run. Rows are made with generate_series, not one by one.
// Load this module only after the stack's variables are in process.env (test-env.ts reads them).
// Alone: node scripts/bench/purge.ts [participants]   (against a running test stack)
import { sql } from 'kysely'
import { runMaintenance } from '../../apps/worker/src/purge/maintenance.ts'
import { createDb } from '../../packages/db/src/index.ts'
import { createOrganisationWithAdvisor, signIn } from '../../tests/support/fixtures.ts'
import { testEnv } from '../../tests/support/test-env.ts'

export interface PurgeBenchResult {
  participants: number
  generateMs: number
  statisticsMs: number
  purgeMs: number
  purged: { appointments: number; participants: number; deviceChecks: number; participantSessions: number }
  /** Latencies of the read endpoint in ms: the same load without the purge, then during it. */
  baseline: LatencySummary
  duringPurge: LatencySummary
  concurrency: number
}

export interface LatencySummary {
  requests: number
  p50: number
  p99: number
  max: number
}

const progress = (message: string) => process.stderr.write(`[purge bench] ${message}\n`)

function summarise(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
  return { requests: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN }
}

/** Keeps `concurrency` requests in flight until `until()` says stop; returns every latency. */
async function load(request: () => Promise<Response>, concurrency: number, until: () => boolean) {
  const latencies: number[] = []
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!until()) {
        const started = performance.now()
        const response = await request()
        await response.arrayBuffer()
        if (response.status !== 200) throw new Error(`read endpoint answered ${response.status}`)
        latencies.push(performance.now() - started)
      }
    }),
  )
  return latencies
}

export async function measurePurge(participants = 1_000_000, options: { concurrency?: number } = {}) {
  const concurrency = options.concurrency ?? 4
  const db = createDb(testEnv.DATABASE_URL, { max: 4 })
  try {
    // The organisation whose expired data goes: two participants per appointment, each with an
    // (already sent) invitation, a device check and a session, spread over 40 days that
    // ended 20 to 60 days ago.
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const appointments = Math.ceil(participants / 2)
    const now = new Date()
    const generateStarted = performance.now()
    await sql`
      insert into appointments (organisation_id, advisor_id, starts_at, duration_minutes, status, call_started_at, call_ended_at)
      select ${organisation.id}::uuid, ${advisor.id}::uuid, t, 30, 'scheduled', t + interval '1 minute', t + interval '25 minutes'
      from (select ${now}::timestamptz - interval '60 days' + (g % 40) * interval '1 day' + (g % 480) * interval '1 minute' as t
            from generate_series(1, ${appointments}) g) s`.execute(db)
    await sql`
      insert into participants (appointment_id, role, first_name, last_name, email, customer_number, link_token_hash,
        link_issued_at, link_opened_at, consent_version, consented_at)
      select a.id, r.role, 'Bench', 'Person', 'bench-' || a.id || '-' || r.role || '@bench.example', 'KD-4711',
        sha256(convert_to(a.id::text || r.role, 'UTF8')), a.starts_at - interval '7 days', a.starts_at - interval '1 hour',
        0, a.starts_at - interval '1 hour'
      from appointments a cross join (values ('citizen'), ('interpreter')) r(role)
      where a.organisation_id = ${organisation.id}`.execute(db)
    await sql`
      insert into outbox (kind, participant_id, created_at, enqueued_at, sent_at, attempts)
      select 'invitation', p.id, a.starts_at - interval '7 days', a.starts_at - interval '7 days', a.starts_at - interval '7 days', 1
      from participants p join appointments a on a.id = p.appointment_id
      where a.organisation_id = ${organisation.id}`.execute(db)
    await sql`
      insert into device_checks (participant_id, created_at, overall, measurement, browser, os, device_type, ip_address)
      select p.id, a.starts_at - interval '1 hour', 'green',
        '{"connection":{"protocol":"udp"},"network":{"uploadKbps":2400,"downloadKbps":8000,"rttMs":20,"packetLossPercent":0}}',
        'Firefox 128', 'Windows 11', 'desktop', '198.51.100.7'
      from participants p join appointments a on a.id = p.appointment_id
      where a.organisation_id = ${organisation.id}`.execute(db)
    await sql`
      insert into participant_sessions (id_hash, participant_id, expires_at)
      select sha256(convert_to(p.id::text, 'UTF8')), p.id, a.starts_at + interval '1 day'
      from participants p join appointments a on a.id = p.appointment_id
      where a.organisation_id = ${organisation.id}`.execute(db)
    await sql`analyze`.execute(db)
    const generateMs = performance.now() - generateStarted
    progress(`generated ${participants} participants in ${Math.round(generateMs)} ms`)

    // The statistics of those days first (the purge waits for final days), not timed as purge.
    const statisticsStarted = performance.now()
    const { aggregateDailyStatistics } = await import('../../apps/worker/src/statistics/daily-statistics.ts')
    await aggregateDailyStatistics(db, now)
    const statisticsMs = performance.now() - statisticsStarted
    progress(`statistics in ${Math.round(statisticsMs)} ms`)

    // The reader: another organisation's advisor with a page of appointments.
    const reader = await createOrganisationWithAdvisor(db)
    await sql`
      insert into appointments (organisation_id, advisor_id, starts_at, duration_minutes)
      select ${reader.organisation.id}::uuid, ${reader.advisor.id}::uuid, ${now}::timestamptz + g * interval '1 hour', 30
      from generate_series(1, 20) g`.execute(db)
    const staff = await signIn(testEnv.API_URL, reader.advisor.email, reader.advisor.password)
    const read = () => staff.request('GET', '/api/staff/appointments')
    // Warm up, then the baseline: 15 s of the same load without the purge.
    const warm = Date.now() + 2000
    await load(read, concurrency, () => Date.now() > warm)
    const baselineEnd = Date.now() + 15_000
    const baseline = await load(read, concurrency, () => Date.now() > baselineEnd)

    let purging = true
    const purgeStarted = performance.now()
    const during = load(read, concurrency, () => !purging)
    const result = await runMaintenance(db, now).finally(() => {
      purging = false
    })
    const purgeMs = performance.now() - purgeStarted
    const duringPurge = await during
    const left = await sql<{ n: string }>`
      select count(*) as n from participants p join appointments a on a.id = p.appointment_id
      where a.organisation_id = ${organisation.id}`.execute(db)
    if (Number(left.rows[0]?.n) !== 0) throw new Error(`${left.rows[0]?.n} participants were not purged`)
    return {
      participants,
      generateMs,
      statisticsMs,
      purgeMs,
      purged: result.purged,
      baseline: summarise(baseline),
      duringPurge: summarise(duringPurge),
      concurrency,
    } satisfies PurgeBenchResult
  } finally {
    await db.destroy()
  }
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 1_000_000)
  process.stdout.write(`${JSON.stringify(await measurePurge(count))}\n`)
}
