import { LOGO_CONTENT_TYPES, LOGO_MAX_BYTES, type OrganisationSettings } from '@videotermin/contracts'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { useI18n } from '../../i18n/i18n.tsx'
import { fetchSettings, removeLogo, saveSettings, uploadLogo } from './admin-api.ts'
import { ConsentTexts } from './ConsentTexts.tsx'
import { Feedback, TextField } from './fields.tsx'
import {
  checkSettings,
  type SettingsError,
  type SettingsField,
  type SettingsValues,
  settingsValues,
} from './settings-form.ts'
import './admin.css'

type Message = { text: string; error?: boolean }

/** The admin's page for what citizens see of the organisation, the logo, and the consent text. */
export function OrganisationSettingsPanel({ onSaved }: { onSaved?: (settings: OrganisationSettings) => void }) {
  const { t } = useI18n()
  const [settings, setSettings] = useState<OrganisationSettings>()
  const [loadError, setLoadError] = useState<string>()

  useEffect(() => {
    fetchSettings()
      .then(setSettings)
      .catch((error) =>
        setLoadError(error instanceof ApiError && error.status === 403 ? t('admin.forbidden') : t('states.errorBody')),
      )
  }, [t])

  if (loadError) {
    return (
      <p role="alert" className="error">
        {loadError}
      </p>
    )
  }
  if (!settings) return <p>{t('common.loading')}</p>
  return (
    <>
      <SettingsForm
        settings={settings}
        onSaved={(next) => {
          setSettings(next)
          onSaved?.(next)
        }}
      />
      <LogoForm settings={settings} onChanged={setSettings} />
      <ConsentTexts languages={settings.languages} timeZone={settings.timeZone} />
    </>
  )
}

