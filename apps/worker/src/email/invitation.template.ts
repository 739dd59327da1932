import { formatDateTime, type Language, translate } from '@videotermin/i18n'

export interface InvitationData {
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
  link: string
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** The invitation e-mail in the participant's language, as plain text and HTML. */
export function renderInvitation(data: InvitationData): { subject: string; text: string; html: string } {
  const t = (key: Parameters<typeof translate>[1], params = {}) => translate(data.language, key, params)
  const org = data.organisation
  const { date, time } = formatDateTime(data.language, data.startsAt, org.timeZone)
  const contact = [
    org.supportPhone && `${t('common.phone')}: ${org.supportPhone}`,
    org.supportHours && `${t('common.hours')}: ${org.supportHours}`,
    org.supportEmail && `${t('common.email')}: ${org.supportEmail}`,
    org.website && `${t('common.website')}: ${org.website}`,
    org.address,
  ].filter((line): line is string => Boolean(line))

  const paragraphs = {
    greeting: t('email.greeting', { name: data.recipientName }),
    intro: t('email.invitationIntro', { organisation: org.name }),
    when: t('email.when', { date, time, timeZone: org.timeZone }),
    duration: t('email.duration', { minutes: data.durationMinutes }),
    linkIntro: t('email.linkIntro'),
    keepPrivate: t('email.keepPrivate'),
    contact: t('email.contact', { organisation: org.name }),
    closing: t('email.closing', { organisation: org.name }),
  }

  const text = [
    paragraphs.greeting,
    '',
    paragraphs.intro,
    paragraphs.when,
    paragraphs.duration,
    '',
    paragraphs.linkIntro,
    data.link,
    '',
    paragraphs.keepPrivate,
    '',
    paragraphs.contact,
    ...contact,
    '',
    paragraphs.closing,
  ].join('\n')

  const p = (s: string) => `<p>${escapeHtml(s).replace(/\n/g, '<br>')}</p>`
  const html = `<!doctype html>
<html lang="${data.language}"><head><meta charset="utf-8"><title>${escapeHtml(t('email.invitationSubject', { organisation: org.name, date }))}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 40em">
${p(paragraphs.greeting)}
${p(paragraphs.intro)}
<p><strong>${escapeHtml(paragraphs.when)}</strong><br>${escapeHtml(paragraphs.duration)}</p>
${p(paragraphs.linkIntro)}
<p><a href="${escapeHtml(data.link)}" style="display: inline-block; padding: 12px 20px; background: #0b5394; color: #ffffff; text-decoration: none; border-radius: 6px">${escapeHtml(t('email.linkButton'))}</a></p>
<p style="word-break: break-all"><a href="${escapeHtml(data.link)}">${escapeHtml(data.link)}</a></p>
${p(paragraphs.keepPrivate)}
${p(paragraphs.contact)}
<p>${contact.map(escapeHtml).join('<br>')}</p>
${p(paragraphs.closing)}
</body></html>`

  return { subject: t('email.invitationSubject', { organisation: org.name, date }), text, html }
}
