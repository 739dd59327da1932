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
}

// The zone rules come from a file per zone; read each once.
const zones = new Map<string, string | null>()
function vtimezone(zone: string): string | null {
  if (!zones.has(zone)) zones.set(zone, getVtimezoneComponent(zone))
  return zones.get(zone) ?? null
}

/** The same UID for every mail about one appointment, so calendars update the one entry. */
export const calendarUid = (appointmentId: string) => `appointment-${appointmentId}@videotermin`

/**
 * An iTIP message (RFC 5546) for one appointment: METHOD:REQUEST adds or updates the entry,
 * METHOD:CANCEL removes it. Start and end are local times in the organisation's zone with
 * the zone's rules attached, so they stay right across daylight-saving changes.
 */
export function calendarInvite(data: CalendarEventData): { method: 'REQUEST' | 'CANCEL'; content: string } {
  const method = data.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST
  const calendar = ical({ prodId: { company: 'Videotermin', product: 'Videotermin', language: 'DE' }, method })
  // No calendar-wide zone (it would turn DTSTAMP into local time); the generator still adds
  // the VTIMEZONE of the event's zone.
  calendar.timezone({ name: null, generator: vtimezone })
  const start = DateTime.fromJSDate(data.startsAt).setZone(data.timeZone)
  calendar.createEvent({
    id: calendarUid(data.appointmentId),
    sequence: data.sequence,
    start,
    end: start.plus({ minutes: data.durationMinutes }),
    timezone: data.timeZone,
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
  return { method, content: calendar.toString() }
}
