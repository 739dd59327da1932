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

describe('the API’s logger', () => {
  it('censors a line logged whole by mistake and keeps the message of our own AppError', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const options = loggingOptions('info')
    const app = Fastify({ ...options, logger: { ...(options.logger as object), stream: sink } })
    app.log.info({ appointment: { citizen: { email: 'by@mistake.example', firstName: 'Zoe' } } }, 'debugging')
    app.log.error({ err: new AppError(ErrorCode.notFound, 'No such appointment.') }, 'failed')
    await app.close()
    expect(lines.join('')).not.toMatch(/by@mistake\.example|Zoe/)
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      msg: 'debugging',
      appointment: { citizen: { email: '[redacted]', firstName: '[redacted]' } },
    })
    expect(JSON.parse(lines[1] ?? '{}').err).toMatchObject({ type: 'AppError', message: 'No such appointment.' })
  })
})
