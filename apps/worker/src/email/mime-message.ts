import { randomBytes } from 'node:crypto'
import { domainToASCII } from 'node:url'

/** A participant mail as it goes over SMTP: text, HTML and the calendar entry. */
export interface OutgoingMail {
  from: { name: string; address: string }
  to: { name: string; address: string }
  subject: string
  text: string
  html: string
  /** Sent twice, as nodemailer's `icalEvent` does: as the `text/calendar` alternative mail clients act on, and as an attachment. */
  calendar: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string }
  /** With angle brackets: `<id@host>`. */
  messageId: string
  date: Date
}

const CRLF = '\r\n'

// One random prefix per process and a counter: unique enough for boundaries, without a call
// into the random generator per mail. A boundary starting with "=_" cannot occur in
// quoted-printable text (an "=" there is always followed by hex digits or a line break) nor
// in base64, so no body can end a part early.
const BOUNDARY_PREFIX = `=_vt_${randomBytes(8).toString('hex')}_`
let boundaryCounter = 0

/** `=XX` for every byte value, built once. */
const HEX_ESCAPE = Array.from({ length: 256 }, (_, byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`)

const SAFE_LINE =
  /^(?:[\x21-\x2d\x2f-\x3c\x3e-\x7e][\x20-\x3c\x3e-\x7e]*[\x21-\x3c\x3e-\x7e])?$|^[\x21-\x2d\x2f-\x3c\x3e-\x7e]$/

/**
 * Quoted-printable (RFC 2045 §6.7) of a UTF-8 text: CRLF line ends, soft breaks keep every
 * line within 76 characters, trailing blanks and a leading dot are escaped (the dot so that
 * no SMTP dot-stuffing is needed).
 */
export function quotedPrintable(text: string): string {
  const lines = text.split(/\r?\n/)
  let out = ''
  for (let l = 0; l < lines.length; l++) {
    const source = lines[l] ?? ''
    // Most lines need nothing: short, printable ASCII without "=", no blank at the end, no leading dot.
    if (source.length <= 76 && SAFE_LINE.test(source)) {
      out += l < lines.length - 1 ? `${source}${CRLF}` : source
      continue
    }
    const bytes = Buffer.from(source, 'utf8')
    let line = ''
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i] as number
      const last = i === bytes.length - 1
      let token: string
      if (byte === 0x3d || byte > 0x7e || (byte < 0x20 && byte !== 0x09)) token = HEX_ESCAPE[byte] as string
      else if ((byte === 0x20 || byte === 0x09) && last) token = HEX_ESCAPE[byte] as string
      else if (byte === 0x2e && line.length === 0) token = '=2E'
      else token = String.fromCharCode(byte)
      if (line.length + token.length > 75) {
        out += `${line}=${CRLF}`
        // A dot opening the continuation line is escaped too.
        line = token === '.' ? '=2E' : token
      } else {
        line += token
      }
    }
    out += line
    if (l < lines.length - 1) out += CRLF
  }
  return out
}

/** base64 in lines of 76 characters. */
function base64Lines(content: string): string {
  const encoded = Buffer.from(content, 'utf8').toString('base64')
  let out = ''
  for (let i = 0; i < encoded.length; i += 76) out += `${encoded.slice(i, i + 76)}${CRLF}`
  return out
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/**
 * A header text (RFC 2047): printable ASCII stays as it is, anything else (umlauts, but also
 * line breaks, which would otherwise start a new header) becomes base64 encoded-words of at
 * most 36 bytes each (60 characters, so a line with the header's name stays within 78), cut
 * between characters, one per folded line.
 */
export function encodeHeaderText(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value
  const words: string[] = []
  let chunk = ''
  let chunkBytes = 0
  for (const char of value) {
    const size = Buffer.byteLength(char, 'utf8')
    if (chunkBytes + size > 36) {
      words.push(chunk)
      chunk = ''
      chunkBytes = 0
    }
    chunk += char
    chunkBytes += size
  }
  if (chunk) words.push(chunk)
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(`${CRLF} `)
}

const ATOM_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]*$/
const ADDRESS = /^[^\s\p{Cc}<>()[\]\\,;:"@]+@[^\s\p{Cc}<>()[\]\\,;:"@]+$/u

/** `Name <local@domain>`, the name quoted or encoded as needed, an international domain in its ASCII form. */
export function encodeAddress(mailbox: { name: string; address: string }): string {
  if (!ADDRESS.test(mailbox.address)) throw new Error('invalid e-mail address')
  const at = mailbox.address.lastIndexOf('@')
  const domain = mailbox.address.slice(at + 1)
  const address = PRINTABLE_ASCII.test(domain)
    ? mailbox.address
    : `${mailbox.address.slice(0, at)}@${domainToASCII(domain) || domain}`
  const name = mailbox.name.trim()
  if (!name) return address
  if (ATOM_PHRASE.test(name)) return `${name} <${address}>`
  if (PRINTABLE_ASCII.test(name)) return `"${name.replace(/[\\"]/g, '\\$&')}" <${address}>`
  return `${encodeHeaderText(name)} <${address}>`
}

