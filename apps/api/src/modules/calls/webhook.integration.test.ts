import { createHash, randomUUID } from 'node:crypto'
import { AccessToken } from 'livekit-server-sdk'
import { describe, expect, it } from 'vitest'
import { testAppForFile } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { injectAsStaff } from '../../../../../tests/support/staff-inject.ts'

/** Signs a body the way LiveKit does: a JWT whose sha256 claim is the body's hash. */
async function sign(body: string, key: string, secret: string) {
  const token = new AccessToken(key, secret)
  token.sha256 = createHash('sha256').update(body).digest('base64')
  return token.toJwt()
}

describe('LiveKit webhook', () => {
  const db = openTestDb()
  const harness = testAppForFile(db)

  async function appointment() {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const { id } = await db
      .insertInto('appointments')
      .values({ organisation_id: organisation.id, advisor_id: advisor.id, starts_at: new Date(), duration_minutes: 30 })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id, organisationId: organisation.id, advisorId: advisor.id, advisor }
  }

  const event = (
    appointmentId: string,
    kind: string,
    participant?: { sid: string; identity: string; name?: string },
    at = Date.now(),
  ) =>
    JSON.stringify({
      event: kind,
      id: `EV_${randomUUID()}`,
      createdAt: String(Math.floor(at / 1000)),
      room: { sid: 'RM_x', name: `appointment-${appointmentId}` },
      ...(participant ? { participant } : {}),
    })

  const signed = async (body: string) =>
    post(body, await sign(body, harness.config.LIVEKIT_API_KEY, harness.config.LIVEKIT_API_SECRET))

  const post = (body: string, authorization?: string) =>
    harness.app.inject({
      method: 'POST',
      url: '/api/livekit/webhook',
      headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
      payload: body,
    })

  const callStarted = async (id: string) =>
    (await db.selectFrom('appointments').select('call_started_at').where('id', '=', id).executeTakeFirstOrThrow())
      .call_started_at

  it('accepts a correctly signed event and records the call start', async () => {
    const { id, advisorId } = await appointment()
    const response = await signed(event(id, 'participant_joined', { sid: 'PA_start', identity: `staff-${advisorId}` }))
    expect(response.statusCode).toBe(204)
    expect(await callStarted(id)).toBeInstanceOf(Date)
  })

  it('refuses unsigned, altered and wrongly signed events, and changes nothing', async () => {
    const { id } = await appointment()
    const body = event(id, 'participant_joined', { sid: `PA_${randomUUID()}`, identity: `participant-${randomUUID()}` })
    const valid = await sign(body, harness.config.LIVEKIT_API_KEY, harness.config.LIVEKIT_API_SECRET)
    const attempts = [
      await post(body),
      await post(body, 'Bearer nonsense'),
      await post(body.replace('participant_joined', 'participant_left'), valid),
      await post(body, await sign(body, harness.config.LIVEKIT_API_KEY, 'x'.repeat(43))),
      await post(body, await sign(body, 'another-key', harness.config.LIVEKIT_API_SECRET)),
    ]
    for (const response of attempts) {
      expect(response.statusCode).toBe(401)
      expect(response.json().error.code).toBe('unauthenticated')
    }
    expect(await callStarted(id)).toBeNull()
  })

  it('records who joined and left when, the call’s start, end and duration, and tells the live view', async () => {
    const { id, organisationId, advisorId, advisor } = await appointment()
    const asStaff = await injectAsStaff(harness.app, advisor.email, advisor.password)
    const shownPresence = async () => {
      const detail = (await asStaff('GET', `/api/staff/appointments/${id}`)).json()
      const { inCallSince, leftCallAt } = detail.participants[0]
      return { inCallSince, leftCallAt }
    }
    const participant = await db
      .insertInto('participants')
      .values({
        appointment_id: id,
        role: 'citizen',
        first_name: 'Ada',
        last_name: 'Webhook',
        email: `webhook-${randomUUID()}@test.example`,
        link_token_hash: createHash('sha256').update(randomUUID()).digest(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const heard: unknown[] = []
    const stop = await harness.events.subscribe(`vt:events:organisation:${organisationId}`, (e) => heard.push(e))
    try {
      const t0 = Date.now() - 20 * 60_000
      const staff = { sid: `PA_${randomUUID()}`, identity: `staff-${advisorId}`, name: 'Beraterin' }
      const citizen = { sid: `PA_${randomUUID()}`, identity: `participant-${participant.id}`, name: 'Ada Webhook' }
      expect((await signed(event(id, 'room_started', undefined, t0))).statusCode).toBe(204)
      expect((await signed(event(id, 'participant_joined', staff, t0 + 60_000))).statusCode).toBe(204)
      // LiveKit may deliver twice: the same sid lands on the same row.
      for (let i = 0; i < 2; i++) await signed(event(id, 'participant_joined', citizen, t0 + 120_000))
      // The live view shows since when the citizen is in the call …
      expect(await shownPresence()).toEqual({
        inCallSince: new Date(Math.floor((t0 + 120_000) / 1000) * 1000).toISOString(),
        leftCallAt: null,
      })
      await signed(event(id, 'participant_left', citizen, t0 + 600_000))
      // … and, once gone, when they left.
      expect(await shownPresence()).toEqual({
        inCallSince: null,
        leftCallAt: new Date(Math.floor((t0 + 600_000) / 1000) * 1000).toISOString(),
      })
      const afterCitizenLeft = await db
        .selectFrom('appointments')
        .select(['call_started_at', 'call_ended_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      expect(afterCitizenLeft.call_ended_at).toBeNull() // the advisor is still there
      await signed(event(id, 'participant_left', staff, t0 + 660_000))
      await signed(event(id, 'room_finished', undefined, t0 + 960_000))

      const presence = await db
        .selectFrom('call_presence')
        .select(['participant_id', 'staff_user_id', 'joined_at', 'left_at'])
        .where('appointment_id', '=', id)
        .orderBy('joined_at')
        .execute()
      expect(presence).toEqual([
        {
          participant_id: null,
          staff_user_id: advisorId,
          joined_at: new Date(Math.floor((t0 + 60_000) / 1000) * 1000),
          left_at: new Date(Math.floor((t0 + 660_000) / 1000) * 1000),
        },
        {
          participant_id: participant.id,
          staff_user_id: null,
          joined_at: new Date(Math.floor((t0 + 120_000) / 1000) * 1000),
          left_at: new Date(Math.floor((t0 + 600_000) / 1000) * 1000),
        },
      ])
      const call = await db
        .selectFrom('appointments')
        .select(['call_started_at', 'call_ended_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      // From the first join to the last leave (not until LiveKit closed the empty room).
      expect((call.call_ended_at?.getTime() ?? 0) - (call.call_started_at?.getTime() ?? 0)).toBe(600_000)
      await expect.poll(() => heard.length).toBeGreaterThanOrEqual(6)
      expect(heard).toContainEqual({ type: 'participant-changed', appointmentId: id, participantId: participant.id })
      expect(heard).toContainEqual({ type: 'appointment-changed', appointmentId: id })
      // Ids only: no name from the webhook reaches the events or the database.
      expect(JSON.stringify(heard)).not.toContain('Ada')
    } finally {
      await stop()
    }
  })

  it('a session lost with its LiveKit node (no leave ever comes) ends when the same person joins again', async () => {
    const { id, advisorId } = await appointment()
    const t0 = Date.now() - 20 * 60_000
    const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000)
    const onDeadNode = { sid: `PA_${randomUUID()}`, identity: `staff-${advisorId}` }
    const onOtherNode = { sid: `PA_${randomUUID()}`, identity: `staff-${advisorId}` }
    await signed(event(id, 'participant_joined', onDeadNode, t0))
    // The node dies: no participant_left. The advisor is back through another node.
    await signed(event(id, 'participant_joined', onOtherNode, t0 + 30_000))
    await signed(event(id, 'participant_left', onOtherNode, t0 + 600_000))

    const presence = await db
      .selectFrom('call_presence')
      .select(['livekit_sid', 'joined_at', 'left_at'])
      .where('appointment_id', '=', id)
      .orderBy('joined_at')
      .execute()
    expect(presence).toEqual([
      { livekit_sid: onDeadNode.sid, joined_at: seconds(t0), left_at: seconds(t0 + 30_000) },
      { livekit_sid: onOtherNode.sid, joined_at: seconds(t0 + 30_000), left_at: seconds(t0 + 600_000) },
    ])
    // The call ended with the last leave, not only when LiveKit closes the room.
    const call = await db
      .selectFrom('appointments')
      .select(['call_started_at', 'call_ended_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(call).toEqual({ call_started_at: seconds(t0), call_ended_at: seconds(t0 + 600_000) })
  })

  it('ignores identities that do not belong to the appointment', async () => {
    const { id } = await appointment()
    const other = await appointment()
    for (const identity of [`staff-${other.advisorId}`, `participant-${randomUUID()}`, 'check-abc', 'someone']) {
      const response = await signed(event(id, 'participant_joined', { sid: `PA_${randomUUID()}`, identity }))
      expect(response.statusCode).toBe(204)
    }
    expect(await db.selectFrom('call_presence').select('id').where('appointment_id', '=', id).execute()).toEqual([])
    expect(await callStarted(id)).toBeNull()
  })
})
