import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEventStream, startApiReplica } from '../support/api-process.ts'
import { createOrganisationWithAdvisor, openTestDb, signIn } from '../support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../support/inbox.ts'
import { apiEnv, testEnv } from '../support/test-env.ts'

describe('live updates across API replicas (fan-out through Redis)', () => {
  const db = openTestDb()
  let replica: Awaited<ReturnType<typeof startApiReplica>>
  beforeAll(async () => {
    replica = await startApiReplica(
      {
        ...apiEnv(),
      },
      3150,
    )
  })
  afterAll(async () => {
    await replica?.stop()
    await db.destroy()
  })

  it('a citizen entering the waiting room through one API process reaches the advisor on another', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    // The advisor is signed in and listening on the second process …
    const staff = await signIn(replica.url, advisor.email, advisor.password)
    const email = `citizen-${randomUUID()}@test.example`
    const booked = await staff.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Fanny', lastName: 'Aus', email },
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      durationMinutes: 30,
    })
    const appointment = (await booked.json()) as { id: string }
    const staffEvents = await openEventStream(`${replica.url}/api/staff/events`, staff.cookie)
    // … while the citizen talks to the first one (the test stack's API).
    const [mail] = await waitForMail(email)
    const token = personalLinkIn(mail?.Text ?? '').split('/t/')[1]
    const opened = await fetch(`${testEnv.API_URL}/t/${token}`, { redirect: 'manual' })
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const citizen = (method: string, path: string, body?: unknown) =>
      fetch(`${testEnv.API_URL}${path}`, {
        method,
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    try {
      await staffEvents.next('ready')
      expect((await citizen('POST', '/api/p/consent', { version: 0 })).status).toBe(204)
      expect(await staffEvents.next('change')).toEqual({ appointmentId: appointment.id })
      expect((await citizen('POST', '/api/p/waiting-room')).status).toBe(200)
      expect(await staffEvents.next('change')).toEqual({ appointmentId: appointment.id })
      const detail = await staff.request('GET', `/api/staff/appointments/${appointment.id}`)
      expect(((await detail.json()) as { participants: { status: string }[] }).participants[0]?.status).toBe('waiting')
    } finally {
      staffEvents.close()
    }
  })
})
