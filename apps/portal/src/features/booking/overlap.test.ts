import type { StaffAppointment } from '@videotermin/contracts'
import { describe, expect, it } from 'vitest'
import { overlappingAppointments, overlapQueryWindow } from './overlap.ts'

const me = 'advisor-me'
let counter = 0
function appointment(startsAt: string, durationMinutes: number, changes: Partial<StaffAppointment> = {}) {
  counter += 1
  return {
    id: `id-${counter}`,
    startsAt,
    durationMinutes,
    status: 'scheduled',
    advisor: { id: me, displayName: 'Petra Sommer' },
    citizen: { firstName: 'Max', lastName: `Muster${counter}` },
    ...changes,
  } satisfies StaffAppointment
}

// 10:00–10:30 UTC.
const slot = { start: new Date('2026-01-15T10:00:00Z'), durationMinutes: 30 }

describe('overlappingAppointments', () => {
  it('finds appointments that share any time with the slot, earliest first', () => {
    const inside = appointment('2026-01-15T10:10:00Z', 10)
    const overStart = appointment('2026-01-15T09:45:00Z', 30)
    const overEnd = appointment('2026-01-15T10:20:00Z', 60)
    const around = appointment('2026-01-15T08:00:00Z', 240)
    const result = overlappingAppointments([inside, overEnd, overStart, around], slot, me)
    expect(result.map((a) => a.id)).toEqual([around.id, overStart.id, inside.id, overEnd.id])
  })

  it('does not count touching ends, cancelled appointments or other advisors', () => {
    const endsAtStart = appointment('2026-01-15T09:30:00Z', 30)
    const startsAtEnd = appointment('2026-01-15T10:30:00Z', 30)
    const cancelled = appointment('2026-01-15T10:00:00Z', 30, { status: 'cancelled' })
    const colleague = appointment('2026-01-15T10:00:00Z', 30, { advisor: { id: 'other', displayName: 'Kai' } })
    expect(overlappingAppointments([endsAtStart, startsAtEnd, cancelled, colleague], slot, me)).toEqual([])
  })
})

describe('overlappingAppointments while moving', () => {
  it('leaves out the appointment being moved', () => {
    const moving = appointment('2026-01-15T10:00:00Z', 30)
    const other = appointment('2026-01-15T10:15:00Z', 30)
    expect(overlappingAppointments([moving, other], slot, me, moving.id).map((a) => a.id)).toEqual([other.id])
  })
})

describe('overlapQueryWindow', () => {
  it('covers every start time from which the longest appointment could still overlap', () => {
    expect(overlapQueryWindow(slot)).toEqual({
      from: new Date('2026-01-15T06:00:00Z'),
      to: new Date('2026-01-15T10:30:00Z'),
    })
  })
})
