import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.ts'

describe('worker log lines', () => {
  it('log an SMTP error by class, code and stack, never with the address its message quotes', () => {
    const error = Object.assign(new Error('Recipient <erika@example.org> rejected'), { code: 'EENVELOPE' })
    let line = ''
    const sink = new Writable({
      write(chunk, _encoding, done) {
        line += chunk.toString()
        done()
      },
    })
    createLogger('info', sink).error({ err: error, to: 'erika@example.org' }, 'send failed')
    expect(line).not.toContain('erika@example.org')
    expect(JSON.parse(line).err).toMatchObject({ type: 'Error', code: 'EENVELOPE' })
  })
})
