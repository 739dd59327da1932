import { randomUUID } from 'node:crypto'
import { channels } from '@videotermin/jobs'
import { RoomServiceClient } from 'livekit-server-sdk'
import { describe, expect, it, vi } from 'vitest'
import { testAppForFile } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { endLostCalls, sweepIfFirst } from './lost-calls.ts'
import { roomNameFor } from './room.service.ts'

const MINUTE = 60_000

describe('lost calls: a running call whose room LiveKit no longer has is ended', () => {
  const db = openTestDb()
  const harness = testAppForFile(db)
  const deps = () => ({ db, rooms: harness.rooms, events: harness.events, now: harness.clock.now })

  /**
   * A call the database has running since `startedMinutesAgo`: the advisor joined at the
   * start and is still "in" it; an earlier session of theirs left `lastLeftMinutesAgo`.
   */
  async function runningCall(startedMinutesAgo: number, lastLeftMinutesAgo: number) {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const now = harness.clock.now().getTime()
    const startedAt = new Date(now - startedMinutesAgo * MINUTE)
    const { id } = await db
      .insertInto('appointments')
      .values({
        organisation_id: organisation.id,
        advisor_id: advisor.id,
        starts_at: startedAt,
        duration_minutes: 30,
        call_started_at: startedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const lastLeftAt = new Date(now - lastLeftMinutesAgo * MINUTE)
    await db
      .insertInto('call_presence')
      .values([
        { appointment_id: id, staff_user_id: advisor.id, livekit_sid: `PA_${randomUUID()}`, joined_at: startedAt },
        {
          appointment_id: id,
          staff_user_id: advisor.id,
          livekit_sid: `PA_${randomUUID()}`,
          joined_at: startedAt,
          left_at: lastLeftAt,
        },
      ])
      .execute()
    return { id, organisationId: organisation.id, lastLeftAt }
  }

  const callOf = (id: string) =>
    db
      .selectFrom('appointments')
      .select(['call_started_at', 'call_ended_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  const openPresence = async (id: string) =>
    (
      await db
        .selectFrom('call_presence')
        .select('id')
        .where('appointment_id', '=', id)
        .where('left_at', 'is', null)
        .execute()
    ).length

  it('ends it at the last moment anyone was seen, closes presence and tells the live view', async () => {
    const lost = await runningCall(20, 12)
    const heard: unknown[] = []
    const unsubscribe = await harness.events.subscribe(channels.organisation(lost.organisationId), (event) =>
      heard.push(event),
    )
    try {
      expect(await endLostCalls(deps())).toBeGreaterThanOrEqual(1)
      expect((await callOf(lost.id)).call_ended_at).toEqual(lost.lastLeftAt)
      expect(await openPresence(lost.id)).toBe(0)
      await expect.poll(() => heard).toContainEqual({ type: 'appointment-changed', appointmentId: lost.id })
      // Idempotent: a second sweep (or another replica's) changes nothing.
      await endLostCalls(deps())
      expect((await callOf(lost.id)).call_ended_at).toEqual(lost.lastLeftAt)
    } finally {
      await unsubscribe()
    }
  })

  it('leaves a call alone whose room LiveKit has, and one that started moments ago', async () => {
    const running = await runningCall(20, 12)
    const young = await runningCall(1, 1)
    await harness.rooms.createRoom({ name: roomNameFor(running.id), emptyTimeout: 60 })
    try {
      await endLostCalls(deps())
      for (const call of [running, young]) {
        expect((await callOf(call.id)).call_ended_at).toBeNull()
        expect(await openPresence(call.id)).toBe(1)
      }
    } finally {
      await harness.rooms.deleteRoom(roomNameFor(running.id))
    }
  })

  it('ends nothing while LiveKit does not answer', async () => {
    const call = await runningCall(20, 12)
    const unreachable = new RoomServiceClient(
      'http://127.0.0.1:9',
      harness.config.LIVEKIT_API_KEY,
      harness.config.LIVEKIT_API_SECRET,
    )
    await expect(endLostCalls({ ...deps(), rooms: unreachable })).rejects.toThrow()
    expect((await callOf(call.id)).call_ended_at).toBeNull()
    expect(await openPresence(call.id)).toBe(1)
  })

  it('is run by one replica per period: the first to claim it in Redis; the next period is free again', async () => {
    const lost = await runningCall(20, 12)
    const listRooms = vi.spyOn(harness.rooms, 'listRooms')
    // A lease key of this test's own: the test stack's API claims the real one.
    const schedule = { everyMs: 800, leaseKey: `videotermin:test:lease:${randomUUID()}` }
    const replica = () => sweepIfFirst({ ...deps(), redis: harness.redis }, schedule)
    try {
      const [first, second] = await Promise.all([replica(), replica()])
      expect([first, second].filter((ended) => ended === null)).toHaveLength(1)
      expect(first ?? second).toBeGreaterThanOrEqual(1)
      expect(listRooms).toHaveBeenCalledTimes(1)
      expect((await callOf(lost.id)).call_ended_at).toEqual(lost.lastLeftAt)
      expect(await replica()).toBeNull()
      // The claim lapses shortly before the next period starts.
      await new Promise((resolve) => setTimeout(resolve, schedule.everyMs))
      expect(await replica()).not.toBeNull()
    } finally {
      listRooms.mockRestore()
      await harness.redis.del(schedule.leaseKey)
    }
  })
})
