import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../../../../tests/support/app.ts'
import { openTestDb } from '../../../../../tests/support/fixtures.ts'

describe('health endpoints (real Postgres, Redis, LiveKit)', () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  it('/healthz answers while the process lives; /readyz when all dependencies answer', async () => {
    const { app, close } = await buildTestApp(db)
    try {
      expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
      const ready = await app.inject({ url: '/readyz' })
      expect(ready.statusCode).toBe(200)
      expect(ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok', livekit: 'ok' } })
    } finally {
      await close()
    }
  })

  describe('when LiveKit cannot be reached', () => {
    let harness: Awaited<ReturnType<typeof buildTestApp>>
    beforeAll(async () => {
      harness = await buildTestApp(db, { LIVEKIT_API_URL: 'http://127.0.0.1:9' })
    })
    afterAll(() => harness.close())

    it('/readyz says which dependency failed, with 503', async () => {
      const ready = await harness.app.inject({ url: '/readyz' })
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toEqual({ status: 'not_ready', checks: { postgres: 'ok', redis: 'ok', livekit: 'failed' } })
      expect((await harness.app.inject({ url: '/healthz' })).statusCode).toBe(200)
    })
  })

  it('unknown endpoints get the common error body', async () => {
    const { app, close } = await buildTestApp(db)
    try {
      const response = await app.inject({ url: '/api/nope' })
      expect(response.statusCode).toBe(404)
      expect(response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
    } finally {
      await close()
    }
  })
})
