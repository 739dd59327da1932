import type { IncomingMessage } from 'node:http'
import { Writable } from 'node:stream'
import { ErrorCode } from '@videotermin/contracts'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { censorLogObject, loggingOptions, requestIdOf, safeError } from './logging.ts'

describe('safeError', () => {
  it('keeps class, code, constraint and stack frames of a pg error, never its message or detail', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint: erika@example.org'), {
      code: '23505',
      constraint: 'participants_email_key',
      detail: 'Key (email)=(erika@example.org) already exists.',
      routine: '_bt_check_unique',
    })
    const logged = JSON.stringify(safeError(error))
    expect(logged).not.toContain('erika@example.org')
    expect(safeError(error)).toMatchObject({
      type: 'Error',
      code: '23505',
      constraint: 'participants_email_key',
      routine: '_bt_check_unique',
      message: '[redacted]',
    })
    expect(safeError(error).stack).toContain('logging.test.ts')
  })

  it('keeps the message of our own AppError, which we wrote to be shown', () => {
    expect(safeError(new AppError(ErrorCode.notFound, 'No such appointment.')).message).toBe('No such appointment.')
  })
})

describe('requestIdOf', () => {
  const request = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as IncomingMessage
  it('takes a short, safe incoming id and replaces anything else with a UUID', () => {
    expect(requestIdOf(request('abc-123_X.y:z'))).toBe('abc-123_X.y:z')
    for (const bad of [undefined, '', 'x'.repeat(65), 'a b', 'a"b', 'ä']) {
      expect(requestIdOf(request(bad))).toMatch(/^[0-9a-f-]{36}$/)
    }
  })
})

describe('censorLogObject', () => {
  it('replaces secrets and personal fields at any depth, in arrays too, and reduces errors wherever they sit', () => {
    const pgError = Object.assign(new Error('Key (email)=(erika@example.org) already exists.'), { code: '23505' })
    const line = censorLogObject({
      email: 'erika@example.org',
      headers: { cookie: 'session=abc', authorization: 'Bearer xyz', 'x-csrf-token': 'csrf-value-1' },
      deep: { a: { b: { c: { firstName: 'Erika', keep: 1 } } } },
      list: [{ lastName: 'Mustermann' }, { customerNumber: 'KN-1' }, 'plain'],
      body: { anything: 'at all' },
      error: pgError,
      count: 3,
    })
    const text = JSON.stringify(line)
    for (const secret of [
      'erika@example.org',
      'session=abc',
      'xyz',
      'csrf-value-1',
      'Erika',
      'Mustermann',
      'KN-1',
      'at all',
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(line).toMatchObject({
      email: '[redacted]',
      deep: { a: { b: { c: { firstName: '[redacted]', keep: 1 } } } },
      list: [{ lastName: '[redacted]' }, { customerNumber: '[redacted]' }, 'plain'],
      error: { type: 'Error', code: '23505', message: '[redacted]' },
      count: 3,
    })
  })

  it('returns the very object when there is nothing to censor, and never changes what it was given', () => {
    const clean = { route: '/api/p/me', nested: { statusCode: 200 }, at: new Date(0) }
    expect(censorLogObject(clean)).toBe(clean)
    const personal = { nested: { email: 'a@b.example' } }
    censorLogObject(personal)
    expect(personal.nested.email).toBe('a@b.example')
  })

  it('cuts off a cycle instead of walking round it', () => {
    const cycle: Record<string, unknown> = { email: 'loop@example.org' }
    cycle.self = cycle
    expect(JSON.stringify(censorLogObject({ cycle }))).not.toContain('loop@example.org')
  })

  it('is what the API’s logger writes: a line logged whole by mistake still loses its personal fields', async () => {
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
