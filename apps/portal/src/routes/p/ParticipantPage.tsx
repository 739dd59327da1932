import type { RoomAccess } from '@videotermin/contracts'
import { isLanguage } from '@videotermin/i18n'
import { lazy, Suspense, useEffect, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { Layout, StatePage } from '../../components/Layout.tsx'
import { requestRoomAccess, useNow, useParticipant } from '../../features/participant/hooks/useParticipant.ts'
import { hasChosenLanguage, useI18n } from '../../i18n/i18n.tsx'

const CallView = lazy(() => import('../../features/call/CallView.tsx'))

/** The page behind the personal link: the appointment, the contact, and the way into the call. */
export function ParticipantPage() {
  const { t, formatDateTime, setLanguage } = useI18n()
  const { load } = useParticipant()
  const now = useNow()
  const [access, setAccess] = useState<RoomAccess>()
  const [joinError, setJoinError] = useState<string>()
  const [ended, setEnded] = useState(false)

  const view = load.state === 'ready' ? load.view : undefined
  useEffect(() => {
    // The booking's language is the default until the citizen picks one.
    if (view && !hasChosenLanguage() && isLanguage(view.participant.language)) setLanguage(view.participant.language)
  }, [view, setLanguage])

  if (load.state === 'loading') return <Layout>{t('common.loading')}</Layout>
  if (load.state === 'no-session')
    return <StatePage title={t('states.unknownLinkTitle')} body={t('states.unknownLinkBody')} />
  if (load.state === 'error' || !view) return <StatePage title={t('states.errorTitle')} body={t('states.errorBody')} />

  const { appointment, organisation, participant, advisor } = view
  if (appointment.status === 'cancelled') {
    return (
      <StatePage
        title={t('states.cancelledTitle')}
        body={t('states.cancelledBody', { organisation: organisation.name })}
        organisation={organisation}
      />
    )
  }

  if (access) {
    return (
      <Layout organisation={organisation} wide>
        <h1 className="visually-hidden">{t('citizen.title')}</h1>
        <Suspense fallback={<p>{t('call.connecting')}</p>}>
          <CallView
            access={access}
            onLeave={() => {
              setAccess(undefined)
              setEnded(true)
            }}
          />
        </Suspense>
      </Layout>
    )
  }

  const opensAt = new Date(appointment.joinOpensAt)
  const over = now >= new Date(appointment.endsAt)
  const open = now >= opensAt && !over
  const leadMinutes = Math.round((new Date(appointment.startsAt).getTime() - opensAt.getTime()) / 60_000)

  const join = async () => {
    setJoinError(undefined)
    try {
      setAccess(await requestRoomAccess())
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'internal'
      setJoinError(
        code === 'too_early'
          ? t('citizen.tooEarly')
          : code === 'appointment_over'
            ? t('citizen.over')
            : t('call.failed'),
      )
    }
  }

  return (
    <Layout organisation={organisation}>
      <h1>{t('citizen.title')}</h1>
      <p>{t('citizen.greeting', { name: `${participant.firstName} ${participant.lastName}` })}</p>
      <p>{t('citizen.intro', { organisation: organisation.name })}</p>
      <dl className="facts">
        <dt>{t('citizen.when')}</dt>
        <dd>{formatDateTime(new Date(appointment.startsAt), organisation.timeZone)}</dd>
        <dt>{t('citizen.duration')}</dt>
        <dd>{t('citizen.durationMinutes', { minutes: appointment.durationMinutes })}</dd>
        <dt>{t('citizen.advisor')}</dt>
        <dd>{advisor.displayName}</dd>
      </dl>
      {ended && (
        <p role="status" className="notice">
          {t('citizen.callEnded')}
        </p>
      )}
      {over ? (
        <p className="notice">{t('citizen.over')}</p>
      ) : (
        <>
          <button type="button" className="button-primary" onClick={join} disabled={!open} aria-describedby="join-hint">
            {t('citizen.join')}
          </button>
          <p id="join-hint" className="hint">
            {t('citizen.joinHint', { minutes: leadMinutes })}
          </p>
        </>
      )}
      {joinError && (
        <p role="alert" className="error">
          {joinError}
        </p>
      )}
    </Layout>
  )
}
