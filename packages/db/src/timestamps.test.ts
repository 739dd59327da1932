import fc from 'fast-check'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { parseTimestamptz } from './timestamps.ts'

// pg's own parser, which parseTimestamptz must agree with on every input.
const pgDefault = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text')

const pad = (value: number, width: number) => String(value).padStart(width, '0')

/** Strings of the shape Postgres writes timestamptz in with DateStyle ISO. */
const isoTimestamptz = fc
  .record({
    year: fc.integer({ min: 100, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.stringMatching(/^\d{0,6}$/),
    sign: fc.constantFrom('+', '-'),
    offsetHours: fc.integer({ min: 0, max: 15 }),
    offsetMinutes: fc.option(fc.integer({ min: 0, max: 59 })),
    offsetSeconds: fc.option(fc.integer({ min: 0, max: 59 })),
  })
  .map((t) => {
    const fraction = t.fraction ? `.${t.fraction}` : ''
    let offset = `${t.sign}${pad(t.offsetHours, 2)}`
    if (t.offsetMinutes !== null) offset += `:${pad(t.offsetMinutes, 2)}`
    if (t.offsetMinutes !== null && t.offsetSeconds !== null) offset += `:${pad(t.offsetSeconds, 2)}`
    return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)} ${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${fraction}${offset}`
  })

describe('parseTimestamptz', () => {
  it('reads what Postgres writes', () => {
    expect(parseTimestamptz('2026-12-06 15:01:07.123456+00').toISOString()).toBe('2026-12-06T15:01:07.123Z')
    expect(parseTimestamptz('2026-12-06 15:01:07+01').toISOString()).toBe('2026-12-06T14:01:07.000Z')
    expect(parseTimestamptz('2026-12-06 15:01:07.5+05:30').toISOString()).toBe('2026-12-06T09:31:07.500Z')
    expect(parseTimestamptz('1890-03-01 12:00:00+00:53:28').toISOString()).toBe('1890-03-01T11:06:32.000Z')
    expect(parseTimestamptz('2026-03-29 01:59:59.999999-03:30').toISOString()).toBe('2026-03-29T05:29:59.999Z')
  })

  it('agrees with pg on every timestamp of that shape', () => {
    fc.assert(
      fc.property(isoTimestamptz, (text) => {
        expect(parseTimestamptz(text).getTime()).toBe((pgDefault(text) as Date).getTime())
      }),
      { numRuns: 5000 },
    )
  })

  it('leaves every other form to pg, and agrees with it there too', () => {
    for (const text of [
      'infinity',
      '-infinity',
      '0044-03-15 12:00:00+00 BC',
      '0099-12-31 23:59:59+00',
      '12345-01-01 00:00:00+00',
      '2026-12-06 15:01:07.+00',
      '2026-12-06 15:01:07+1',
      '2026-12-06 15:01:07+01:0',
      '2026-12-06 15:01:07 UTC',
      '2026-12-06T15:01:07Z',
      '12/06/2026 15:01:07.123 UTC',
    ]) {
      expect(String(parseTimestamptz(text)), text).toBe(String(pgDefault(text)))
    }
  })
})
