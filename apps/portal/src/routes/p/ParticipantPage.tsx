import type { DeviceCheckMeasurement, ParticipantView, RoomAccess } from '@videotermin/contracts'
import { isLanguage } from '@videotermin/i18n'
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { Layout, StatePage } from '../../components/Layout.tsx'
import { SupportContact } from '../../components/SupportContact.tsx'
import { ConsentStep } from '../../features/consent/ConsentStep.tsx'
import { ContinueOnPhone } from '../../features/handoff/ContinueOnPhone.tsx'
import {
  browserSupported,
  participantApi,
  useNow,
  useParticipant,
} from '../../features/participant/hooks/useParticipant.ts'
import { Survey } from '../../features/survey/Survey.tsx'
import { playAdmissionChime } from '../../features/waiting-room/chime.ts'
import { useWaitingStatus } from '../../features/waiting-room/hooks/useWaitingStatus.ts'
import { WaitingRoom } from '../../features/waiting-room/WaitingRoom.tsx'
import { hasChosenLanguage, useI18n } from '../../i18n/i18n.tsx'

// Media code is loaded only when needed: the first page stays small.
const loadCallView = () => import('../../features/call/CallView.tsx')
const CallView = lazy(loadCallView)
const DeviceCheck = lazy(() =>
  import('../../features/device-check/DeviceCheck.tsx').then((m) => ({ default: m.DeviceCheck })),
)

type Step = 'consent' | 'refused' | 'check' | 'lobby' | 'waiting' | 'call' | 'survey' | 'done'

function firstStep(view: ParticipantView): Step {
  if (!view.consent.given) return 'consent'
  if (view.waiting === 'waiting') return 'waiting'
  return view.deviceCheck ? 'lobby' : 'check'
}

/** The page behind the personal link: consent → device check → lobby → waiting room → call → survey. */
export function ParticipantPage() {
  const { t, setLanguage } = useI18n()
  const { load, reload } = useParticipant()
  const [step, setStep] = useState<Step>()
  const view = load.state === 'ready' ? load.view : undefined

  useEffect(() => {
    // The booking's language is the default until the citizen picks one.
    if (view && !hasChosenLanguage() && isLanguage(view.participant.language)) setLanguage(view.participant.language)
  }, [view, setLanguage])
  useEffect(() => {
    if (view && step === undefined) setStep(firstStep(view))
  }, [view, step])

  if (!browserSupported()) return <StatePage title={t('states.unsupportedTitle')} body={t('states.unsupportedBody')} />
  if (load.state === 'loading' || (view && step === undefined)) return <Layout>{t('common.loading')}</Layout>
  if (load.state === 'no-session')
    return <StatePage title={t('states.unknownLinkTitle')} body={t('states.unknownLinkBody')} />
  if (load.state === 'session-ended')
    return <StatePage title={t('states.sessionEndedTitle')} body={t('states.sessionEndedBody')} />
  if (load.state === 'error' || !view || !step) {
    return <StatePage title={t('states.errorTitle')} body={t('states.errorBody')} />
  }
  return <CitizenPath view={view} step={step} setStep={setStep} reload={reload} />
}

