import type { IncomingMessage } from 'node:http'
import { ErrorCode } from '@videotermin/contracts'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { requestIdOf, safeError } from './logging.ts'

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
