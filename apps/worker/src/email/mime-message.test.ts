import { describe, expect, it } from 'vitest'
import { composeMessage, encodeAddress, encodeHeaderText, type OutgoingMail, quotedPrintable } from './mime-message.ts'

/** Quoted-printable back to text, as a mail client decodes it (RFC 2045 §6.7). */
function decodeQuotedPrintable(encoded: string): string {
  const bytes: number[] = []
  const soft = encoded.replace(/=\r\n/g, '')
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=') {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(soft.charCodeAt(i))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/** RFC 2047 encoded-words back to text; folding whitespace between two words disappears. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\r\n =\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'))
}

/** Splits a message into its headers (unfolded) and body. */
function split(raw: string) {
  const at = raw.indexOf('\r\n\r\n')
  const headers = new Map<string, string>()
  for (const line of raw.slice(0, at).split(/\r\n(?![ \t])/)) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body: raw.slice(at + 4) }
}

/** The leaf parts of a multipart body, by content type, decoded. */
function parts(raw: string): Map<string, string> {
  const found = new Map<string, string>()
  const { headers, body } = split(raw)
  const type = headers.get('content-type') ?? ''
  const boundary = type.match(/boundary="([^"]+)"/)?.[1]
  if (!boundary) {
    const encoding = headers.get('content-transfer-encoding')
    const content =
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : decodeQuotedPrintable(body.replace(/\r\n$/, ''))
    found.set(type.split(';')[0] ?? '', content)
    return found
  }
  const sections = body.split(`--${boundary}`)
  // The preamble before the first boundary and the epilogue after the closing one carry nothing.
  for (const section of sections.slice(1, -1)) {
    for (const [key, value] of parts(section.replace(/^\r\n/, ''))) found.set(key, value)
  }
  expect(sections.at(-1)?.startsWith('--')).toBe(true)
  return found
}

const mail: OutgoingMail = {
  from: { name: 'Bürgeramt Süd', address: 'noreply@example.org' },
  to: { name: 'Jörg "Jo" Müller', address: 'joerg@example.org' },
  subject: 'Ihr Videotermin bei Bürgeramt Süd am Dienstag, 1. Dezember 2026 – bitte lesen',
  text: `Guten Tag,\n.ein Punkt am Zeilenanfang\n${'lang '.repeat(40)}\nGleich = ungleich, Leerzeichen am Ende   \nÜmläute ✓`,
  html: `<p style="color: #000">${'<b>fett</b> '.repeat(30)}</p>\n<p>Grüße</p>`,
  calendar: {
    method: 'REQUEST',
    filename: 'termin.ics',
    content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Videotermin bei Bürgeramt\r\nEND:VCALENDAR\r\n',
  },
  messageId: '<outbox-1@videotermin>',
  date: new Date('2026-11-28T20:58:10Z'),
}

describe('MIME message', () => {
  it('quoted-printable round-trips any text, keeps lines within 76 characters and never starts one with a dot', () => {
    const texts = [
      mail.text,
      mail.html,
      '.',
      'x'.repeat(200),
      `${'ä'.repeat(100)}.${'.'.repeat(80)}`,
      'ends with a tab\t',
      'a\r\nb\nc',
      'y'.repeat(76),
      'z'.repeat(77),
      'tab\tinside',
      ' leading blank',
    ]
    for (const text of texts) {
      const encoded = quotedPrintable(text)
      expect(decodeQuotedPrintable(encoded)).toBe(text.replace(/\r?\n/g, '\r\n'))
      for (const line of encoded.split('\r\n')) {
        expect(line.length).toBeLessThanOrEqual(76)
        expect(line.startsWith('.')).toBe(false)
        expect(line).not.toMatch(/[ \t]$/)
        expect(line).toMatch(/^[\x21-\x7e \t]*$/)
      }
    }
  })

  it('encodes headers so that no value can start a header of its own', () => {
    expect(encodeHeaderText('Plain ASCII subject')).toBe('Plain ASCII subject')
    const injected = encodeHeaderText('Hallo\r\nBcc: someone@example.org')
    expect(injected).not.toMatch(/\r\n(?![ ])/)
    expect(decodeHeader(injected)).toBe('Hallo\r\nBcc: someone@example.org')
    const long = encodeHeaderText(mail.subject)
    expect(decodeHeader(long)).toBe(mail.subject)
    for (const line of long.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76)
  })

  it('writes addresses with quoted, encoded or bare names and refuses what is no address', () => {
    expect(encodeAddress({ name: 'Kim Beispiel', address: 'kim@example.org' })).toBe('Kim Beispiel <kim@example.org>')
    expect(encodeAddress({ name: 'Amt, Stelle "2"', address: 'a@example.org' })).toBe(
      '"Amt, Stelle \\"2\\"" <a@example.org>',
    )
    expect(encodeAddress({ name: '', address: 'a@example.org' })).toBe('a@example.org')
    expect(decodeHeader(encodeAddress({ name: 'Jörg', address: 'j@example.org' }))).toBe('Jörg <j@example.org>')
    expect(encodeAddress({ name: 'X', address: 'info@bürgeramt.example' })).toBe('X <info@xn--brgeramt-65a.example>')
    for (const address of ['no-at-sign', 'a@b>\r\nBcc: c@d', 'a b@example.org', '<a@example.org>']) {
      expect(() => encodeAddress({ name: 'X', address })).toThrow()
    }
  })

  it('holds text, HTML and the calendar as alternatives and the calendar again as an .ics attachment', () => {
    const raw = composeMessage(mail).toString('utf8')
    expect(raw).not.toMatch(/[^\r]\n/)
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78)

    const { headers } = split(raw)
    expect(decodeHeader(headers.get('from') ?? '')).toBe('Bürgeramt Süd <noreply@example.org>')
    expect(decodeHeader(headers.get('to') ?? '')).toBe('Jörg "Jo" Müller <joerg@example.org>')
    expect(decodeHeader(headers.get('subject') ?? '')).toBe(mail.subject)
    expect(headers.get('message-id')).toBe('<outbox-1@videotermin>')
    expect(headers.get('date')).toBe('Sat, 28 Nov 2026 20:58:10 +0000')
    expect(headers.get('mime-version')).toBe('1.0')
    expect(headers.get('content-type')).toMatch(/^multipart\/mixed;/)

    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/)
    expect(raw).toMatch(
      /Content-Type: application\/ics; name=termin.ics\r\nContent-Disposition: attachment; filename=termin.ics/,
    )
    const found = parts(raw)
    expect(found.get('text/plain')).toBe(mail.text.replace(/\n/g, '\r\n'))
    expect(found.get('text/html')).toBe(mail.html.replace(/\n/g, '\r\n'))
    expect(found.get('text/calendar')).toBe(mail.calendar.content)
    expect(found.get('application/ics')).toBe(mail.calendar.content)
  })

  it('gives every message boundaries of its own', () => {
    const boundaries = (raw: string) => [...raw.matchAll(/boundary="([^"]+)"/g)].map((m) => m[1])
    const first = boundaries(composeMessage(mail).toString())
    const second = boundaries(composeMessage(mail).toString())
    expect(new Set([...first, ...second]).size).toBe(4)
  })
})
