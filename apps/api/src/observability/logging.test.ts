import type { IncomingMessage } from 'node:http'
import { Writable } from 'node:stream'
import { ErrorCode } from '@videotermin/contracts'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { loggingOptions, requestIdOf } from './logging.ts'

describe('requestIdOf', () => {
  const request = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as IncomingMessage
  it('takes a short, safe incoming id and replaces anything else with a UUID', () => {
    expect(requestIdOf(request('abc-123_X.y:z'))).toBe('abc-123_X.y:z')
    for (const bad of [undefined, '', 'x'.repeat(65), 'a b', 'a"b', 'ä']) {
      expect(requestIdOf(request(bad))).toMatch(/^[0-9a-f-]{36}$/)
    }
  })
})

/** An app with the API's logging options whose lines land in an array. */
function appLoggingTo(level: string) {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const options = loggingOptions(level)
  const app = Fastify({ ...options, logger: { ...(options.logger as object), stream: sink } })
  return { app, lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) }
}

describe('the API’s request lines', () => {
  async function answer(level: string) {
    const { app, lines } = appLoggingTo(level)
    app.get('/api/thing/:id', async (request, reply) =>
      (request.params as { id: string }).id === 'refused' ? reply.code(403).send({ refused: true }) : { ok: true },
    )
    for (const url of ['/api/thing/1', '/api/thing/refused', '/nowhere'])
      await app.inject({ url, headers: { 'x-request-id': `id-${url.split('/').pop()}` } })
    await app.close()
    return lines().filter((line) => line.msg === 'request completed')
  }

  it('at info: one line for each refused request, none for answered ones', async () => {
    expect(await answer('info')).toEqual([
      expect.objectContaining({
        level: 30,
        reqId: 'id-refused',
        req: { method: 'GET', route: '/api/thing/:id' },
        res: { statusCode: 403 },
        responseTime: expect.any(Number),
      }),
      expect.objectContaining({ level: 30, reqId: 'id-nowhere', req: { method: 'GET', route: '(no route)' } }),
    ])
  })

  it('at debug: answered requests too, at debug level', async () => {
    const lines = await answer('debug')
    expect(lines.map((line) => [line.reqId, line.level])).toEqual([
      ['id-1', 20],
      ['id-refused', 30],
      ['id-nowhere', 30],
    ])
    expect(lines[0]).toMatchObject({ req: { method: 'GET', route: '/api/thing/:id' }, res: { statusCode: 200 } })
  })
})

describe('the API’s logger', () => {
  it('censors a line logged whole by mistake and keeps the message of our own AppError', async () => {
    const { app, lines: logged } = appLoggingTo('info')
    app.log.info({ appointment: { citizen: { email: 'by@mistake.example', firstName: 'Zoe' } } }, 'debugging')
    app.log.error({ err: new AppError(ErrorCode.notFound, 'No such appointment.') }, 'failed')
    await app.close()
    const lines = logged()
    expect(JSON.stringify(lines)).not.toMatch(/by@mistake\.example|Zoe/)
    expect(lines[0]).toMatchObject({
      msg: 'debugging',
      appointment: { citizen: { email: '[redacted]', firstName: '[redacted]' } },
    })
    expect(lines[1]?.err).toMatchObject({ type: 'AppError', message: 'No such appointment.' })
  })
})