function SettingsForm({
  settings,
  onSaved,
}: {
  settings: OrganisationSettings
  onSaved: (settings: OrganisationSettings) => void
}) {
  const { t } = useI18n()
  const [values, setValues] = useState<SettingsValues>(() => settingsValues(settings))
  const [errors, setErrors] = useState<Partial<Record<SettingsField, SettingsError>>>({})
  const [message, setMessage] = useState<Message>()
  const [busy, setBusy] = useState(false)
  const summaryRef = useRef<HTMLElement>(null)
  const set = (field: Exclude<SettingsField, 'languages'>) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }))
  const errorText = (field: SettingsField) =>
    errors[field] ? t(`admin.organisation.errors.${errors[field]}`) : undefined

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(undefined)
    const checked = checkSettings(values)
    if (checked.errors) {
      setErrors(checked.errors)
      // Move to the summary so keyboard and screen-reader users learn what to fix.
      requestAnimationFrame(() => summaryRef.current?.focus())
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const saved = await saveSettings(checked.body)
      onSaved(saved)
      setMessage({ text: t('admin.saved') })
    } catch (error) {
      setMessage({ text: t('admin.saveFailed', { message: (error as Error).message }), error: true })
    } finally {
      setBusy(false)
    }
  }

  const errorFields = Object.keys(errors) as SettingsField[]
  const id = (field: SettingsField) => `org-${field}`
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="org-settings-title">
      <h2 id="org-settings-title" className="visually-hidden">
        {t('admin.organisation.title')}
      </h2>
      {errorFields.length > 0 && (
        <section className="booking-summary" tabIndex={-1} ref={summaryRef} aria-labelledby="org-errors-title">
          <h3 id="org-errors-title">{t('booking.errorSummaryTitle')}</h3>
          <ul>
            {errorFields.map((field) => (
              <li key={field}>
                <a href={`#${id(field)}`}>{errorText(field)}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <fieldset>
        <legend>{t('admin.organisation.contactLegend')}</legend>
        <TextField
          id={id('name')}
          label={t('admin.organisation.name')}
          value={values.name}
          onChange={set('name')}
          error={errorText('name')}
          autoComplete="organization"
        />
        <TextField
          id={id('address')}
          label={t('admin.organisation.address')}
          value={values.address}
          onChange={set('address')}
        />
        <TextField
          id={id('website')}
          type="url"
          label={t('admin.organisation.website')}
          hint={t('admin.organisation.websiteHint')}
          value={values.website}
          onChange={set('website')}
          error={errorText('website')}
        />
        <TextField
          id={id('supportPhone')}
          type="tel"
          label={t('admin.organisation.supportPhone')}
          value={values.supportPhone}
          onChange={set('supportPhone')}
          error={errorText('supportPhone')}
        />
        <TextField
          id={id('supportHours')}
          label={t('admin.organisation.supportHours')}
          hint={t('admin.organisation.supportHoursHint')}
          value={values.supportHours}
          onChange={set('supportHours')}
        />
        <TextField
          id={id('supportEmail')}
          type="email"
          label={t('admin.organisation.supportEmail')}
          value={values.supportEmail}
          onChange={set('supportEmail')}
          error={errorText('supportEmail')}
        />
      </fieldset>
      <fieldset>
        <legend>{t('admin.organisation.appointmentsLegend')}</legend>
        <TextField
          id={id('timeZone')}
          label={t('admin.organisation.timeZone')}
          hint={t('admin.organisation.timeZoneHint')}
          value={values.timeZone}
          onChange={set('timeZone')}
          error={errorText('timeZone')}
        />
        <TextField
          id={id('lobbyLeadMinutes')}
          label={t('admin.organisation.lobbyLead')}
          value={values.lobbyLeadMinutes}
          onChange={set('lobbyLeadMinutes')}
          error={errorText('lobbyLeadMinutes')}
          inputMode="numeric"
        />
        <fieldset
          id={id('languages')}
          className="checkbox-group"
          tabIndex={-1}
          aria-describedby={errors.languages ? 'org-languages-error' : 'org-languages-hint'}
        >
          <legend>{t('admin.organisation.languages')}</legend>
          <p id="org-languages-hint" className="hint">
            {t('admin.organisation.languagesHint')}
          </p>
          {errors.languages && (
            <p id="org-languages-error" className="error">
              {errorText('languages')}
            </p>
          )}
          {(['de', 'en'] as const).map((language) => (
            <label key={language} className="checkbox">
              <input
                type="checkbox"
                checked={values.languages.includes(language)}
                onChange={(event) =>
                  setValues((current) => ({
                    ...current,
                    languages: event.target.checked
                      ? (['de', 'en'] as const).filter((l) => l === language || current.languages.includes(l))
                      : current.languages.filter((l) => l !== language),
                  }))
                }
              />
              {t(language === 'de' ? 'booking.languageDe' : 'booking.languageEn')}
            </label>
          ))}
        </fieldset>
        <p className="hint">{t('admin.organisation.retention', { days: String(settings.retentionDays) })}</p>
      </fieldset>
      <Feedback message={message} />
      <button type="submit" className="button-primary" disabled={busy}>
        {t('admin.organisation.save')}
      </button>
    </form>
  )
}

function LogoForm({
  settings,
  onChanged,
}: {
  settings: OrganisationSettings
  onChanged: (s: OrganisationSettings) => void
}) {
  const { t } = useI18n()
  const [file, setFile] = useState<File>()
  const [message, setMessage] = useState<Message>()
  const [busy, setBusy] = useState(false)

  const run = async (action: () => Promise<OrganisationSettings>) => {
    setBusy(true)
    setMessage(undefined)
    try {
      onChanged(await action())
      setFile(undefined)
      setMessage({ text: t('admin.saved') })
    } catch (error) {
      setMessage({ text: t('admin.saveFailed', { message: (error as Error).message }), error: true })
    } finally {
      setBusy(false)
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!file) return
    if (!(LOGO_CONTENT_TYPES as readonly string[]).includes(file.type)) {
      setMessage({ text: t('admin.logo.wrongType'), error: true })
      return
    }
    if (file.size > LOGO_MAX_BYTES) {
      setMessage({ text: t('admin.logo.tooLarge'), error: true })
      return
    }
    void run(() => uploadLogo(file))
  }

  return (
    <form className="admin-form" onSubmit={submit} aria-labelledby="logo-title">
      <h2 id="logo-title">{t('admin.logo.legend')}</h2>
      {settings.logoUrl ? (
        <img className="logo-preview" src={settings.logoUrl} alt={t('admin.logo.current')} />
      ) : (
        <p>{t('admin.logo.none')}</p>
      )}
      <div className="field">
        <label htmlFor="logo-file">{t('admin.logo.choose')}</label>
        <input
          id="logo-file"
          type="file"
          accept={LOGO_CONTENT_TYPES.join(',')}
          onChange={(event) => setFile(event.target.files?.[0])}
        />
      </div>
      <Feedback message={message} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !file}>
          {t('admin.logo.upload')}
        </button>
        {settings.logoUrl && (
          <button type="button" disabled={busy} onClick={() => void run(removeLogo)}>
            {t('admin.logo.remove')}
          </button>
        )}
      </div>
    </form>
  )
}
