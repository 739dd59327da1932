import type { StaffSession } from '@videotermin/contracts'
import { useEffect } from 'react'
import { navigate } from '../../app/router.ts'
import { Layout } from '../../components/Layout.tsx'
import { BookingForm } from '../../features/booking/BookingForm.tsx'
import { isValidTimeZone } from '../../features/booking/zoned-time.ts'
import { useI18n } from '../../i18n/i18n.tsx'

/** `/staff/appointments/new`: the advisor books an appointment for a citizen. */
export function BookingPage({ session }: { session: StaffSession }) {
  const { t } = useI18n()
  const title = t('booking.title')

  useEffect(() => {
    const before = document.title
    document.title = `${title} – ${t('common.appName')}`
    return () => {
      document.title = before
    }
  }, [title, t])

  return (
    <Layout>
      <p>
        <a
          href="/staff"
          onClick={(event) => {
            event.preventDefault()
            navigate('/staff')
          }}
        >
          {t('staff.back')}
        </a>
      </p>
      <h1>{title}</h1>
      <p>{t('booking.intro')}</p>
      {isValidTimeZone(session.user.organisation.timeZone) ? (
        <BookingForm session={session} />
      ) : (
        // Times could not be read in the organisation's zone: refuse rather than book at a wrong hour.
        <p role="alert" className="error">
          {t('states.errorBody')}
        </p>
      )}
    </Layout>
  )
}
