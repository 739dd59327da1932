import type { ParticipantView } from '@videotermin/contracts'
import { useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'

/** The full consent text and one clear "I agree"; "I do not agree" leads to the explanation. */
export function ConsentStep({
  view,
  onAgree,
  onRefuse,
}: {
  view: ParticipantView
  onAgree: () => Promise<void>
  onRefuse: () => void
}) {
  const { t } = useI18n()
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  const text = view.consent.text ?? t('consent.defaultText')

  const agree = async () => {
    setBusy(true)
    setFailed(false)
    try {
      await onAgree()
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="consent-title">
      <h1 id="consent-title">{t('consent.title')}</h1>
      <p>{t('consent.intro')}</p>
      {view.otherParticipants.length > 0 && (
        <div className="notice">
          <p>{t('consent.others')}</p>
          <ul>
            {view.otherParticipants.map((role, index) => (
              // Roles can repeat (two interpreters); order is stable.
              // biome-ignore lint/suspicious/noArrayIndexKey: no other identity is shown to the citizen
              <li key={`${role}-${index}`}>{t(`roles.${role}`)}</li>
            ))}
          </ul>
        </div>
      )}
      {/* Scrolls on small screens: focusable, so keyboard users can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <section className="consent-text" aria-label={t('consent.title')} tabIndex={0}>
        {text.split('\n').map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      </section>
      {failed && (
        <p role="alert" className="error">
          {t('consent.failed')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button-primary" onClick={agree} disabled={busy}>
          {t('consent.agree')}
        </button>
        <button type="button" onClick={onRefuse}>
          {t('consent.disagree')}
        </button>
      </div>
    </section>
  )
}
