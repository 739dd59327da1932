import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEventStream } from '../../../../../tests/support/api-process.ts'
import { buildTestApp, cookieFrom } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { bookAppointment } from '../appointments/booking.service.ts'
import { PARTICIPANT_COOKIE } from './require-participant.ts'

const measurement = {
  camera: { status: 'ok', framesSeen: 42 },
  microphone: { status: 'ok', peakLevel: 0.3 },
  speaker: { status: 'ok' },
  connection: { status: 'ok', signalling: true, webrtc: true, protocol: 'udp', publishAudio: true, publishVideo: true },
  network: { uploadKbps: 1800, downloadKbps: 5000, rttMs: 12, packetLossPercent: 0 },
}

describe('consent withdrawal', () => {
  const db = openTestDb()
  let harness: Awaited<ReturnType<typeof buildTestApp>>
  let baseUrl: string
  beforeAll(async () => {
    harness = await buildTestApp(db)
    baseUrl = await harness.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await harness.close()
    await db.destroy()
  })

  it('erases the data at once and tells the advisor’s live view, which then shows the withdrawal', async () => {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const booked = await bookAppointment(
      {
        db,
        linkEncryptionKey: harness.config.LINK_ENCRYPTION_KEY,
        publicUrl: harness.config.PUBLIC_URL,
        now: new Date(),
      },
      { userId: advisor.id, organisationId: organisation.id, role: 'advisor' },
      {
        citizen: { firstName: 'Wanda', lastName: 'Widerruf', email: `withdraw-${randomUUID()}@test.example` },
        startsAt: new Date(Date.now() + 2 * 60_000).toISOString(),
        durationMinutes: 30,
      },
    )
    const opened = await fetch(`${baseUrl}/t/${booked.personalLink.split('/t/')[1]}`, { redirect: 'manual' })
    const cookie = cookieFrom(opened.headers.getSetCookie(), PARTICIPANT_COOKIE) ?? ''
    const citizen = (path: string, body?: object) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    expect((await citizen('/api/p/consent', { version: 0 })).status).toBe(204)
    expect((await citizen('/api/p/device-check/result', measurement)).status).toBe(201)
    expect((await citizen('/api/p/waiting-room')).status).toBe(200)

    const login = await fetch(`${baseUrl}/api/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: advisor.email, password: advisor.password }),
    })
    const staffCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const staffEvents = await openEventStream(`${baseUrl}/api/staff/events`, staffCookie)
    try {
      await staffEvents.next('ready')
      expect((await citizen('/api/p/consent/withdraw')).status).toBe(204)

      // The advisor hears of it at once, ids only …
      expect(await staffEvents.next('withdrawn')).toEqual({
        appointmentId: booked.appointment.id,
        participantId: booked.participantId,
      })
      expect(await staffEvents.next('change')).toEqual({ appointmentId: booked.appointment.id })
      // … and the live view, re-reading, shows "consent withdrawn" without the name.
      const detail = await fetch(`${baseUrl}/api/staff/appointments/${booked.appointment.id}`, {
        headers: { cookie: staffCookie },
      })
      const body = (await detail.json()) as { participants: unknown[] }
      expect(body, JSON.stringify(body)).toHaveProperty('participants')
      expect(body.participants[0]).toMatchObject({
        id: booked.participantId,
        status: 'withdrawn',
        firstName: '',
        lastName: '',
        deviceCheck: null,
      })
    } finally {
      staffEvents.close()
    }

    const row = await db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', booked.participantId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ first_name: '', last_name: '', email: '', customer_number: null, waiting_since: null })
    // Nor does the sealed link for later mails stay.
    expect(row.link_token_sealed).toBeNull()
    expect(JSON.stringify(row)).not.toMatch(/Wanda|Widerruf|withdraw-/)
    for (const table of ['device_checks', 'outbox'] as const) {
      const left = await db.selectFrom(table).select('id').where('participant_id', '=', booked.participantId).execute()
      expect(left, table).toEqual([])
    }
  })
})
