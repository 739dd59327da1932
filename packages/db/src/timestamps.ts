import pg from 'pg'

const pgDefault = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text')

const DIGIT_0 = 48
function isDigitAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at) // NaN past the end
  return code >= DIGIT_0 && code <= DIGIT_0 + 9
}

function digits(text: string, from: number, count: number): number {
  let value = 0
  for (let at = from; at < from + count; at++) {
    if (!isDigitAt(text, at)) return Number.NaN
    value = value * 10 + text.charCodeAt(at) - DIGIT_0
  }
  return value
}

/**
 * A `timestamptz` as Postgres writes it with DateStyle ISO: `2026-12-06 15:01:07.123456+00`,
 * the fraction optional, the offset `±HH`, `±HH:MM` or `±HH:MM:SS`. Read by hand: the session
 * lookup every link holder's request starts with reads up to eight of these, and pg's general
 * parser (a regular expression, then Date arithmetic) took 4 % of a room-token request's
 * CPU; this takes a quarter of its time. Anything else (BC, five-digit years, `infinity`,
 * another DateStyle) goes to pg's own parser. Like it, keeps milliseconds: a Date has no
 * finer grain.
 */
export function parseTimestamptz(text: string): Date {
  const utcMs = isoTimestamptzMs(text)
  return Number.isNaN(utcMs) ? (pgDefault(text) as Date) : new Date(utcMs)
}

function isoTimestamptzMs(text: string): number {
  if (
    text.length < 22 ||
    text[4] !== '-' ||
    text[7] !== '-' ||
    text[10] !== ' ' ||
    text[13] !== ':' ||
    text[16] !== ':'
  ) {
    return Number.NaN
  }
  let at = 19
  let milliseconds = 0
  if (text[at] === '.') {
    at++
    // Up to microseconds; truncated to milliseconds, as pg does.
    for (let place = 100; isDigitAt(text, at); at++, place /= 10) {
      if (place >= 1) milliseconds += (text.charCodeAt(at) - DIGIT_0) * place
    }
    if (text[at - 1] === '.') return Number.NaN
  }
  const sign = text[at] === '+' ? 1 : text[at] === '-' ? -1 : 0
  const rest = text.length - at
  // ±HH, ±HH:MM or ±HH:MM:SS, and nothing after it.
  if (sign === 0 || !(rest === 3 || (rest === 6 && text[at + 3] === ':') || (rest === 9 && text[at + 6] === ':'))) {
    return Number.NaN
  }
  const offsetSeconds =
    digits(text, at + 1, 2) * 3600 +
    (rest > 3 ? digits(text, at + 4, 2) * 60 : 0) +
    (rest > 6 ? digits(text, at + 7, 2) : 0)
  const year = digits(text, 0, 4)
  // Date.UTC reads years 0–99 as 1900–1999; pg's parser knows better.
  if (year < 100) return Number.NaN
  const local = Date.UTC(
    year,
    digits(text, 5, 2) - 1,
    digits(text, 8, 2),
    digits(text, 11, 2),
    digits(text, 14, 2),
    digits(text, 17, 2),
    milliseconds,
  )
  return local - sign * offsetSeconds * 1000
}