function CitizenPath({
  view,
  step,
  setStep,
  reload,
}: {
  view: ParticipantView
  step: Step
  setStep: (step: Step) => void
  reload: () => Promise<void>
}) {
  const { t } = useI18n()
  const now = useNow()
  const { organisation, appointment } = view
  const org = { organisation: organisation.name }
  const over = now >= new Date(appointment.endsAt)

  if (appointment.status === 'cancelled') {
    return (
      <StatePage title={t('states.cancelledTitle')} body={t('states.cancelledBody', org)} organisation={organisation} />
    )
  }
  if (view.consent.withdrawn) {
    return (
      <StatePage title={t('states.withdrawnTitle')} body={t('states.withdrawnBody', org)} organisation={organisation} />
    )
  }
  if (step === 'survey') {
    const finish = () => setStep('done')
    return (
      <Layout organisation={organisation}>
        <Survey
          onSubmit={async (answer) => {
            await participantApi.answerSurvey(answer).catch((error: unknown) => {
              // Answered before (another tab): nothing left to do.
              if (!(error instanceof ApiError && error.code === 'conflict')) throw error
            })
            finish()
          }}
          onSkip={finish}
        />
      </Layout>
    )
  }
  if (step === 'done') {
    return <StatePage title={t('survey.thanksTitle')} body={t('survey.thanksBody')} organisation={organisation} />
  }
  if (over && step !== 'call') {
    return <StatePage title={t('states.overTitle')} body={t('states.overBody', org)} organisation={organisation} />
  }
  if (step === 'refused') {
    return (
      <Layout organisation={organisation}>
        <h1>{t('consent.refusedTitle')}</h1>
        <p>{t('consent.refusedBody')}</p>
        <SupportContact organisation={organisation} />
        <button type="button" onClick={() => setStep('consent')}>
          {t('consent.reconsider')}
        </button>
      </Layout>
    )
  }
  if (step === 'consent') {
    return (
      <Layout organisation={organisation}>
        <ConsentStep
          view={view}
          onAgree={async () => {
            await participantApi.giveConsent(view.consent.version)
            await reload()
            setStep(view.deviceCheck ? 'lobby' : 'check')
          }}
          onRefuse={() => setStep('refused')}
        />
      </Layout>
    )
  }
  return <AfterConsent view={view} step={step} setStep={setStep} reload={reload} now={now} />
}