/** RFC 5322 date in UTC: `Sat, 28 Nov 2026 20:58:10 +0000`. */
function mailDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000')
}

/**
 * The whole message in one buffer, CRLF line ends, no line over 76 characters: headers,
 * then multipart/mixed of (multipart/alternative of text, HTML and the calendar request)
 * and the calendar as an .ics attachment. Written out directly: nodemailer's composer
 * builds the same through a stream per part and cost more CPU than everything else about
 * a mail.
 */
export function composeMessage(mail: OutgoingMail): Buffer {
  const id = ++boundaryCounter
  const mixed = `${BOUNDARY_PREFIX}${id}_m`
  const alternative = `${BOUNDARY_PREFIX}${id}_a`
  const filename = mail.calendar.filename.replace(/[^A-Za-z0-9._-]/g, '_')
  const message =
    `From: ${encodeAddress(mail.from)}${CRLF}` +
    `To: ${encodeAddress(mail.to)}${CRLF}` +
    `Subject: ${encodeHeaderText(mail.subject)}${CRLF}` +
    `Message-ID: ${mail.messageId}${CRLF}` +
    `Date: ${mailDate(mail.date)}${CRLF}` +
    `MIME-Version: 1.0${CRLF}` +
    `Content-Type: multipart/mixed;${CRLF} boundary="${mixed}"${CRLF}` +
    CRLF +
    `--${mixed}${CRLF}` +
    `Content-Type: multipart/alternative;${CRLF} boundary="${alternative}"${CRLF}` +
    CRLF +
    `--${alternative}${CRLF}` +
    `Content-Type: text/plain; charset=utf-8${CRLF}` +
    `Content-Transfer-Encoding: quoted-printable${CRLF}` +
    CRLF +
    `${quotedPrintable(mail.text)}${CRLF}` +
    `--${alternative}${CRLF}` +
    `Content-Type: text/html; charset=utf-8${CRLF}` +
    `Content-Transfer-Encoding: quoted-printable${CRLF}` +
    CRLF +
    `${quotedPrintable(mail.html)}${CRLF}` +
    `--${alternative}${CRLF}` +
    `Content-Type: text/calendar; charset=utf-8; method=${mail.calendar.method}${CRLF}` +
    `Content-Transfer-Encoding: quoted-printable${CRLF}` +
    CRLF +
    `${quotedPrintable(mail.calendar.content)}${CRLF}` +
    `--${alternative}--${CRLF}` +
    CRLF +
    `--${mixed}${CRLF}` +
    `Content-Type: application/ics; name=${filename}${CRLF}` +
    `Content-Disposition: attachment; filename=${filename}${CRLF}` +
    `Content-Transfer-Encoding: base64${CRLF}` +
    CRLF +
    base64Lines(mail.calendar.content) +
    `--${mixed}--${CRLF}`
  return Buffer.from(message, 'utf8')
}
