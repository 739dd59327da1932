import type { SurveyBody } from '@videotermin/contracts'
import { type FormEvent, useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'

const SCALE = [1, 2, 3, 4, 5] as const

/** Three voluntary, anonymous questions; every one may stay empty, and the whole survey can be skipped. */
export function Survey({ onSubmit, onSkip }: { onSubmit: (answer: SurveyBody) => Promise<void>; onSkip: () => void }) {
  const { t } = useI18n()
  const [failed, setFailed] = useState(false)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const scale = (name: string) => {
      const value = Number(form.get(name))
      return value >= 1 && value <= 5 ? value : undefined
    }
    const useAgain = form.get('useAgain')
    const answer: SurveyBody = {
      ...(scale('satisfaction') ? { satisfaction: scale('satisfaction') } : {}),
      ...(scale('avQuality') ? { avQuality: scale('avQuality') } : {}),
      ...(useAgain === 'yes' || useAgain === 'no' || useAgain === 'unsure' ? { useAgain } : {}),
    }
    setBusy(true)
    setFailed(false)
    try {
      await onSubmit(answer)
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }

  const scaleQuestion = (name: 'satisfaction' | 'avQuality') => (
    <fieldset className="scale">
      <legend>{t(`survey.${name}`)}</legend>
      <p className="hint">
        {t('survey.scaleLow')} · {t('survey.scaleHigh')}
      </p>
      <div className="scale-options">
        {SCALE.map((value) => (
          <label key={value}>
            <input type="radio" name={name} value={value} />
            {value}
          </label>
        ))}
      </div>
    </fieldset>
  )

  return (
    <section aria-labelledby="survey-title">
      <h1 id="survey-title">{t('survey.title')}</h1>
      <p>{t('survey.intro')}</p>
      <form className="form survey" onSubmit={submit}>
        {scaleQuestion('satisfaction')}
        {scaleQuestion('avQuality')}
        <fieldset className="scale">
          <legend>{t('survey.useAgain')}</legend>
          <div className="scale-options">
            {(['yes', 'no', 'unsure'] as const).map((value) => (
              <label key={value}>
                <input type="radio" name="useAgain" value={value} />
                {t(`survey.${value}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {failed && (
          <p role="alert" className="error">
            {t('survey.failed')}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {t('survey.submit')}
          </button>
          <button type="button" onClick={onSkip}>
            {t('survey.skip')}
          </button>
        </div>
      </form>
    </section>
  )
}