/** Steps that need consent: device check, lobby, waiting room and call. */
function AfterConsent({
  view,
  step,
  setStep,
  reload,
  now,
}: {
  view: ParticipantView
  step: Step
  setStep: (step: Step) => void
  reload: () => Promise<void>
  now: Date
}) {
  const { t, formatDateTime } = useI18n()
  const { organisation, appointment } = view
  const [access, setAccess] = useState<RoomAccess>()
  const [error, setError] = useState<string>()
  const [waitingSince, setWaitingSince] = useState(() => new Date())
  const waiting = useWaitingStatus(step === 'waiting')
  const admittedOnce = useRef(false)
  // Fetch and evaluate the call's code while the citizen waits, not after the admission:
  // being let in should show the advisor as soon as the connection stands.
  useEffect(() => {
    if (step === 'waiting' || step === 'lobby') void loadCallView().catch(() => {})
  }, [step])

  const joinCall = useCallback(async () => {
    try {
      setAccess(await participantApi.roomAccess())
      setStep('call')
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.code === 'appointment_over' ? t('citizen.over') : t('call.failed'),
      )
      setStep('lobby')
    }
  }, [setStep, t])

  // Admission arrives over SSE: chime and a visible cue, and straight in: connecting takes
  // long enough to see the cue, which stays above the call for a few seconds.
  const [justAdmitted, setJustAdmitted] = useState(false)
  useEffect(() => {
    if (step !== 'waiting' || waiting.latest?.status !== 'admitted' || admittedOnce.current) return
    admittedOnce.current = true
    playAdmissionChime()
    setJustAdmitted(true)
    void joinCall()
  }, [step, waiting.latest, joinCall])
  useEffect(() => {
    if (!justAdmitted) return
    const timer = setTimeout(() => setJustAdmitted(false), 4000)
    return () => clearTimeout(timer)
  }, [justAdmitted])
  const { latest, sessionEnded } = waiting
  useEffect(() => {
    if (sessionEnded || latest?.cancelled || latest?.withdrawn || latest?.ended) void reload()
  }, [latest, sessionEnded, reload])

  const enter = async () => {
    setError(undefined)
    try {
      const { status } = await participantApi.enterWaitingRoom()
      if (status === 'admitted') return joinCall()
      admittedOnce.current = false
      setWaitingSince(new Date())
      setStep('waiting')
    } catch (failure) {
      const code = failure instanceof ApiError ? failure.code : 'internal'
      setError(
        code === 'too_early'
          ? t('citizen.tooEarly')
          : code === 'appointment_over'
            ? t('citizen.over')
            : t('call.failed'),
      )
    }
  }

  const withdraw = async () => {
    if (!window.confirm(t('consent.withdrawConfirm'))) return
    await participantApi.withdrawConsent()
    await reload()
  }

  if (step === 'call' && access) {
    return (
      <Layout organisation={organisation} wide>
        <h1 className="visually-hidden">{t('citizen.title')}</h1>
        {justAdmitted && (
          <p role="status" className="notice admitted-cue call-cue">
            {t('waiting.admitted')}
          </p>
        )}
        <Suspense fallback={<p>{t('call.connecting')}</p>}>
          <CallView
            access={access}
            refreshAccess={participantApi.roomAccess}
            onLeave={() => {
              setAccess(undefined)
              setStep(view.surveyAnswered ? 'done' : 'survey')
              // Taken out of the call because the link was sent anew (the session went with
              // it): the page says so instead of offering a survey it could not send.
              void reload()
            }}
          />
        </Suspense>
      </Layout>
    )
  }

  const withdrawButton = (
    <p className="withdraw">
      <button type="button" className="button-link" onClick={withdraw}>
        {t('consent.withdraw')}
      </button>
    </p>
  )

  if (step === 'waiting') {
    return (
      <Layout organisation={organisation}>
        <WaitingRoom
          advisorName={view.advisor.displayName}
          waitingSince={waitingSince}
          admitted={waiting.latest?.status === 'admitted'}
          connected={waiting.connected}
          now={now}
        />
        {withdrawButton}
      </Layout>
    )
  }

  if (step === 'check') {
    return (
      <Layout organisation={organisation}>
        <h1>{t('deviceCheck.title')}</h1>
        <Suspense fallback={<p>{t('common.loading')}</p>}>
          <DeviceCheck
            getCheckAccess={participantApi.checkAccess}
            onComplete={(measurement: DeviceCheckMeasurement) => {
              void participantApi.saveDeviceCheck(measurement).then(reload)
            }}
            supportContact={<SupportContact organisation={organisation} />}
          />
        </Suspense>
        <div className="actions">
          <button
            type="button"
            className="button-primary"
            onClick={() => setStep('lobby')}
            disabled={!view.deviceCheck}
          >
            {t('lobby.continue')}
          </button>
        </div>
        {withdrawButton}
      </Layout>
    )
  }

  // Lobby: the appointment, the check result, and the way in once the room opens.
  const opensAt = new Date(appointment.joinOpensAt)
  const open = now >= opensAt
  const secondsLeft = Math.max(0, Math.ceil((opensAt.getTime() - now.getTime()) / 1000))
  const countdown =
    secondsLeft >= 3600
      ? t('lobby.opensAt', { time: formatDateTime(opensAt, organisation.timeZone) })
      : t('lobby.opensIn', { time: `${Math.floor(secondsLeft / 60)}:${String(secondsLeft % 60).padStart(2, '0')}` })
  const check = view.deviceCheck
  return (
    <Layout organisation={organisation}>
      <h1>{t('lobby.title')}</h1>
      <p>{t('citizen.greeting', { name: `${view.participant.firstName} ${view.participant.lastName}` })}</p>
      <dl className="facts">
        <dt>{t('citizen.when')}</dt>
        <dd>{formatDateTime(new Date(appointment.startsAt), organisation.timeZone)}</dd>
        <dt>{t('citizen.duration')}</dt>
        <dd>{t('citizen.durationMinutes', { minutes: appointment.durationMinutes })}</dd>
        <dt>{t('citizen.advisor')}</dt>
        <dd>{view.advisor.displayName}</dd>
        {check && (
          <>
            <dt>{t('lobby.checkResult')}</dt>
            <dd className={`traffic traffic-${check.overall}`}>{t(`lobby.${check.overall}`)}</dd>
          </>
        )}
      </dl>
      <p role="timer" aria-live="off" className="hint">
        {open ? t('lobby.openNow') : countdown}
      </p>
      <div className="actions">
        <button type="button" className="button-primary" onClick={enter} disabled={!open}>
          {view.waiting === 'admitted' ? t('lobby.rejoin') : t('lobby.enter')}
        </button>
        <button type="button" onClick={() => setStep('check')}>
          {t('lobby.checkAgain')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ContinueOnPhone timeZone={organisation.timeZone} />
      {withdrawButton}
    </Layout>
  )
}
