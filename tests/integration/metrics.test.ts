import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createOrganisationWithAdvisor, openTestDb, signIn } from '../support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../support/inbox.ts'
import { sample, scrape } from '../support/metrics.ts'
import { waitFor } from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'

const apiMetrics = testEnv.API_METRICS_URL ?? ''
const workerMetrics = testEnv.WORKER_METRICS_URL ?? ''

describe.skipIf(!apiMetrics || !workerMetrics)('/metrics of the stack’s api and worker (Prometheus text)', () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  it('the api is not scraped on its public port; the metrics port answers /healthz', async () => {
    expect((await fetch(`${testEnv.API_URL}/metrics`)).status).toBe(404)
    expect((await fetch(`${apiMetrics}/healthz`)).status).toBe(200)
    expect((await fetch(`${workerMetrics}/healthz`)).status).toBe(200)
  })

  it('request latency by route template: a personal link counts as /t/:token, never with its secret', async () => {
    const route = { method: 'GET', route: '/t/:token', status_code: '303' }
    const before = sample(await scrape(apiMetrics), 'videotermin_http_request_duration_seconds_count', route)
    const token = randomBytes(32).toString('base64url')
    expect((await fetch(`${testEnv.API_URL}/t/${token}`, { redirect: 'manual' })).status).toBe(303)
    await fetch(`${testEnv.API_URL}/no/such/${token}`)
    const after = await scrape(apiMetrics)
    expect(sample(after, 'videotermin_http_request_duration_seconds_count', route)).toBe(before + 1)
    expect(sample(after, 'videotermin_http_request_duration_seconds_count', { route: '(no route)' })).toBeGreaterThan(0)
    expect(after).not.toContain(token)
    expect(after).toContain('process_cpu_seconds_total')
  })

  it('a booking moves the worker’s e-mail and job counters; admission the wait time; a call the calls gauge', async () => {
    const worker0 = await scrape(workerMetrics)
    const api0 = await scrape(apiMetrics)
    expect(sample(worker0, 'videotermin_queue_jobs', { queue: 'email', state: 'waiting' })).toBeGreaterThanOrEqual(0)
    expect(worker0).toContain('videotermin_queue_jobs{queue="email",state="failed"}')

    const { advisor } = await createOrganisationWithAdvisor(db)
    const staff = await signIn(testEnv.API_URL, advisor.email, advisor.password)
    const email = `citizen-${randomUUID()}@test.example`
    const booking = await staff.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Mia', lastName: 'Messwert', email },
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      durationMinutes: 30,
    })
    expect(booking.status).toBe(201)
    const { id: appointmentId } = (await booking.json()) as { id: string }
    const [mail] = await waitForMail(email)
    const worker1 = await waitFor(
      () => scrape(workerMetrics),
      (text) => sample(text, 'videotermin_emails_sent_total') > sample(worker0, 'videotermin_emails_sent_total'),
      'the sent e-mail to be counted',
      5000,
    )
    expect(sample(worker1, 'videotermin_jobs_total', { queue: 'email', outcome: 'completed' })).toBeGreaterThan(
      sample(worker0, 'videotermin_jobs_total', { queue: 'email', outcome: 'completed' }),
    )

    // The citizen waits a moment, the advisor admits: one more wait-time observation.
    const token = personalLinkIn(mail?.Text ?? '').split('/t/')[1]
    const opened = await fetch(`${testEnv.API_URL}/t/${token}`, { redirect: 'manual' })
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const citizen = (path: string, body?: unknown) =>
      fetch(`${testEnv.API_URL}${path}`, {
        method: 'POST',
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    expect((await citizen('/api/p/consent', { version: 0 })).status).toBe(204)
    expect((await citizen('/api/p/waiting-room')).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const participant = await db
      .selectFrom('participants')
      .select('id')
      .where('appointment_id', '=', appointmentId)
      .executeTakeFirstOrThrow()
    const admit = await staff.request(
      'POST',
      `/api/staff/appointments/${appointmentId}/participants/${participant.id}/admit`,
    )
    expect(admit.status).toBe(204)
    const api1 = await scrape(apiMetrics)
    expect(sample(api1, 'videotermin_waiting_room_wait_seconds_count')).toBe(
      sample(api0, 'videotermin_waiting_room_wait_seconds_count') + 1,
    )
    expect(sample(api1, 'videotermin_waiting_room_wait_seconds_sum')).toBeGreaterThan(
      sample(api0, 'videotermin_waiting_room_wait_seconds_sum') + 0.2,
    )

    // Call start and end come from LiveKit's webhooks into these columns; the gauge reads them.
    const calls0 = sample(api1, 'videotermin_calls_in_progress')
    await db.updateTable('appointments').set({ call_started_at: new Date() }).where('id', '=', appointmentId).execute()
    expect(sample(await scrape(apiMetrics), 'videotermin_calls_in_progress')).toBe(calls0 + 1)
    await db.updateTable('appointments').set({ call_ended_at: new Date() }).where('id', '=', appointmentId).execute()
    expect(sample(await scrape(apiMetrics), 'videotermin_calls_in_progress')).toBe(calls0)

    // Nothing personal in either exposition.
    for (const text of [api1, worker1]) {
      for (const secret of [email, 'Messwert', token ?? '']) expect(text).not.toContain(secret)
    }
  })
})
