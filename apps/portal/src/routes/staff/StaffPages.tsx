import type { StaffAppointment, StaffSession } from '@videotermin/contracts'
import { type FormEvent, lazy, Suspense, useEffect, useState } from 'react'
import { api } from '../../api/client.ts'
import { navigate } from '../../app/router.ts'
import { Layout } from '../../components/Layout.tsx'
import { DeliveryNote } from '../../features/booking/AppointmentChanges.tsx'
import { fetchAppointments, useStaffSession } from '../../features/staff/hooks/useStaffSession.ts'
import { StaffNav } from '../../features/staff/StaffNav.tsx'
import { useI18n } from '../../i18n/i18n.tsx'
import { OrganisationPage, TeamPage } from './AdminPages.tsx'
import { AppointmentLive } from './AppointmentLive.tsx'
import { BookingPage } from './BookingPage.tsx'
import { WelcomePage } from './WelcomePage.tsx'

const APPOINTMENT_PATH = /^\/staff\/appointments\/([0-9a-f-]{36})$/
// Charts load only with this admin page, so no other page (the citizen's least) carries them.
const StatisticsPage = lazy(() => import('../../features/statistics/StatisticsPage.tsx'))

/** `/staff…`: sign-in, the advisor's appointments, and one appointment's live view with the call. */
export function StaffArea({ path }: { path: string }) {
  // Reached through an invitation link, without a session.
  if (path === '/staff/welcome') return <WelcomePage />
  return <SignedInArea path={path} />
}

function SignedInArea({ path }: { path: string }) {
  const { t } = useI18n()
  const { session, signIn, signOut, reload } = useStaffSession()

  useEffect(() => {
    if (session.state === 'signed-out' && path !== '/staff/login') navigate('/staff/login', { replace: true })
    if (session.state === 'signed-in' && path === '/staff/login') navigate('/staff', { replace: true })
  }, [session.state, path])

  if (session.state === 'loading') return <Layout>{t('common.loading')}</Layout>
  if (session.state === 'signed-out') return <SignInForm onSubmit={signIn} />
  const pageProps = { session: session.session, path, onSignOut: signOut, onSessionChanged: reload }
  if (path === '/staff/organisation') return <OrganisationPage {...pageProps} />
  if (path === '/staff/team') return <TeamPage {...pageProps} />
  if (path === '/staff/appointments/new') return <BookingPage session={session.session} />
  if (path === '/staff/statistics' && session.session.user.role === 'admin') {
    const nav = <StaffNav session={session.session} path={path} onSignOut={signOut} />
    return (
      <Suspense fallback={<Layout>{t('common.loading')}</Layout>}>
        <StatisticsPage session={session.session} nav={nav} />
      </Suspense>
    )
  }
  const appointmentId = path.match(APPOINTMENT_PATH)?.[1]
  if (appointmentId) return <AppointmentLive appointmentId={appointmentId} session={session.session} />
  return <Appointments session={session.session} path={path} onSignOut={signOut} />
}

function SignInForm({ onSubmit }: { onSubmit: ReturnType<typeof useStaffSession>['signIn'] }) {
  const { t } = useI18n()
  // The API sends a refused or failed SSO sign-in back here with ?error=….
  const ssoError = new URLSearchParams(window.location.search).get('error')
  const [error, setError] = useState<string | undefined>(() => {
    if (ssoError === 'sso_forbidden') return t('staff.ssoForbidden')
    return ssoError === 'sso_failed' ? t('staff.ssoFailed') : undefined
  })
  const [busy, setBusy] = useState(false)
  const [ssoEnabled, setSsoEnabled] = useState(false)

  useEffect(() => {
    api<{ enabled: boolean }>('GET', '/api/staff/sso')
      .then((answer) => setSsoEnabled(answer.enabled))
      .catch(() => setSsoEnabled(false))
  }, [])

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setBusy(true)
    const outcome = await onSubmit({ email: String(form.get('email')), password: String(form.get('password')) })
    setBusy(false)
    if (outcome !== 'ok') setError(outcome === 'rate-limited' ? t('staff.tooManyAttempts') : t('staff.signInFailed'))
  }

  return (
    <Layout>
      <h1>{t('staff.signInTitle')}</h1>
      <form className="form" onSubmit={submit} noValidate>
        <label>
          {t('staff.email')}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t('staff.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={busy}>
          {t('staff.signIn')}
        </button>
      </form>
      {/* A full page navigation: the API redirects on to the organisation's identity provider. */}
      {ssoEnabled && (
        <p className="actions">
          <a className="button-link" href="/api/staff/sso/start">
            {t('staff.signInSso')}
          </a>
        </p>
      )}
    </Layout>
  )
}

function Appointments({ session, path, onSignOut }: { session: StaffSession; path: string; onSignOut: () => void }) {
  const { t, formatDateTime } = useI18n()
  const [appointments, setAppointments] = useState<StaffAppointment[]>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    fetchAppointments()
      .then((list) => setAppointments(list.appointments))
      .catch(() => setError(t('states.errorBody')))
  }, [t])

  return (
    <Layout>
      <StaffNav session={session} path={path} onSignOut={onSignOut} />
      <div className="booking-heading-row">
        <h1>{t('staff.appointmentsTitle')}</h1>
        <a
          className="booking-link-button"
          href="/staff/appointments/new"
          onClick={(event) => {
            event.preventDefault()
            navigate('/staff/appointments/new')
          }}
        >
          {t('booking.newAppointment')}
        </a>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {appointments === undefined ? (
        <p>{t('common.loading')}</p>
      ) : appointments.length === 0 ? (
        <p>{t('staff.noAppointments')}</p>
      ) : (
        <table className="appointments">
          <thead>
            <tr>
              <th scope="col">{t('staff.start')}</th>
              <th scope="col">{t('staff.citizen')}</th>
              <th scope="col">{t('booking.delivery.column')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('staff.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {appointments.map((appointment) => {
              const name = `${appointment.citizen.firstName} ${appointment.citizen.lastName}`
              return (
                <tr key={appointment.id}>
                  <td>{formatDateTime(new Date(appointment.startsAt), session.user.organisation.timeZone)}</td>
                  <td>
                    {name}
                    {appointment.status === 'cancelled' && ` (${t('staff.cancelled')})`}
                  </td>
                  <td>
                    <DeliveryNote status={appointment.delivery} />
                  </td>
                  <td>
                    <a
                      href={`/staff/appointments/${appointment.id}`}
                      onClick={(event) => {
                        event.preventDefault()
                        navigate(`/staff/appointments/${appointment.id}`)
                      }}
                      aria-label={`${t('staff.open')}: ${name}`}
                    >
                      {t('staff.open')}
                    </a>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </Layout>
  )
}
