import { describe, expect, it } from 'vitest'
import { de } from './catalogues/de.ts'
import { formatDateTime, LANGUAGES, translate } from './index.ts'

function keysOf(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'string' ? [`${prefix}${key}`] : keysOf(child, `${prefix}${key}.`),
  )
}

describe('catalogues', () => {
  it('every language has every key of the German catalogue, none empty', () => {
    const expected = keysOf(de).sort()
    for (const [code, { catalogue }] of Object.entries(LANGUAGES)) {
      expect(keysOf(catalogue).sort(), code).toEqual(expected)
      for (const key of expected) expect(translate(code as 'de', key as 'common.appName'), key).not.toBe('')
    }
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'citizen.greeting', { name: 'Ada' })).toBe('Hello Ada.')
    expect(translate('de', 'citizen.greeting')).toBe('Guten Tag, {name}.')
  })

  it('formats times in the organisation time zone', () => {
    const instant = new Date('2026-03-02T08:30:00Z')
    expect(formatDateTime('de', instant, 'Europe/Berlin').time).toBe('09:30')
  })
})
