import type { RoomAccess, StaffAppointment, StaffParticipant, StaffSession } from '@videotermin/contracts'
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react'
import { navigate } from '../../app/router.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Layout } from '../../components/Layout.tsx'
import { AppointmentChanges, DeliveryNote } from '../../features/booking/AppointmentChanges.tsx'
import { canChange } from '../../features/booking/appointment-change.ts'
import { ResendInvitation } from '../../features/booking/ResendInvitation.tsx'
import {
  admit,
  endForEverybody,
  removeParticipant,
  requestHostAccess,
  useLiveAppointment,
} from '../../features/staff/hooks/useStaffSession.ts'
import { playAdmissionChime } from '../../features/waiting-room/chime.ts'
import { useI18n } from '../../i18n/i18n.tsx'

const CallView = lazy(() => import('../../features/call/CallView.tsx'))

const ROLE_KEY = {
  citizen: 'staff.roleCitizen',
  interpreter: 'staff.roleInterpreter',
  trusted_person: 'staff.roleTrustedPerson',
  second_advisor: 'staff.roleSecondAdvisor',
} as const

/** One appointment, live: who is where on the way in, their device check, admitting, and the call. */
export function AppointmentLive({ appointmentId, session }: { appointmentId: string; session: StaffSession }) {
  const { t, formatDateTime, formatTime } = useI18n()
  const [access, setAccess] = useState<RoomAccess>()
  const [error, setError] = useState<string>()

  const announceWaiting = useCallback(
    (name: string) => {
      playAdmissionChime()
      if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
        new Notification(t('staff.waitingNotificationTitle'), { body: t('staff.waitingNotificationBody', { name }) })
      }
    },
    [t],
  )
  const { detail, connected, refresh } = useLiveAppointment(appointmentId, announceWaiting)
  // The outcome of moving or cancelling, read out by the live region below.
  const [announcement, setAnnouncement] = useState('')
  const [focusCancelled, setFocusCancelled] = useState(false)
  const cancelledRef = useRef<HTMLParagraphElement>(null)
  const timeZone = session.user.organisation.timeZone

  useEffect(() => {
    if (focusCancelled && detail?.status === 'cancelled') {
      cancelledRef.current?.focus()
      setFocusCancelled(false)
    }
  }, [focusCancelled, detail?.status])

  const reload = () => refresh().catch(() => setError(t('states.errorBody')))
  const moved = async (appointment: StaffAppointment) => {
    await reload()
    setAnnouncement(t('booking.change.moved', { when: formatDateTime(new Date(appointment.startsAt), timeZone) }))
  }
  const cancelled = async () => {
    await reload()
    setFocusCancelled(true)
    setAnnouncement(t('booking.change.cancelled'))
  }
  const resent = async (email: string) => {
    await reload()
    setAnnouncement(t('booking.resend.sent', { email }))
  }
  const stale = async () => {
    await reload()
    setAnnouncement(t('booking.change.problems.closed'))
  }

  const join = async () => {
    setError(undefined)
    try {
      setAccess(await requestHostAccess(appointmentId))
    } catch {
      setError(t('call.failed'))
    }
  }
  const letIn = async (participant: StaffParticipant) => {
    setError(undefined)
    try {
      await admit(appointmentId, participant.id)
      await refresh()
    } catch {
      setError(t('states.errorBody'))
    }
  }

  // What the open confirmation dialog would do; undefined while none is open.
  const [asking, setAsking] = useState<
    { kind: 'remove'; participant: StaffParticipant; name: string } | { kind: 'end' }
  >()
  const takeOut = (participant: StaffParticipant, name: string) => setAsking({ kind: 'remove', participant, name })
  const endAll = () => setAsking({ kind: 'end' })
  const confirmed = async () => {
    const action = asking
    if (!action) return
    setError(undefined)
    const request =
      action.kind === 'remove'
        ? removeParticipant(appointmentId, action.participant.id)
        : endForEverybody(appointmentId)
    await request.catch(() => setError(t('states.errorBody')))
    await refresh()
  }

  const time = (iso: string) => formatTime(new Date(iso), timeZone)
  const rate = (kbps: number | null) => (kbps === null ? t('staff.unknown') : `${Math.round(kbps)} kbit/s`)

  return (
    <Layout wide={Boolean(access)}>
      <ConfirmDialog
        open={asking !== undefined}
        title={asking?.kind === 'remove' ? t('staff.removeTitle') : t('staff.endTitle')}
        body={asking?.kind === 'remove' ? t('staff.removeConfirm', { name: asking.name }) : t('staff.endConfirm')}
        confirmLabel={asking?.kind === 'remove' ? t('staff.removeAction') : t('staff.endAction')}
        keepLabel={t('staff.confirmKeep')}
        onConfirm={() => void confirmed()}
        onClose={() => setAsking(undefined)}
      />
      <div className={access ? 'host-layout in-call' : 'host-layout'}>
        <section aria-labelledby="appointment-title" className="host-panel">
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
          <h1 id="appointment-title">
            {detail ? formatDateTime(new Date(detail.startsAt), timeZone) : t('common.loading')}
          </h1>
          {detail?.status === 'cancelled' && (
            <p className="notice" tabIndex={-1} ref={cancelledRef}>
              <strong>{t('booking.change.stateCancelled')}</strong>
            </p>
          )}
          <div role="status" className="change-status">
            {announcement && <p className="notice">{announcement}</p>}
          </div>
          {!connected && (
            <p role="alert" className="error">
              {t('staff.liveLost')}
            </p>
          )}
          {'Notification' in window && Notification.permission === 'default' && (
            <button type="button" onClick={() => void Notification.requestPermission()}>
              {t('staff.enableNotifications')}
            </button>
          )}
          <h2>{t('staff.participants')}</h2>
          <ul className="participants" aria-live="polite">
            {detail?.participants.map((p) => {
              const name = `${p.firstName} ${p.lastName}`.trim() || t('staff.unknown')
              const check = p.deviceCheck
              return (
                <li key={p.id} className={`participant participant-${p.status}`}>
                  <p className="participant-name">
                    <strong>{name}</strong> · {t(ROLE_KEY[p.role])}
                  </p>
                  <p>
                    {t('staff.status')}: {statusText(p, t, time)}
                  </p>
                  {p.inCallSince && <p>{t('staff.inCallSince', { time: time(p.inCallSince) })}</p>}
                  {!p.inCallSince && p.leftCallAt && <p>{t('staff.leftCallAt', { time: time(p.leftCallAt) })}</p>}
                  <p>
                    <DeliveryNote status={p.delivery} label />
                  </p>
                  {p.delivery === 'failed' && (
                    <p className="delivery-failed-hint">{t('booking.delivery.failedHint')}</p>
                  )}
                  {/* Whoever is in the call has the link; a withdrawn person's data is gone. */}
                  {detail.status === 'scheduled' &&
                    !detail.ended &&
                    p.status !== 'admitted' &&
                    p.status !== 'withdrawn' &&
                    p.email && (
                      <ResendInvitation
                        appointmentId={appointmentId}
                        participant={p}
                        name={name}
                        onSent={(email) => void resent(email)}
                      />
                    )}
                  <p>
                    {t('staff.deviceCheck')}:{' '}
                    {check ? (
                      <span className={`traffic traffic-${check.overall}`}>
                        {t(
                          check.overall === 'green'
                            ? 'staff.checkGreen'
                            : check.overall === 'yellow'
                              ? 'staff.checkYellow'
                              : 'staff.checkRed',
                        )}
                        {' – '}
                        {t('staff.checkDetails', {
                          browser: check.browser ?? t('staff.unknown'),
                          os: check.os ?? t('staff.unknown'),
                          upload: rate(check.measurement.network.uploadKbps),
                          download: rate(check.measurement.network.downloadKbps),
                        })}
                      </span>
                    ) : (
                      t('staff.noCheck')
                    )}
                  </p>
                  {p.status === 'waiting' && (
                    <button type="button" className="button-primary" onClick={() => letIn(p)}>
                      {t('staff.admitNamed', { name })}
                    </button>
                  )}
                  {p.status === 'admitted' && (
                    <button type="button" onClick={() => takeOut(p, name)}>
                      {t('staff.remove', { name })}
                    </button>
                  )}
                </li>
              )
            })}
          </ul>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {detail?.ended && <p className="notice">{t('staff.ended')}</p>}
          {!access && detail?.status === 'scheduled' && !detail.ended && (
            <button type="button" className="button-primary" onClick={join}>
              {t('staff.joinCall')}
            </button>
          )}
          {detail?.status === 'scheduled' && !detail.ended && (
            <button type="button" className="button-danger" onClick={endAll}>
              {t('staff.endForAll')}
            </button>
          )}
          {detail && canChange(detail, new Date(), Boolean(access)) && (
            <AppointmentChanges
              session={session}
              appointment={detail}
              onMoved={(appointment) => void moved(appointment)}
              onCancelled={() => void cancelled()}
              onStale={() => void stale()}
            />
          )}
        </section>
        {access && (
          <div className="host-call">
            <Suspense fallback={<p>{t('call.connecting')}</p>}>
              <CallView
                access={access}
                callRole="host"
                refreshAccess={() => requestHostAccess(appointmentId)}
                onLeave={() => setAccess(undefined)}
              />
            </Suspense>
          </div>
        )}
      </div>
    </Layout>
  )
}

function statusText(p: StaffParticipant, t: ReturnType<typeof useI18n>['t'], time: (iso: string) => string): string {
  switch (p.status) {
    case 'invited':
      return t('staff.statusInvited')
    case 'link_opened':
      return t('staff.statusLinkOpened')
    case 'consented':
      return t('staff.statusConsented')
    case 'waiting':
      return t('staff.statusWaiting', { time: p.waitingSince ? time(p.waitingSince) : '' })
    case 'admitted':
      return t('staff.statusAdmitted')
    case 'withdrawn':
      return t('staff.statusWithdrawn')
  }
}
