import type { ConsentTextVersion } from '@videotermin/contracts'
import { type FormEvent, useEffect, useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import { fetchConsentTexts, publishConsentText } from './admin-api.ts'
import { Feedback, TextField } from './fields.tsx'

const LANGUAGE_NAME = { de: 'booking.languageDe', en: 'booking.languageEn' } as const

/** The consent text's versions: the one in force, a form for the next, and the history. */
export function ConsentTexts({ languages, timeZone }: { languages: ('de' | 'en')[]; timeZone: string }) {
  const { t, formatDateTime } = useI18n()
  const [versions, setVersions] = useState<ConsentTextVersion[]>()
  const [drafts, setDrafts] = useState<Partial<Record<'de' | 'en', string>>>({})
  const [missing, setMissing] = useState<('de' | 'en')[]>([])
  const [message, setMessage] = useState<{ text: string; error?: boolean }>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    fetchConsentTexts()
      .then((history) => {
        setVersions(history.versions)
        // Start from the text in force, so an edit is a change, not a rewrite.
        const current = history.versions[0]
        if (current) setDrafts({ de: current.texts.de ?? '', en: current.texts.en ?? '' })
      })
      .catch(() => setMessage({ text: t('states.errorBody'), error: true }))
  }, [t])

  const when = (iso: string) => formatDateTime(new Date(iso), timeZone)
  const current = versions?.[0]

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const absent = languages.filter((language) => !drafts[language]?.trim())
    setMissing(absent)
    setMessage(undefined)
    if (absent.length > 0) return
    setBusy(true)
    try {
      const texts = Object.fromEntries(languages.map((language) => [language, drafts[language]?.trim() ?? '']))
      const history = await publishConsentText({ texts })
      setVersions(history.versions)
      setMessage({ text: t('admin.consent.published', { version: String(history.versions[0]?.version ?? '') }) })
    } catch (error) {
      setMessage({ text: t('admin.saveFailed', { message: (error as Error).message }), error: true })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="consent-title" className="admin-section">
      <h2 id="consent-title">{t('admin.consent.title')}</h2>
      <p>{t('admin.consent.intro')}</p>
      {versions === undefined ? (
        <p>{t('common.loading')}</p>
      ) : (
        <p>
          {current
            ? t('admin.consent.currentVersion', { version: String(current.version), date: when(current.createdAt) })
            : t('admin.consent.defaultInUse')}
        </p>
      )}
      <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="consent-new-title">
        <h3 id="consent-new-title">{t('admin.consent.newVersion')}</h3>
        {languages.map((language) => {
          const name = t(LANGUAGE_NAME[language])
          return (
            <TextField
              key={language}
              id={`consent-${language}`}
              multiline
              label={t('admin.consent.textIn', { language: name })}
              value={drafts[language] ?? ''}
              onChange={(value) => setDrafts((current) => ({ ...current, [language]: value }))}
              error={missing.includes(language) ? t('admin.consent.missing', { language: name }) : undefined}
            />
          )
        })}
        <Feedback message={message} />
        <button type="submit" className="button-primary" disabled={busy}>
          {t('admin.consent.publish')}
        </button>
      </form>
      {versions && versions.length > 1 && (
        <>
          <h3>{t('admin.consent.history')}</h3>
          {versions.slice(1).map((version) => (
            <details key={version.version} className="consent-version">
              <summary>
                {t('admin.consent.versionLabel', { version: String(version.version), date: when(version.createdAt) })}
              </summary>
              {Object.entries(version.texts).map(([language, text]) => (
                <div key={language} lang={language} className="consent-text">
                  {text}
                </div>
              ))}
            </details>
          ))}
        </>
      )}
    </section>
  )
}
