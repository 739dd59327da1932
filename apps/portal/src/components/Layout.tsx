import type { OrganisationContact } from '@videotermin/contracts'
import { LANGUAGE_CODES, LANGUAGES, type Language } from '@videotermin/i18n'
import type { ReactNode } from 'react'
import { useI18n } from '../i18n/i18n.tsx'
import { SupportContact } from './SupportContact.tsx'

/** Page frame: skip link, header with language switch, main landmark, and the organisation's contact. */
export function Layout({
  children,
  organisation,
  wide = false,
}: {
  children: ReactNode
  organisation?: OrganisationContact
  wide?: boolean
}) {
  const { t, language, setLanguage } = useI18n()
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="site-header">
        <span className="brand">
          {/* Decorative: the organisation's name follows as text. */}
          {organisation?.logoUrl && <img className="brand-logo" src={organisation.logoUrl} alt="" />}
          {organisation?.name ?? t('common.appName')}
        </span>
        <label className="language-switch">
          <span>{t('common.language')}</span>
          <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
            {LANGUAGE_CODES.map((code) => (
              <option key={code} value={code} lang={code}>
                {LANGUAGES[code].label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" className={wide ? 'main main-wide' : 'main'} tabIndex={-1}>
        {children}
      </main>
      {organisation && (
        <footer className="site-footer">
          <SupportContact organisation={organisation} />
        </footer>
      )}
    </>
  )
}

/** A page that only explains a state (unknown link, cancelled, error) and what to do next. */
export function StatePage({
  title,
  body,
  organisation,
}: {
  title: string
  body: string
  organisation?: OrganisationContact
}) {
  return (
    <Layout {...(organisation ? { organisation } : {})}>
      <h1>{title}</h1>
      <p>{body}</p>
    </Layout>
  )
}
