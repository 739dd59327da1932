import { randomUUID } from 'node:crypto'
import { type AppEvent, channels } from '@videotermin/jobs'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { testEnv } from '../../../../../tests/support/test-env.ts'
import { EventBus } from './event-bus.ts'

// Two buses stand for two API processes: each has its own publisher and subscriber
// connection to the real Redis, as server.ts builds them.
describe('EventBus across processes (real Redis pub/sub)', () => {
  const connections: Redis[] = []
  const bus = () => {
    const publisher = new Redis(testEnv.REDIS_URL)
    const subscriber = new Redis(testEnv.REDIS_URL)
    connections.push(publisher, subscriber)
    return new EventBus(publisher, subscriber)
  }
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.quit()))
  })

  /** Collects what a listener hears; `next(n)` resolves once it has heard n things. */
  function recorder<T>() {
    const heard: T[] = []
    const waiting: { n: number; resolve: () => void }[] = []
    return {
      heard,
      hear: (value: T) => {
        heard.push(value)
        for (const w of waiting.filter((w) => heard.length >= w.n)) w.resolve()
      },
      next: (n: number) =>
        heard.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve })),
    }
  }

  it("a room closed on one process is heard on every process, the announcer's own included", async () => {
    const [a, b] = [bus(), bus()]
    const onA = recorder<string>()
    const onB = recorder<string>()
    const stopA = await a.onRoomClosed(onA.hear)
    const stopB = await b.onRoomClosed(onB.hear)
    const appointmentId = randomUUID()

    await a.announceRoomClosed(appointmentId)
    await Promise.all([onA.next(1), onB.next(1)])

    expect(onA.heard).toEqual([appointmentId])
    expect(onB.heard).toEqual([appointmentId])
    await Promise.all([stopA(), stopB()])
  })

  it('ignores what on the room-closed channel is not a room-closed message', async () => {
    const b = bus()
    const heard = recorder<string>()
    const stop = await b.onRoomClosed(heard.hear)
    const raw = new Redis(testEnv.REDIS_URL)
    connections.push(raw)
    const appointmentId = randomUUID()

    for (const junk of ['not json', 'null', '42', '{"appointmentId":7}', '{"type":"appointment-changed"}']) {
      await raw.publish(channels.roomClosed, junk)
    }
    // Messages of one publisher arrive in order: once the good one is heard, the junk was read.
    await raw.publish(channels.roomClosed, JSON.stringify({ appointmentId }))
    await heard.next(1)

    expect(heard.heard).toEqual([appointmentId])
    await stop()
  })

  it("hands an appointment's events to the other process until it stops listening", async () => {
    const [a, b] = [bus(), bus()]
    const appointmentId = randomUUID()
    const organisationId = randomUUID()
    const heard = recorder<AppEvent>()
    const stop = await b.subscribe(channels.appointment(appointmentId), heard.hear)
    const organisationHeard = recorder<AppEvent>()
    const stopOrganisation = await b.subscribe(channels.organisation(organisationId), organisationHeard.hear)

    const first: AppEvent = { type: 'appointment-changed', appointmentId }
    await a.publish(first, organisationId)
    await Promise.all([heard.next(1), organisationHeard.next(1)])
    expect(heard.heard).toEqual([first])

    await stop()
    await a.publish({ type: 'appointment-changed', appointmentId }, organisationId)
    // The organisation channel, still listened to, hears the second event; by then the
    // appointment channel would have too, had it still been subscribed.
    await organisationHeard.next(2)
    expect(heard.heard).toEqual([first])
    await stopOrganisation()
  })
})
