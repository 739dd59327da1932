import { describe, expect, it } from 'vitest'
import { logCensor, safeError } from './index.ts'

const censor = logCensor()

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
    expect(safeError(error).stack).toContain('index.test.ts')
  })

  it('keeps the message only of an error that says it was written to be shown', () => {
    const ours = Object.assign(new Error('No such appointment.'), { safeToLog: true })
    expect(safeError(ours).message).toBe('No such appointment.')
    const smtp = Object.assign(new Error('Recipient <erika@example.org> rejected'), { code: 550 })
    expect(safeError(smtp)).toMatchObject({ code: 550, message: '[redacted]' })
  })
})

describe('logCensor', () => {
  it('replaces secrets and personal fields at any depth, in arrays too, and reduces errors wherever they sit', () => {
    const pgError = Object.assign(new Error('Key (email)=(erika@example.org) already exists.'), { code: '23505' })
    const line = censor({
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
    expect(censor(clean)).toBe(clean)
    const personal = { nested: { email: 'a@b.example' } }
    censor(personal)
    expect(personal.nested.email).toBe('a@b.example')
  })

  it('cuts off a cycle instead of walking round it', () => {
    const cycle: Record<string, unknown> = { email: 'loop@example.org' }
    cycle.self = cycle
    expect(JSON.stringify(censor({ cycle }))).not.toContain('loop@example.org')
  })
})

describe('logCensor with serialized keys', () => {
  it('leaves the keys a serializer reduces (a request object) to that serializer', () => {
    const request = { headers: { cookie: 'session=abc' } }
    const line = { req: request, email: 'a@b.example' }
    expect(logCensor(['req'])(line)).toEqual({ req: request, email: '[redacted]' })
  })
})
