import { describe, expect, it } from 'vitest'
import {
  addDays,
  isValidTimeZone,
  parseDate,
  parseTime,
  resolveWallClock,
  toWallClock,
  zoneOffsetMs,
} from './zoned-time.ts'

const HOUR = 3600_000
const exact = (date: string, time: string, timeZone: string) => {
  const resolution = resolveWallClock(date, time, timeZone)
  if (resolution.kind !== 'exact') throw new Error(`expected one instant, got ${resolution.kind}`)
  return resolution.instant.toISOString()
}

describe('resolveWallClock', () => {
  it('reads Berlin winter time as UTC+1 and summer time as UTC+2', () => {
    expect(exact('2026-01-15', '10:00', 'Europe/Berlin')).toBe('2026-01-15T09:00:00.000Z')
    expect(exact('2026-07-15', '10:00', 'Europe/Berlin')).toBe('2026-07-15T08:00:00.000Z')
  })

  it('gets the days either side of both Berlin clock changes right', () => {
    // 2026: summer time from 29 March 02:00 (→ 03:00), winter time from 25 October 03:00 (→ 02:00).
    expect(exact('2026-03-28', '10:00', 'Europe/Berlin')).toBe('2026-03-28T09:00:00.000Z')
    expect(exact('2026-03-29', '01:59', 'Europe/Berlin')).toBe('2026-03-29T00:59:00.000Z')
    expect(exact('2026-03-29', '03:00', 'Europe/Berlin')).toBe('2026-03-29T01:00:00.000Z')
    expect(exact('2026-03-29', '10:00', 'Europe/Berlin')).toBe('2026-03-29T08:00:00.000Z')
    expect(exact('2026-10-25', '01:59', 'Europe/Berlin')).toBe('2026-10-24T23:59:00.000Z')
    expect(exact('2026-10-25', '03:00', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z')
    expect(exact('2026-10-25', '10:00', 'Europe/Berlin')).toBe('2026-10-25T09:00:00.000Z')
    expect(exact('2026-10-26', '10:00', 'Europe/Berlin')).toBe('2026-10-26T09:00:00.000Z')
  })

  it('refuses a time the clocks skip when they go forward', () => {
    expect(resolveWallClock('2026-03-29', '02:00', 'Europe/Berlin')).toEqual({ kind: 'skipped' })
    expect(resolveWallClock('2026-03-29', '02:30', 'Europe/Berlin')).toEqual({ kind: 'skipped' })
    expect(resolveWallClock('2026-03-08', '02:30', 'America/New_York')).toEqual({ kind: 'skipped' })
  })

  it('returns both instants of a time the clocks pass twice when they go back, earlier first', () => {
    expect(resolveWallClock('2026-10-25', '02:30', 'Europe/Berlin')).toEqual({
      kind: 'ambiguous',
      earlier: new Date('2026-10-25T00:30:00.000Z'),
      later: new Date('2026-10-25T01:30:00.000Z'),
    })
    expect(resolveWallClock('2026-11-01', '01:30', 'America/New_York')).toEqual({
      kind: 'ambiguous',
      earlier: new Date('2026-11-01T05:30:00.000Z'),
      later: new Date('2026-11-01T06:30:00.000Z'),
    })
  })

  it('handles zones east and west, half and quarter hours, and the southern hemisphere', () => {
    expect(exact('2026-06-01', '09:00', 'UTC')).toBe('2026-06-01T09:00:00.000Z')
    expect(exact('2026-06-01', '09:00', 'America/Los_Angeles')).toBe('2026-06-01T16:00:00.000Z')
    expect(exact('2026-06-01', '09:00', 'Asia/Kolkata')).toBe('2026-06-01T03:30:00.000Z')
    expect(exact('2026-06-01', '09:00', 'Asia/Kathmandu')).toBe('2026-06-01T03:15:00.000Z')
    // Sydney: summer time (UTC+11) in January, standard time (UTC+10) in July.
    expect(exact('2026-01-15', '09:00', 'Australia/Sydney')).toBe('2026-01-14T22:00:00.000Z')
    expect(exact('2026-07-15', '09:00', 'Australia/Sydney')).toBe('2026-07-14T23:00:00.000Z')
    // Lord Howe Island moves its clocks by half an hour.
    expect(resolveWallClock('2026-10-04', '02:15', 'Australia/Lord_Howe')).toEqual({ kind: 'skipped' })
  })

  it('knows a day that a zone skipped entirely', () => {
    // Samoa moved across the date line: 29 December 2011 was followed by 31 December.
    expect(resolveWallClock('2011-12-30', '12:00', 'Pacific/Apia')).toEqual({ kind: 'skipped' })
    expect(exact('2011-12-31', '12:00', 'Pacific/Apia')).toBe('2011-12-30T22:00:00.000Z')
  })

  it('rejects dates and times that do not exist on any calendar', () => {
    expect(resolveWallClock('2026-02-29', '10:00', 'Europe/Berlin')).toEqual({ kind: 'invalid' })
    expect(resolveWallClock('2026-13-01', '10:00', 'Europe/Berlin')).toEqual({ kind: 'invalid' })
    expect(resolveWallClock('2026-01-15', '24:00', 'Europe/Berlin')).toEqual({ kind: 'invalid' })
    expect(resolveWallClock('2026-01-15', '9:00', 'Europe/Berlin')).toEqual({ kind: 'invalid' })
    expect(resolveWallClock('', '', 'Europe/Berlin')).toEqual({ kind: 'invalid' })
    expect(exact('2028-02-29', '10:00', 'Europe/Berlin')).toBe('2028-02-29T09:00:00.000Z')
  })

  it('round-trips every quarter hour of a year in Berlin with toWallClock', () => {
    const start = Date.parse('2026-01-01T00:00:00Z')
    for (let instant = start; instant < start + 366 * 24 * HOUR; instant += 15 * 60_000 + 7 * HOUR) {
      const wall = toWallClock(instant, 'Europe/Berlin')
      const resolution = resolveWallClock(wall.date, wall.time, 'Europe/Berlin')
      const candidates =
        resolution.kind === 'exact'
          ? [resolution.instant]
          : resolution.kind === 'ambiguous'
            ? [resolution.earlier, resolution.later]
            : []
      expect(candidates.map((d) => d.getTime())).toContain(Math.floor(instant / 60_000) * 60_000)
    }
  })
})

describe('zoneOffsetMs and toWallClock', () => {
  it('gives the offset in force at an instant', () => {
    expect(zoneOffsetMs(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(HOUR)
    expect(zoneOffsetMs(new Date('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(2 * HOUR)
    expect(zoneOffsetMs(new Date('2026-07-15T12:00:00Z'), 'America/St_Johns')).toBe(-2.5 * HOUR)
  })

  it('shows the date in the zone, which can differ from the UTC date', () => {
    expect(toWallClock(new Date('2026-03-10T23:30:00Z'), 'Europe/Berlin')).toEqual({
      date: '2026-03-11',
      time: '00:30',
    })
    expect(toWallClock(new Date('2026-03-11T02:00:00Z'), 'America/New_York')).toEqual({
      date: '2026-03-10',
      time: '22:00',
    })
  })
})

describe('parsing and calendar helpers', () => {
  it('parses what date and time inputs produce', () => {
    expect(parseDate('2026-05-04')).toBe(Date.parse('2026-05-04T00:00:00Z'))
    expect(parseDate('2026-5-4')).toBeUndefined()
    expect(parseTime('10:05')).toBe((10 * 60 + 5) * 60_000)
    expect(parseTime('10:05:30')).toBe(((10 * 60 + 5) * 60 + 30) * 1000)
    expect(parseTime('10:60')).toBeUndefined()
  })

  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30')
    expect(() => addDays('nonsense', 1)).toThrow(RangeError)
  })

  it('tells known time zones from unknown ones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false)
  })
})
