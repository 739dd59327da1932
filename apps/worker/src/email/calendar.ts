import { getVtimezoneComponent } from '@touch4it/ical-timezones'

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

const CRLF = '\r\n'

interface Zone {
  /** The VTIMEZONE block with CRLF line ends, or null for a zone without rules. */
  component: string | null
  /** The TZID the block declares (`UTC` comes back as `Etc/UTC`); events must use the same. */
  tzid: string | null
  /** Local wall-clock parts of an instant in the zone. */
  format: Intl.DateTimeFormat | null
}

// The zone rules come from a file per zone and a formatter costs milliseconds to build:
// both once per zone.
const zones = new Map<string, Zone>()
function zone(name: string): Zone {
  let found = zones.get(name)
  if (!found) {
    const component = getVtimezoneComponent(name)
    let format: Intl.DateTimeFormat | null = null
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
    } catch {
      format = null
    }
    found =
      component && format
        ? {
            component: component.replace(/\r?\n/g, CRLF),
            tzid: component.match(/^TZID:(.+)$/m)?.[1]?.trim() ?? name,
            format,
          }
        : { component: null, tzid: null, format: null }
    zones.set(name, found)
  }
  return found
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `20261128T205810Z`: an instant in UTC. */
function utcStamp(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
}

/** `20261201T100000`: the wall-clock time of an instant in a zone, without the zone. */
function localStamp(date: Date, format: Intl.DateTimeFormat): string {
  const parts: Record<string, string> = {}
  for (const part of format.formatToParts(date)) parts[part.type] = part.value
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`
}

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped. */
function text(value: string): string {
  return value.replace(/[\\;,]/g, '\\$&').replace(/\r\n|\r|\n/g, '\\n')
}

/** A quoted parameter value: `"` and line breaks as RFC 6868 writes them, other control characters dropped. */
function parameter(value: string): string {
  const escaped = value
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n')
    .replace(/\p{Cc}/gu, '')
  return `"${escaped}"`
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a character. */
function fold(line: string): string {
  if (line.length <= 75 && Buffer.byteLength(line, 'utf8') <= 75) return line
  let out = ''
  let bytes = 0
  for (const char of line) {
    const size = char.length === 1 && char.charCodeAt(0) < 0x80 ? 1 : Buffer.byteLength(char, 'utf8')
    if (bytes + size > 75) {
      out += `${CRLF} `
      bytes = 1
    }
    out += char
    bytes += size
  }
  return out
}

/** The same UID for every mail about one appointment, so calendars update the one entry. */
export const calendarUid = (appointmentId: string) => `appointment-${appointmentId}@videotermin`

/**
 * An iTIP message (RFC 5546) for one appointment: METHOD:REQUEST adds or updates the entry,
 * METHOD:CANCEL removes it. Start and end are local times in the organisation's zone with
 * the zone's rules attached, so they stay right across daylight-saving changes (in UTC for a
 * zone without known rules). Written directly: it is a dozen lines, and the generator
 * library with its date library cost a third of a millisecond per mail.
 */
export function calendarInvite(data: CalendarEventData): { method: 'REQUEST' | 'CANCEL'; content: string } {
  const method = data.cancelled ? 'CANCEL' : 'REQUEST'
  const rules = zone(data.timeZone)
  const end = new Date(data.startsAt.getTime() + data.durationMinutes * 60_000)
  const when = (date: Date) =>
    rules.format && rules.tzid ? `;TZID=${rules.tzid}:${localStamp(date, rules.format)}` : `:${utcStamp(date)}`
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Videotermin//Videotermin//DE', `METHOD:${method}`]
  let content = `${lines.join(CRLF)}${CRLF}${rules.component ?? ''}`
  const event = [
    'BEGIN:VEVENT',
    `UID:${calendarUid(data.appointmentId)}`,
    `SEQUENCE:${data.sequence}`,
    `DTSTAMP:${utcStamp(data.stamp ?? new Date())}`,
    `DTSTART${when(data.startsAt)}`,
    `DTEND${when(end)}`,
    `SUMMARY:${text(data.summary)}`,
    `DESCRIPTION:${text(data.description)}`,
    `ORGANIZER;CN=${parameter(data.organiser.name)}:mailto:${data.organiser.email}`,
    `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CN=${parameter(data.attendee.name)}:MAILTO:${data.attendee.email}`,
    ...(data.url ? [`URL;VALUE=URI:${data.url}`] : []),
    `STATUS:${data.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  for (const line of event) content += `${fold(line)}${CRLF}`
  return { method, content }
}
