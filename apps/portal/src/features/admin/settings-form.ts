import type { OrganisationSettings, OrganisationSettingsBody } from '@videotermin/contracts'

/** The settings form's values as the inputs hold them (strings, checkboxes). */
export interface SettingsValues {
  name: string
  address: string
  website: string
  supportPhone: string
  supportHours: string
  supportEmail: string
  timeZone: string
  lobbyLeadMinutes: string
  languages: ('de' | 'en')[]
}

export type SettingsField = keyof SettingsValues
export type SettingsError =
  | 'nameMissing'
  | 'websiteInvalid'
  | 'phoneInvalid'
  | 'emailInvalid'
  | 'lobbyInvalid'
  | 'languagesMissing'
  | 'timeZoneInvalid'

export function settingsValues(settings: OrganisationSettings): SettingsValues {
  return {
    name: settings.name,
    address: settings.address,
    website: settings.website ?? '',
    supportPhone: settings.supportPhone ?? '',
    supportHours: settings.supportHours ?? '',
    supportEmail: settings.supportEmail ?? '',
    timeZone: settings.timeZone,
    lobbyLeadMinutes: String(settings.lobbyLeadMinutes),
    languages: settings.languages,
  }
}

// The same rules as the API's schema, so people learn of a problem before sending.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^[+0-9 ()/-]{3,40}$/
const WEBSITE = /^https:\/\/\S+$/

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone.length > 0
  } catch {
    return false
  }
}

/** Checks the form; returns either the request body or the errors by field. */
export function checkSettings(
  values: SettingsValues,
): { body: OrganisationSettingsBody; errors?: undefined } | { errors: Partial<Record<SettingsField, SettingsError>> } {
  const errors: Partial<Record<SettingsField, SettingsError>> = {}
  const trimmed = (value: string) => value.trim()
  if (!trimmed(values.name)) errors.name = 'nameMissing'
  if (trimmed(values.website) && !WEBSITE.test(trimmed(values.website))) errors.website = 'websiteInvalid'
  if (trimmed(values.supportPhone) && !PHONE.test(trimmed(values.supportPhone))) errors.supportPhone = 'phoneInvalid'
  if (trimmed(values.supportEmail) && !EMAIL.test(trimmed(values.supportEmail))) errors.supportEmail = 'emailInvalid'
  if (!isTimeZone(trimmed(values.timeZone))) errors.timeZone = 'timeZoneInvalid'
  const lead = Number(values.lobbyLeadMinutes)
  if (!/^\d{1,2}$/.test(trimmed(values.lobbyLeadMinutes)) || lead > 60) errors.lobbyLeadMinutes = 'lobbyInvalid'
  if (values.languages.length === 0) errors.languages = 'languagesMissing'
  if (Object.keys(errors).length > 0) return { errors }
  const orNull = (value: string) => trimmed(value) || null
  return {
    body: {
      name: trimmed(values.name),
      address: trimmed(values.address),
      website: orNull(values.website),
      supportPhone: orNull(values.supportPhone),
      supportHours: orNull(values.supportHours),
      supportEmail: orNull(values.supportEmail),
      timeZone: trimmed(values.timeZone),
      lobbyLeadMinutes: lead,
      languages: values.languages,
    },
  }
}
