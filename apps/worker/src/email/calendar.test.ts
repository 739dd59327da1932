import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { type CalendarEventData, calendarInvite, calendarUid } from './calendar.ts'

const base: CalendarEventData = {
  appointmentId: '6f1c2a8e-0b7d-4c1e-9a51-3d2f4e5a6b7c',
  sequence: 0,
  cancelled: false,
  startsAt: new Date('2026-07-01T08:30:00Z'),
  durationMinutes: 45,
  timeZone: 'Europe/Berlin',
  summary: 'Videotermin bei Testamt',
  description: 'Persönlicher Link: https://example.org/t/abc',
  url: 'https://example.org/t/abc',
  organiser: { name: 'Testamt', email: 'noreply@example.org' },
  attendee: { name: 'Kim Beispiel', email: 'kim@example.org' },
}

/** Parses the calendar back the way a client would, with its own VTIMEZONE registered. */
function parse(content: string) {
  const calendar = new ICAL.Component(ICAL.parse(content))
  const zone = calendar.getFirstSubcomponent('vtimezone')
  if (zone) ICAL.TimezoneService.register(zone)
  const vevent = calendar.getFirstSubcomponent('vevent')
  if (!vevent) throw new Error('no VEVENT')
  const event = new ICAL.Event(vevent)
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue('status'),
    tzid: vevent.getFirstProperty('dtstart')?.getParameter('tzid'),
    zoneId: zone?.getFirstPropertyValue('tzid'),
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    localStart: event.startDate.toString(),
  }
}

describe('calendar attachment (iCalendar, parsed back with ical.js)', () => {
  it('invites with METHOD:REQUEST, a stable UID and the sequence, in the organisation’s zone', () => {
    const invite = calendarInvite(base)
    expect(invite.method).toBe('REQUEST')
    const parsed = parse(invite.content)
    expect(parsed).toMatchObject({
      method: 'REQUEST',
      uid: calendarUid(base.appointmentId),
      sequence: 0,
      status: 'CONFIRMED',
      tzid: 'Europe/Berlin',
      zoneId: 'Europe/Berlin',
    })
    // Summer: CEST, UTC+2.
    expect(parsed.localStart).toBe('2026-07-01T10:30:00')
    expect(parsed.start.toISOString()).toBe('2026-07-01T08:30:00.000Z')
    expect(parsed.end.toISOString()).toBe('2026-07-01T09:15:00.000Z')
  })

  it('gets the offset right on both sides of the daylight-saving changes', () => {
    for (const [instant, local] of [
      ['2026-01-15T09:00:00Z', '2026-01-15T10:00:00'], // CET
      ['2026-03-29T00:30:00Z', '2026-03-29T01:30:00'], // just before the spring change
      ['2026-03-29T01:30:00Z', '2026-03-29T03:30:00'], // just after it
      ['2026-10-25T02:30:00Z', '2026-10-25T03:30:00'], // after the autumn change
    ] as const) {
      const parsed = parse(calendarInvite({ ...base, startsAt: new Date(instant) }).content)
      expect(parsed.localStart, instant).toBe(local)
      expect(parsed.start.toISOString(), instant).toBe(new Date(instant).toISOString())
    }
  })

  it('keeps the UID and carries the higher SEQUENCE on an update, and cancels with METHOD:CANCEL', () => {
    const update = parse(calendarInvite({ ...base, sequence: 1, startsAt: new Date('2026-07-02T12:00:00Z') }).content)
    expect(update).toMatchObject({ method: 'REQUEST', uid: calendarUid(base.appointmentId), sequence: 1 })
    const cancel = calendarInvite({ ...base, sequence: 2, cancelled: true, url: null })
    expect(cancel.method).toBe('CANCEL')
    expect(parse(cancel.content)).toMatchObject({
      method: 'CANCEL',
      uid: calendarUid(base.appointmentId),
      sequence: 2,
      status: 'CANCELLED',
    })
  })

  it('writes times of other zones in that zone', () => {
    const parsed = parse(calendarInvite({ ...base, timeZone: 'America/New_York' }).content)
    expect(parsed.tzid).toBe('America/New_York')
    expect(parsed.localStart).toBe('2026-07-01T04:30:00')
    expect(parsed.start.toISOString()).toBe('2026-07-01T08:30:00.000Z')
  })

  it('escapes text and names, folds long lines at 75 octets and keeps the values when parsed back', () => {
    const summary = 'Termin; Raum 3, Haus "B" \\ Süd'
    const description = `${'Persönlicher Link: https://example.org/t/abc, '.repeat(4)}\nZweite Zeile; mit Komma, Ende`
    const content = calendarInvite({
      ...base,
      summary,
      description,
      attendee: { name: 'Jörg "Jo" Müller, Jr.', email: 'joerg@example.org' },
    }).content
    for (const line of content.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    expect(content.endsWith('END:VCALENDAR\r\n')).toBe(true)
    expect(content).not.toMatch(/[^\r]\n/)
    const vevent = new ICAL.Component(ICAL.parse(content)).getFirstSubcomponent('vevent')
    expect(vevent?.getFirstPropertyValue('summary')).toBe(summary)
    expect(vevent?.getFirstPropertyValue('description')).toBe(description)
    expect(vevent?.getFirstProperty('attendee')?.getParameter('cn')).toBe('Jörg "Jo" Müller, Jr.')
    expect(vevent?.getFirstPropertyValue('attendee')).toBe('MAILTO:joerg@example.org')
  })

  it('names the zone as its rules do (UTC is Etc/UTC there), and writes UTC for a zone without rules', () => {
    const utc = calendarInvite({ ...base, timeZone: 'UTC' }).content
    expect(parse(utc)).toMatchObject({ tzid: 'Etc/UTC', zoneId: 'Etc/UTC', localStart: '2026-07-01T08:30:00' })
    const unknown = calendarInvite({ ...base, timeZone: 'Mars/Olympus_Mons' }).content
    expect(unknown).not.toMatch(/VTIMEZONE|TZID/)
    expect(unknown).toMatch(/^DTSTART:20260701T083000Z\r$/m)
    expect(parse(unknown).start.toISOString()).toBe('2026-07-01T08:30:00.000Z')
  })
})
