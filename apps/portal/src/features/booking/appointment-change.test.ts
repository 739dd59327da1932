import { describe, expect, it } from 'vitest'
import { canChange, currentSlotValues, durationChoices } from './appointment-change.ts'

const now = new Date('2026-01-14T08:00:00Z')
const appointment = {
  status: 'scheduled' as const,
  ended: false,
  startsAt: '2026-01-15T09:00:00.000Z',
  durationMinutes: 45,
  participants: [{ status: 'invited' }, { status: 'waiting' }],
}

describe('currentSlotValues', () => {
  it("reads the appointment's start on the organisation's clock, across the clock change", () => {
    expect(currentSlotValues(appointment, 'Europe/Berlin')).toEqual({
      date: '2026-01-15',
      time: '10:00',
      durationMinutes: '45',
    })
    expect(currentSlotValues({ startsAt: '2026-03-30T08:00:00.000Z', durationMinutes: 30 }, 'Europe/Berlin')).toEqual({
      date: '2026-03-30',
      time: '10:00',
      durationMinutes: '30',
    })
  })
})

describe('durationChoices', () => {
  it("offers the usual durations and keeps an appointment's unusual one", () => {
    expect(durationChoices(30)).toEqual([15, 30, 45, 60, 90])
    expect(durationChoices(20)).toEqual([15, 20, 30, 45, 60, 90])
    expect(durationChoices(120)).toEqual([15, 30, 45, 60, 90, 120])
  })
})

describe('canChange', () => {
  it('allows moving and cancelling a booked appointment that is not over and not in a call', () => {
    expect(canChange(appointment, now, false)).toBe(true)
    // Running, but nobody admitted yet: still changeable.
    expect(canChange(appointment, new Date('2026-01-15T09:30:00Z'), false)).toBe(true)
  })

  it('refuses a cancelled, ended or finished appointment and one with a call in progress', () => {
    expect(canChange({ ...appointment, status: 'cancelled' }, now, false)).toBe(false)
    expect(canChange({ ...appointment, ended: true }, now, false)).toBe(false)
    expect(canChange(appointment, new Date('2026-01-15T09:45:00Z'), false)).toBe(false)
    expect(canChange(appointment, now, true)).toBe(false)
    expect(canChange({ ...appointment, participants: [{ status: 'admitted' }] }, now, false)).toBe(false)
  })
})
