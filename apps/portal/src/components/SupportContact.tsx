import type { OrganisationContact } from '@videotermin/contracts'
import { useId } from 'react'
import { useI18n } from '../i18n/i18n.tsx'

/** The organisation's support contact, shown on every citizen page. */
export function SupportContact({ organisation }: { organisation: OrganisationContact }) {
  const { t } = useI18n()
  // Shown in the footer and inside help texts: each copy needs its own heading id.
  const headingId = useId()
  return (
    <section aria-labelledby={headingId} className="support">
      <h2 id={headingId}>{t('common.supportContact')}</h2>
      <p className="support-name">{organisation.name}</p>
      <dl>
        {organisation.supportPhone && (
          <>
            <dt>{t('common.phone')}</dt>
            <dd>
              <a href={`tel:${organisation.supportPhone.replace(/[^\d+]/g, '')}`}>{organisation.supportPhone}</a>
            </dd>
          </>
        )}
        {organisation.supportHours && (
          <>
            <dt>{t('common.hours')}</dt>
            <dd>{organisation.supportHours}</dd>
          </>
        )}
        {organisation.supportEmail && (
          <>
            <dt>{t('common.email')}</dt>
            <dd>
              <a href={`mailto:${organisation.supportEmail}`}>{organisation.supportEmail}</a>
            </dd>
          </>
        )}
        {organisation.website && (
          <>
            <dt>{t('common.website')}</dt>
            <dd>
              <a href={organisation.website} rel="noreferrer">
                {organisation.website}
              </a>
            </dd>
          </>
        )}
      </dl>
      {organisation.address && <p>{organisation.address}</p>}
    </section>
  )
}
