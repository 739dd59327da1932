import type { Catalogue, MessageKey } from './catalogue.ts'
import { de } from './catalogues/de.ts'
import { en } from './catalogues/en.ts'

export type { Catalogue, MessageKey } from './catalogue.ts'

/**
 * The languages the product speaks. Adding one is a translation job: a catalogue file and
 * a line here (with `dir: 'rtl'` for Arabic and the like); no component changes.
 */
export const LANGUAGES = {
  de: { catalogue: de as Catalogue, label: 'Deutsch', dir: 'ltr', locale: 'de-DE' },
  en: { catalogue: en, label: 'English', dir: 'ltr', locale: 'en-GB' },
} as const

export type Language = keyof typeof LANGUAGES
export const DEFAULT_LANGUAGE: Language = 'de'
export const LANGUAGE_CODES = Object.keys(LANGUAGES) as Language[]

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value)
}

export type Params = Record<string, string | number>

/** Looks up a message and fills in `{placeholders}`; an unknown placeholder stays visible. */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  let node: unknown = LANGUAGES[language].catalogue
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part]
  const message = typeof node === 'string' ? node : key
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  )
}

// Building an Intl.DateTimeFormat costs far more than using one (milliseconds against
// microseconds); the worker formats a date for every mail, so the formatters are kept.
const formatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>()

/** Formats an instant as date and time in the organisation's time zone. */
export function formatDateTime(language: Language, instant: Date, timeZone: string) {
  const locale = LANGUAGES[language].locale
  const key = `${locale} ${timeZone}`
  let pair = formatters.get(key)
  if (!pair) {
    pair = {
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone }),
      time: new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }),
    }
    formatters.set(key, pair)
  }
  return { date: pair.date.format(instant), time: pair.time.format(instant) }
}
