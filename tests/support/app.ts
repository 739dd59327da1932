import { Redis } from 'ioredis'
import { RoomServiceClient } from 'livekit-server-sdk'
import { afterAll, beforeAll } from 'vitest'
import { buildApp } from '../../apps/api/src/app.ts'
import { ApiConfigSchema } from '../../apps/api/src/config.ts'
import { livekitApiUrl } from '../../apps/api/src/modules/calls/room.service.ts'
import { EventBus } from '../../apps/api/src/modules/events/event-bus.ts'
import { loadConfig } from '../../packages/config/src/index.ts'
import type { Db } from '../../packages/db/src/index.ts'
import { apiEnv } from './test-env.ts'

/** A clock tests can set; the app reads time only through it. */
export class TestClock {
  private offsetMs = 0
  now = () => new Date(Date.now() + this.offsetMs)
  advance(ms: number) {
    this.offsetMs += ms
  }
  reset() {
    this.offsetMs = 0
  }
}

/**
 * The API in-process (Fastify inject) against the real Postgres, Redis and LiveKit of the
 * test stack. Configuration goes through the same schema as production.
 */
export async function buildTestApp(db: Db, overrides: Record<string, string> = {}) {
  const config = loadConfig(ApiConfigSchema, {
    ...apiEnv(),
    LOG_LEVEL: 'fatal',
    ...overrides,
  })
  const redis = new Redis(config.REDIS_URL)
  const rooms = new RoomServiceClient(livekitApiUrl(config), config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET)
  const subscriber = new Redis(config.REDIS_URL)
  const events = new EventBus(redis, subscriber)
  const clock = new TestClock()
  const app = await buildApp({ config, db, redis, rooms, events, now: clock.now })
  return {
    app,
    clock,
    config,
    redis,
    rooms,
    events,
    close: async () => {
      await app.close()
      redis.disconnect()
      subscriber.disconnect()
    },
  }
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>

/**
 * The in-process API for the tests of one file: built before the first test, closed after
 * the last, together with the file's database connection. The returned object is filled in
 * before the tests run, so read its fields inside tests and hooks, not at the top level.
 */
export function testAppForFile(db: Db, overrides: Record<string, string> = {}): TestApp {
  const harness = {} as TestApp
  beforeAll(async () => {
    Object.assign(harness, await buildTestApp(db, overrides))
  })
  afterAll(async () => {
    await harness.close?.()
    await db.destroy()
  })
  return harness
}

/** Extracts `name=value` of one cookie from a Set-Cookie header list. */
export function cookieFrom(setCookie: string | string[] | undefined, name: string): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  const line = all.find((c) => c.startsWith(`${name}=`))
  return line?.split(';')[0]
}
