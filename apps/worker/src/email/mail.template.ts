import type { OutboxKind } from '@videotermin/db'
import { formatDateTime, type Language, type MessageKey, translate } from '@videotermin/i18n'

export interface MailData {
  kind: OutboxKind
  language: Language
  recipientName: string
  organisation: {
    name: string
    address: string
    website: string | null
    supportPhone: string | null
    supportHours: string | null
    supportEmail: string | null
    timeZone: string
  }
  startsAt: Date
  durationMinutes: number
  /** The personal link; null for the cancellation, which must not invite anyone in. */
  link: string | null
}

export interface RenderedMail {
  subject: string
  text: string
  html: string
  /** The calendar entry's title and description, in the same language. */
  calendar: { summary: string; description: string }
}

const SUBJECT: Record<OutboxKind, MessageKey> = {
  invitation: 'email.invitationSubject',
  update: 'email.updateSubject',
  reminder: 'email.reminderSubject',
  cancellation: 'email.cancellationSubject',
}
const INTRO: Record<OutboxKind, MessageKey> = {
  invitation: 'email.invitationIntro',
  update: 'email.updateIntro',
  reminder: 'email.reminderIntro',
  cancellation: 'email.cancellationIntro',
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** One of the participant mails in their language, as plain text and HTML, all texts from the catalogue. */
export function renderMail(data: MailData): RenderedMail {
  const t = (key: MessageKey, params = {}) => translate(data.language, key, params)
  const org = data.organisation
  const cancelled = data.kind === 'cancellation'
  const { date, time } = formatDateTime(data.language, data.startsAt, org.timeZone)
  const contact = [
    org.supportPhone && `${t('common.phone')}: ${org.supportPhone}`,
    org.supportHours && `${t('common.hours')}: ${org.supportHours}`,
    org.supportEmail && `${t('common.email')}: ${org.supportEmail}`,
    org.website && `${t('common.website')}: ${org.website}`,
    org.address,
  ].filter((line): line is string => Boolean(line))

  const subject = t(SUBJECT[data.kind], { organisation: org.name, date })
  const paragraphs = {
    greeting: t('email.greeting', { name: data.recipientName }),
    intro: t(INTRO[data.kind], { organisation: org.name }),
    when: t('email.when', { date, time, timeZone: org.timeZone }),
    duration: t('email.duration', { minutes: data.durationMinutes }),
    linkIntro: t('email.linkIntro'),
    keepPrivate: t('email.keepPrivate'),
    linkInvalid: t('email.linkInvalid', { organisation: org.name }),
    calendar: t(cancelled ? 'email.calendarRemove' : 'email.calendarAdd'),
    contact: t('email.contact', { organisation: org.name }),
    closing: t('email.closing', { organisation: org.name }),
  }
  const link = cancelled ? null : data.link

  const text = [
    paragraphs.greeting,
    '',
    paragraphs.intro,
    paragraphs.when,
    paragraphs.duration,
    '',
    ...(link ? [paragraphs.linkIntro, link, '', paragraphs.keepPrivate] : [paragraphs.linkInvalid]),
    '',
    paragraphs.calendar,
    '',
    paragraphs.contact,
    ...contact,
    '',
    paragraphs.closing,
  ].join('\n')

  const p = (s: string) => `<p>${escapeHtml(s).replace(/\n/g, '<br>')}</p>`
  const linkHtml = link
    ? `${p(paragraphs.linkIntro)}
<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 12px 20px; background: #0b5394; color: #ffffff; text-decoration: none; border-radius: 6px">${escapeHtml(t('email.linkButton'))}</a></p>
<p style="word-break: break-all"><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
${p(paragraphs.keepPrivate)}`
    : p(paragraphs.linkInvalid)
  const html = `<!doctype html>
<html lang="${data.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 40em">
${p(paragraphs.greeting)}
${p(paragraphs.intro)}
<p><strong${cancelled ? ' style="text-decoration: line-through"' : ''}>${escapeHtml(paragraphs.when)}</strong><br>${escapeHtml(paragraphs.duration)}</p>
${linkHtml}
${p(paragraphs.calendar)}
${p(paragraphs.contact)}
<p>${contact.map(escapeHtml).join('<br>')}</p>
${p(paragraphs.closing)}
</body></html>`

  const calendar = {
    summary: t('email.calendarTitle', { organisation: org.name }),
    description: [
      link ? t('email.calendarLink', { link }) : paragraphs.linkInvalid,
      '',
      paragraphs.contact,
      ...contact,
    ].join('\n'),
  }
  return { subject, text, html, calendar }
}
