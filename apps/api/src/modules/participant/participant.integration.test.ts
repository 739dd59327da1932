import { randomBytes, randomUUID } from 'node:crypto'
import { decodeJwt } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import { cookieFrom, testAppForFile } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { injectAsStaff } from '../../../../../tests/support/staff-inject.ts'
import { bookAppointment } from '../appointments/booking.service.ts'
import { PARTICIPANT_COOKIE } from './require-participant.ts'

describe('personal link, participant session and room token (real Postgres, Redis, LiveKit)', () => {
  const db = openTestDb()
  const harness = testAppForFile(db)

  async function bookFor(startsInMinutes: number, durationMinutes = 30) {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const email = `citizen-${randomUUID()}@test.example`
    const booked = await bookAppointment(
      {
        db,
        linkEncryptionKey: harness.config.LINK_ENCRYPTION_KEY,
        publicUrl: harness.config.PUBLIC_URL,
        now: new Date(),
      },
      { userId: advisor.id, organisationId: organisation.id, role: 'advisor' },
      {
        citizen: { firstName: 'Olga', lastName: 'Probe', email },
        startsAt: new Date(Date.now() + startsInMinutes * 60_000).toISOString(),
        durationMinutes,
      },
    )
    const token = booked.personalLink.split('/t/')[1] ?? ''
    return { ...booked, token, email, advisor, organisation }
  }

  async function open(token: string) {
    const response = await harness.app.inject({
      url: `/t/${token}`,
      remoteAddress: `10.2.0.${Math.floor(Math.random() * 250)}`,
    })
    return { response, cookie: cookieFrom(response.headers['set-cookie'], PARTICIPANT_COOKIE) }
  }

  it('exchanges the link for an HttpOnly __Host- cookie, redirects the token out of the URL, sends no referrer', async () => {
    const booked = await bookFor(60)
    const { response, cookie } = await open(booked.token)
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/p')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
    const setCookie = String(response.headers['set-cookie'])
    expect(setCookie).toMatch(/^__Host-vt_p=/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('Secure')
    expect(setCookie).toContain('SameSite=Lax')
    expect(setCookie).toContain('Path=/')
    expect(setCookie).not.toContain('Domain=')
    const participant = await db
      .selectFrom('participants')
      .select('link_opened_at')
      .where('id', '=', booked.participantId)
      .executeTakeFirstOrThrow()
    expect(participant.link_opened_at).toBeInstanceOf(Date)

    const me = await harness.app.inject({ url: '/api/p/me', headers: { cookie: cookie ?? '' } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({
      participant: { firstName: 'Olga', lastName: 'Probe', language: 'de' },
      appointment: { status: 'scheduled', durationMinutes: 30 },
      consent: { version: 0, text: null, given: false, withdrawn: false },
      waiting: 'not_waiting',
      deviceCheck: null,
      surveyAnswered: false,
      advisor: { displayName: booked.advisor.display_name },
      organisation: { name: booked.organisation.name, timeZone: 'Europe/Berlin' },
    })
    // The page learns nothing it does not show: no e-mail address, no ids.
    expect(me.body).not.toContain(booked.email)
    expect(me.body).not.toContain(booked.participantId)
  })

  it('answers unknown, malformed and replaced links alike: a redirect to the explanation, no cookie', async () => {
    const booked = await bookFor(60)
    await db
      .updateTable('participants')
      .set({ link_token_hash: randomBytes(32) }) // a fresh link was issued
      .where('id', '=', booked.participantId)
      .execute()
    for (const token of [booked.token, 'A'.repeat(43), 'short', '%00%27;drop']) {
      const { response, cookie } = await open(token)
      expect(response.statusCode, token).toBe(303)
      expect(response.headers.location, token).toBe('/p/link-unknown')
      expect(cookie, token).toBeUndefined()
    }
    expect((await harness.app.inject({ url: '/api/p/me' })).statusCode).toBe(401)
  })

  it('hands the session over to another device once, through a short-lived link', async () => {
    const booked = await bookFor(60)
    const { cookie } = await open(booked.token)
    const handoff = await harness.app.inject({
      method: 'POST',
      url: '/api/p/handoff',
      headers: { cookie: cookie ?? '' },
    })
    expect(handoff.statusCode).toBe(200)
    const { url, expiresAt } = handoff.json()
    expect(url).toMatch(new RegExp(`^${harness.config.PUBLIC_URL}/h/[A-Za-z0-9_-]{43}$`))
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(600_000)
    const path = new URL(url).pathname
    const phone = await harness.app.inject({ url: path, remoteAddress: '10.7.0.1' })
    expect(phone.statusCode).toBe(303)
    expect(phone.headers.location).toBe('/p')
    const phoneCookie = cookieFrom(phone.headers['set-cookie'], PARTICIPANT_COOKIE) ?? ''
    expect(phoneCookie).not.toBe(cookie)
    const me = await harness.app.inject({ url: '/api/p/me', headers: { cookie: phoneCookie } })
    expect(me.json().participant).toMatchObject({ firstName: 'Olga', lastName: 'Probe' })
    // Once only: the same link does nothing a second time.
    const again = await harness.app.inject({ url: path, remoteAddress: '10.7.0.2' })
    expect(again.headers.location).toBe('/p/link-unknown')
    expect(cookieFrom(again.headers['set-cookie'], PARTICIPANT_COOKIE)).toBeUndefined()
    expect((await harness.app.inject({ method: 'POST', url: '/api/p/handoff' })).statusCode).toBe(401)
  })

  it('rate-limits personal-link lookups per address, so links cannot be guessed at speed', async () => {
    const statuses: number[] = []
    for (let i = 0; i <= harness.config.LINK_OPENS_PER_MINUTE; i++) {
      const response = await harness.app.inject({ url: `/t/${'B'.repeat(43)}`, remoteAddress: '10.6.0.1' })
      statuses.push(response.statusCode)
    }
    expect(statuses.slice(0, -1).every((s) => s === 303)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
  })

  it('mints a room token only after consent and admission, within the join window, with minimal grants', async () => {
    const booked = await bookFor(3)
    const { cookie } = await open(booked.token)
    const asCitizen = (method: 'GET' | 'POST', url: string, payload?: object) =>
      harness.app.inject({ method, url, headers: { cookie: cookie ?? '' }, ...(payload ? { payload } : {}) })
    const asStaff = await injectAsStaff(harness.app, booked.advisor.email, booked.advisor.password)

    // Without consent: no waiting room, no token.
    expect((await asCitizen('POST', '/api/p/waiting-room')).statusCode).toBe(403)
    expect((await asCitizen('POST', '/api/p/room-token')).statusCode).toBe(403)
    expect((await asCitizen('POST', '/api/p/consent', { version: 0 })).statusCode).toBe(204)

    harness.clock.advance(-10 * 60_000) // ten minutes earlier: before the 5-minute lead
    const early = await asCitizen('POST', '/api/p/waiting-room')
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('too_early')
    harness.clock.reset()

    expect((await asCitizen('POST', '/api/p/waiting-room')).json()).toEqual({ status: 'waiting' })
    // Waiting is not admitted: still no token, so no media and no chat can flow.
    expect((await asCitizen('POST', '/api/p/room-token')).statusCode).toBe(403)
    const admit = await asStaff(
      'POST',
      `/api/staff/appointments/${booked.appointment.id}/participants/${booked.participantId}/admit`,
    )
    expect(admit.statusCode).toBe(204)

    const granted = await asCitizen('POST', '/api/p/room-token')
    expect(granted.statusCode).toBe(200)
    const { serverUrl, token } = granted.json()
    expect(serverUrl).toBe(harness.config.LIVEKIT_URL)
    const claims = decodeJwt(token) as Record<string, unknown> & { video: Record<string, unknown> }
    const roomName = `appointment-${booked.appointment.id}`
    expect(claims.sub).toBe(`participant-${booked.participantId}`)
    expect(claims.name).toBe('Olga Probe')
    expect(claims.video).toMatchObject({ room: roomName, roomJoin: true, canPublish: true, canSubscribe: true })
    for (const grant of [
      'roomAdmin',
      'roomCreate',
      'roomList',
      'roomRecord',
      'hidden',
      'recorder',
      'ingressAdmin',
      'agent',
    ]) {
      expect(claims.video[grant], grant).toBeFalsy()
    }
    expect(Number(claims.exp) - Number(claims.nbf ?? claims.iat ?? 0)).toBeLessThanOrEqual(600)
    expect(JSON.stringify(claims)).not.toContain(booked.email)

    // The API created the room, sized for the invited people plus the advisor.
    const [room] = await harness.rooms.listRooms([roomName])
    expect(room?.maxParticipants).toBe(2)

    // The room closes (here: deleted at LiveKit behind the API's back). LiveKit's room_finished
    // webhook reaches the stack's api, which tells every API process (this one too) to forget
    // the room; a token request then makes it anew, as the page's retry would.
    await harness.rooms.deleteRoom(roomName)
    // Coming back later (a dropped connection) needs no second admission.
    expect((await asCitizen('POST', '/api/p/waiting-room')).json()).toEqual({ status: 'admitted' })
    await vi.waitFor(
      async () => {
        expect((await asCitizen('POST', '/api/p/room-token')).statusCode).toBe(200)
        expect(await harness.rooms.listRooms([roomName])).toHaveLength(1)
      },
      { timeout: 10_000, interval: 250 },
    )
    await harness.rooms.deleteRoom(roomName)

    harness.clock.advance(40 * 60_000) // after the end
    const late = await asCitizen('POST', '/api/p/room-token')
    harness.clock.reset()
    expect(late.statusCode).toBe(410)
    expect(late.json().error.code).toBe('appointment_over')
  })

  it('refuses a room token for a cancelled appointment', async () => {
    const booked = await bookFor(1)
    const { cookie } = await open(booked.token)
    await harness.app.inject({
      method: 'POST',
      url: '/api/p/consent',
      headers: { cookie: cookie ?? '' },
      payload: { version: 0 },
    })
    await db.updateTable('appointments').set({ status: 'cancelled' }).where('id', '=', booked.appointment.id).execute()
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/p/room-token',
      headers: { cookie: cookie ?? '' },
    })
    expect(response.statusCode).toBe(410)
    expect(response.json().error.code).toBe('appointment_cancelled')
  })

  it('LiveKit itself refuses rooms the API did not create (auto_create is off)', async () => {
    const { AccessToken } = await import('livekit-server-sdk')
    const validate = async (room: string) => {
      const at = new AccessToken(harness.config.LIVEKIT_API_KEY, harness.config.LIVEKIT_API_SECRET, {
        identity: 'probe',
      })
      at.addGrant({ room, roomJoin: true })
      const base = harness.config.LIVEKIT_URL.replace(/^ws/, 'http')
      const response = await fetch(`${base}/rtc/validate?access_token=${await at.toJwt()}`)
      return { status: response.status, body: await response.text() }
    }
    const created = `appointment-${randomUUID()}`
    await harness.rooms.createRoom({ name: created })
    expect(await validate(created)).toEqual({ status: 200, body: 'success' })
    await harness.rooms.deleteRoom(created)
    expect(await validate(`appointment-${randomUUID()}`)).toEqual({
      status: 404,
      body: 'requested room does not exist',
    })
  })
})
