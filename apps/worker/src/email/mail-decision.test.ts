import { describe, expect, it } from 'vitest'
import { type MailState, mailDecision } from './send-outbox-email.job.ts'

const now = new Date('2026-07-01T08:00:00Z')
const appointment = (over: Partial<MailState['appointment']> = {}): MailState['appointment'] => ({
  status: 'scheduled',
  sequence: 1,
  startsAt: new Date('2026-07-01T10:00:00Z'),
  endsAt: new Date('2026-07-01T10:30:00Z'),
  endedAt: null,
  ...over,
})
const mail = (over: Partial<MailState> = {}): MailState => ({
  kind: 'update',
  sequence: 1,
  dueAt: null,
  appointment: appointment(),
  ...over,
})

describe('whether a mail still describes the appointment at send time', () => {
  it('sends current mails', () => {
    expect(mailDecision(mail(), now)).toBe('send')
    expect(mailDecision(mail({ kind: 'reminder', dueAt: now }), now)).toBe('send')
    expect(mailDecision(mail({ kind: 'cancellation', appointment: appointment({ status: 'cancelled' }) }), now)).toBe(
      'send',
    )
  })

  it('drops mails written before the last change', () => {
    for (const kind of ['invitation', 'update', 'reminder'] as const) {
      expect(mailDecision(mail({ kind, sequence: 0 }), now), kind).toBe('obsolete')
    }
  })

  it('sends nothing but the cancellation for a cancelled appointment', () => {
    for (const kind of ['invitation', 'update', 'reminder'] as const) {
      expect(mailDecision(mail({ kind, appointment: appointment({ status: 'cancelled' }) }), now), kind).toBe(
        'obsolete',
      )
    }
    expect(mailDecision(mail({ kind: 'cancellation' }), now)).toBe('obsolete')
  })

  it('sends nothing for an appointment that is over or ended, and no reminder after the start', () => {
    expect(mailDecision(mail({ appointment: appointment({ endsAt: now }) }), now)).toBe('obsolete')
    expect(mailDecision(mail({ appointment: appointment({ endedAt: now }) }), now)).toBe('obsolete')
    expect(mailDecision(mail({ kind: 'reminder', appointment: appointment({ startsAt: now }) }), now)).toBe('obsolete')
  })

  it('holds back a reminder that arrives before its time', () => {
    expect(mailDecision(mail({ kind: 'reminder', dueAt: new Date(now.getTime() + 600_000) }), now)).toBe('not-due')
  })
})
