// Benchmark C: a citizen enters the waiting room through one API process; how long until
// the advisor's live view, connected to another API process, knows? The change travels
// API A → Redis pub/sub → API B → SSE → the view re-reads the appointment from API B.
// Load this module only after the stack's variables are in process.env (test-env.ts reads them).
import { randomUUID } from 'node:crypto'
import { openEventStream, startApiReplica } from '../../tests/support/api-process.ts'
import { createOrganisationWithAdvisor, openTestDb, signIn } from '../../tests/support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../../tests/support/inbox.ts'
import { apiEnv, testEnv } from '../../tests/support/test-env.ts'

export interface LiveViewLatencyResult {
  warmUpRuns: number
  /** Per run: until the SSE event arrived on API B, and until API B's detail showed "waiting". */
  runs: { eventMs: number; viewMs: number }[]
}

export async function measureLiveViewLatency(runs = 20, replicaPort = 3250): Promise<LiveViewLatencyResult> {
  const db = openTestDb()
  const replica = await startApiReplica(
    {
      ...apiEnv(),
      LINK_OPENS_PER_MINUTE: '1000',
    },
    replicaPort,
  )
  const warmUpRuns = 1
  const results: LiveViewLatencyResult['runs'] = []
  try {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const staff = await signIn(replica.url, advisor.email, advisor.password)
    const events = await openEventStream(`${replica.url}/api/staff/events`, staff.cookie)
    await events.next('ready')
    for (let run = 0; run < runs + warmUpRuns; run++) {
      const email = `bench-${randomUUID()}@bench.example`
      const booking = await staff.request('POST', '/api/staff/appointments', {
        citizen: { firstName: 'Bench', lastName: `Run${run}`, email },
        startsAt: new Date(Date.now() + 60_000).toISOString(),
        durationMinutes: 30,
      })
      const { id } = (await booking.json()) as { id: string }
      const [mail] = await waitForMail(email)
      const token = personalLinkIn(mail?.Text ?? '').split('/t/')[1]
      const opened = await fetch(`${testEnv.API_URL}/t/${token}`, { redirect: 'manual' })
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      const onA = (path: string, body?: unknown) =>
        fetch(`${testEnv.API_URL}${path}`, {
          method: 'POST',
          headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        })
      await onA('/api/p/consent', { version: 0 })
      // Let the events of booking, link and consent pass before the clock starts.
      await new Promise((resolve) => setTimeout(resolve, 200))
      await events.drain()

      const started = performance.now()
      const entered = await onA('/api/p/waiting-room')
      if (entered.status !== 200) throw new Error(`waiting room refused: ${entered.status}`)
      let event: unknown
      do event = await events.next('change')
      while ((event as { appointmentId?: string }).appointmentId !== id)
      const eventMs = performance.now() - started
      const detail = await staff.request('GET', `/api/staff/appointments/${id}`)
      const { participants } = (await detail.json()) as { participants: { status: string }[] }
      if (participants[0]?.status !== 'waiting') throw new Error('the live view did not show the citizen waiting')
      const viewMs = performance.now() - started
      if (run >= warmUpRuns) results.push({ eventMs, viewMs })
      process.stderr.write(`[live-view] run ${run + 1}: event ${eventMs.toFixed(1)} ms, view ${viewMs.toFixed(1)} ms\n`)
    }
    events.close()
  } finally {
    await replica.stop()
    await db.destroy()
  }
  return { warmUpRuns, runs: results }
}
