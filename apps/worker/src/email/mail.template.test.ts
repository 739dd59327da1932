import type { OutboxKind } from '@videotermin/db'
import { LANGUAGE_CODES } from '@videotermin/i18n'
import { describe, expect, it } from 'vitest'
import { type MailData, renderMail } from './mail.template.ts'

const KINDS: OutboxKind[] = ['invitation', 'update', 'reminder', 'cancellation']
const link = 'https://example.org/t/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde'

const data = (kind: OutboxKind, language: MailData['language']): MailData => ({
  kind,
  language,
  recipientName: 'Kim <Beispiel>',
  organisation: {
    name: 'Bürgeramt Musterstadt',
    address: 'Rathausplatz 1, 12345 Musterstadt',
    website: 'https://musterstadt.example',
    supportPhone: '0123 456-0',
    supportHours: 'Mo–Fr 8–16 Uhr',
    supportEmail: 'buergeramt@musterstadt.example',
    timeZone: 'Europe/Berlin',
  },
  startsAt: new Date('2026-07-01T08:30:00Z'),
  durationMinutes: 30,
  link,
})

describe('participant mails', () => {
  it('fill every placeholder from the catalogue in every language and kind, text and HTML', () => {
    for (const language of LANGUAGE_CODES) {
      for (const kind of KINDS) {
        const mail = renderMail(data(kind, language))
        for (const part of [mail.subject, mail.text, mail.html, mail.calendar.summary, mail.calendar.description]) {
          // A missing key shows as its dotted name, a missing parameter as {name}.
          expect(part, `${language} ${kind}`).not.toMatch(/\{\w+\}|email\.\w+|common\.\w+/)
        }
        expect(mail.text).toContain('10:30')
        expect(mail.text).toContain('0123 456-0')
        expect(mail.text).toContain('Rathausplatz 1')
        expect(mail.html).toContain(`lang="${language}"`)
        // Names are escaped in HTML.
        expect(mail.html).toContain('Kim &lt;Beispiel&gt;')
        expect(mail.html).not.toContain('<Beispiel>')
      }
    }
  })

  it('carries the personal link in every mail but the cancellation', () => {
    for (const kind of KINDS) {
      const mail = renderMail(data(kind, 'de'))
      if (kind === 'cancellation') {
        expect(mail.text).not.toContain('/t/')
        expect(mail.html).not.toContain('/t/')
        expect(mail.calendar.description).not.toContain('/t/')
      } else {
        expect(mail.text).toContain(link)
        expect(mail.html).toContain(`href="${link}"`)
      }
    }
  })

  it('speaks German by default and English when asked, with a subject per kind', () => {
    expect(renderMail(data('invitation', 'de')).subject).toBe(
      'Ihr Videotermin bei Bürgeramt Musterstadt am Mittwoch, 1. Juli 2026',
    )
    expect(renderMail(data('update', 'de')).text).toContain('verlegt')
    expect(renderMail(data('reminder', 'en')).subject).toMatch(/^Reminder: /)
    expect(renderMail(data('cancellation', 'en')).subject).toMatch(/^Cancelled: /)
    const subjects = new Set(KINDS.map((kind) => renderMail(data(kind, 'en')).subject))
    expect(subjects.size).toBe(KINDS.length)
  })
})
