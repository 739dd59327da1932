import { describe, expect, it } from 'vitest'
import { checkSettings, type SettingsValues } from './settings-form.ts'

const valid: SettingsValues = {
  name: ' Jobcenter Musterstadt ',
  address: 'Beispielweg 5',
  website: '',
  supportPhone: '0123 456-0',
  supportHours: '',
  supportEmail: '',
  timeZone: 'Europe/Berlin',
  lobbyLeadMinutes: '5',
  languages: ['de'],
}

describe('organisation settings form', () => {
  it('turns valid input into the request body: trimmed, empty optional fields as null, numbers as numbers', () => {
    expect(checkSettings(valid)).toEqual({
      body: {
        name: 'Jobcenter Musterstadt',
        address: 'Beispielweg 5',
        website: null,
        supportPhone: '0123 456-0',
        supportHours: null,
        supportEmail: null,
        timeZone: 'Europe/Berlin',
        lobbyLeadMinutes: 5,
        languages: ['de'],
      },
    })
  })

  it.each([
    [{ name: '  ' }, 'name', 'nameMissing'],
    [{ website: 'http://plain.example' }, 'website', 'websiteInvalid'],
    [{ website: 'javascript:alert(1)' }, 'website', 'websiteInvalid'],
    [{ supportPhone: 'call me' }, 'supportPhone', 'phoneInvalid'],
    [{ supportEmail: 'nobody' }, 'supportEmail', 'emailInvalid'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'timeZoneInvalid'],
    [{ timeZone: '' }, 'timeZone', 'timeZoneInvalid'],
    [{ lobbyLeadMinutes: '61' }, 'lobbyLeadMinutes', 'lobbyInvalid'],
    [{ lobbyLeadMinutes: '-1' }, 'lobbyLeadMinutes', 'lobbyInvalid'],
    [{ lobbyLeadMinutes: '2.5' }, 'lobbyLeadMinutes', 'lobbyInvalid'],
    [{ languages: [] }, 'languages', 'languagesMissing'],
  ] as const)('refuses %o', (change, field, error) => {
    const result = checkSettings({ ...valid, ...change } as SettingsValues)
    expect(result.errors).toEqual({ [field]: error })
  })
})
