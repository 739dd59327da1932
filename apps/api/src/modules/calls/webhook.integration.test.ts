import { createHash, randomUUID } from 'node:crypto'
import { AccessToken } from 'livekit-server-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'

/** Signs a body the way LiveKit does: a JWT whose sha256 claim is the body's hash. */
async function sign(body: string, key: string, secret: string) {
  const token = new AccessToken(key, secret)
  token.sha256 = createHash('sha256').update(body).digest('base64')
  return token.toJwt()
}

describe('LiveKit webhook', () => {
  const db = openTestDb()
  let harness: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    harness = await buildTestApp(db)
  })
  afterAll(async () => {
    await harness.close()
    await db.destroy()
  })

  async function appointment() {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    return db
      .insertInto('appointments')
      .values({ organisation_id: organisation.id, advisor_id: advisor.id, starts_at: new Date(), duration_minutes: 30 })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  const event = (appointmentId: string, kind: string) =>
    JSON.stringify({
      event: kind,
      id: `EV_${randomUUID()}`,
      createdAt: String(Math.floor(Date.now() / 1000)),
      room: { sid: 'RM_x', name: `appointment-${appointmentId}` },
    })

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
    const { id } = await appointment()
    const body = event(id, 'room_started')
    const response = await post(
      body,
      await sign(body, harness.config.LIVEKIT_API_KEY, harness.config.LIVEKIT_API_SECRET),
    )
    expect(response.statusCode).toBe(204)
    expect(await callStarted(id)).toBeInstanceOf(Date)
  })

  it('refuses unsigned, altered and wrongly signed events, and changes nothing', async () => {
    const { id } = await appointment()
    const body = event(id, 'room_started')
    const valid = await sign(body, harness.config.LIVEKIT_API_KEY, harness.config.LIVEKIT_API_SECRET)
    const attempts = [
      await post(body),
      await post(body, 'Bearer nonsense'),
      await post(body.replace('room_started', 'room_finished'), valid),
      await post(body, await sign(body, harness.config.LIVEKIT_API_KEY, 'x'.repeat(43))),
      await post(body, await sign(body, 'another-key', harness.config.LIVEKIT_API_SECRET)),
    ]
    for (const response of attempts) {
      expect(response.statusCode).toBe(401)
      expect(response.json().error.code).toBe('unauthenticated')
    }
    expect(await callStarted(id)).toBeNull()
  })
})
