import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import { DateTime } from 'luxon'

export interface CalendarEventData {
  appointmentId: string
  /** The appointment's sequence: raised by every change, so clients replace their older copy. */
  sequence: number
  cancelled: boolean
  startsAt: Date
  durationMinutes: number
  /** IANA zone of the organisation; the entry is written in it, with its VTIMEZONE. */
  timeZone: string
  summary: string
  description: string
  url: string | null
  organiser: { name: string; email: string }
  attendee: { name: string; email: string }
  /** DTSTAMP: when this version of the entry was written (the send time). */
  stamp?: Date
}

// The zone's rules (VTIMEZONE) come from a file per zone: each read once. The TZID the events
// use must be the one the rules declare (`UTC` comes back as `Etc/UTC`). A zone without
// known rules gets its times in UTC instead.
const zones = new Map<string, { component: string; tzid: string } | null>()
function zoneRules(name: string) {
  if (!zones.has(name)) {
    const component = getVtimezoneComponent(name)
    const known = component && DateTime.now().setZone(name).isValid
    zones.set(name, known ? { component, tzid: component.match(/^TZID:(.+)$/m)?.[1]?.trim() ?? name } : null)
  }
  return zones.get(name) ?? null
}

/** The same UID for every mail about one appointment, so calendars update the one entry. */
export const calendarUid = (appointmentId: string) => `appointment-${appointmentId}@videotermin`

/**
 * An iTIP message (RFC 5546) for one appointment, built with ical-generator: METHOD:REQUEST
 * adds or updates the entry, METHOD:CANCEL removes it. Start and end are local times in the
 * organisation's zone with the zone's rules attached, so they stay right across
 * daylight-saving changes (in UTC for a zone without known rules).
 */
export function calendarInvite(data: CalendarEventData): { method: 'REQUEST' | 'CANCEL'; content: string } {
  const method = data.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST
  const calendar = ical({ prodId: { company: 'Videotermin', product: 'Videotermin', language: 'DE' }, method })
  const rules = zoneRules(data.timeZone)
  // No calendar-wide zone (it would turn DTSTAMP into local time); the generator still adds
  // the VTIMEZONE of the event's zone.
  if (rules) calendar.timezone({ name: null, generator: () => rules.component })
  const start = DateTime.fromJSDate(data.startsAt).setZone(rules ? data.timeZone : 'UTC')
  calendar.createEvent({
    id: calendarUid(data.appointmentId),
    sequence: data.sequence,
    stamp: data.stamp ?? new Date(),
    start,
    end: start.plus({ minutes: data.durationMinutes }),
    ...(rules ? { timezone: rules.tzid } : {}),
    summary: data.summary,
    description: data.description,
    url: data.url,
    status: data.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: data.organiser,
    attendees: [
      {
        name: data.attendee.name,
        email: data.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        rsvp: false,
      },
    ],
  })
  // Every content line ends in CRLF (RFC 5545 §3.1); the generator leaves the last one open.
  const content = calendar.toString()
  return { method, content: content.endsWith('\r\n') ? content : `${content}\r\n` }
}
