import type { CheckAccess, DeviceCheckMeasurement, Traffic } from '@videotermin/contracts'
import { LANGUAGES } from '@videotermin/i18n'
import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import { CONNECTION_STEPS, connectionMeasurement, type StepStatus } from './hooks/connectionResult.ts'
import { PROBE_CEILING_KBPS } from './hooks/measureNetwork.ts'
import type { LiveStatus } from './hooks/useCameraCheck.ts'
import { type DeviceCheckResult, deviceStateKey, useDeviceCheck } from './hooks/useDeviceCheck.ts'
import { PermissionHelp } from './PermissionHelp.tsx'
import './device-check.css'

export interface DeviceCheckProps {
  /** Fetches a token for a throw-away check room on the real LiveKit server (the API creates the room). */
  getCheckAccess: () => Promise<CheckAccess>
  /** Called once when the check has finished, with what was measured. */
  onComplete: (measurement: DeviceCheckMeasurement) => void
  /** Rendered in the blocked-permission help and on red results: the organisation's support contact. */
  supportContact?: ReactNode
}

type Status = LiveStatus | StepStatus

/** Never colour alone: every status has a symbol and a text. */
const SYMBOL: Record<Status, string> = {
  ok: '✓',
  limited: '!',
  failed: '✕',
  skipped: '–',
  waiting: '○',
  running: '…',
}
const TRAFFIC_STATUS: Record<Traffic, Status> = { green: 'ok', yellow: 'limited', red: 'failed' }

function createAudioContext(): AudioContext | null {
  const Context =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  try {
    return Context ? new Context() : null
  } catch {
    return null // no level meter and no tone; the check still runs and says so
  }
}

/**
 * The device check: camera, microphone, speaker and the connection to the media server,
 * then a traffic-light result. Starts on a click (the browser prompt needs one and so does
 * audio); each start or repeat is a fresh run with fresh media, audio context and token.
 */
export function DeviceCheck({ getCheckAccess, onComplete, supportContact }: DeviceCheckProps) {
  const { t } = useI18n()
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const [run, setRun] = useState(0)
  const [audio, setAudio] = useState<AudioContext | null>(null)

  // Created inside the click, so the browser lets it play; the previous one closes with the old run.
  const start = () => {
    const context = createAudioContext()
    void context?.resume()
    setAudio(context)
    setRun((n) => n + 1)
  }
  useEffect(
    () => () => {
      void audio?.close()
    },
    [audio],
  )
  useEffect(() => {
    if (run > 0) heading.current?.focus() // the start/repeat button is gone; keep the keyboard in place
  }, [run])

  return (
    <section className="device-check" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t('deviceCheck.title')}
      </h2>
      {run === 0 ? (
        <>
          <p>{t('deviceCheck.intro')}</p>
          <p>{t('deviceCheck.permissionHint')}</p>
          <p className="hint">{t('deviceCheck.privacy')}</p>
          <button type="button" className="button-primary" onClick={start}>
            {t('deviceCheck.start')}
          </button>
        </>
      ) : (
        <CheckRun
          key={run}
          audio={audio}
          getCheckAccess={getCheckAccess}
          onComplete={onComplete}
          supportContact={supportContact}
          onRepeat={start}
        />
      )}
    </section>
  )
}

function CheckRun({
  audio,
  getCheckAccess,
  onComplete,
  supportContact,
  onRepeat,
}: DeviceCheckProps & { audio: AudioContext | null; onRepeat: () => void }) {
  const { t } = useI18n()
  const check = useDeviceCheck({ getCheckAccess, onComplete, audio })
  const { media, result } = check

  return (
    <>
      <div className="visually-hidden" role="status" aria-live="polite">
        {check.announcements.map((a) => (
          <p key={a.id}>{a.text}</p>
        ))}
      </div>
      {media.phase === 'asking' && <p className="notice">{t('deviceCheck.asking')}</p>}
      {media.phase === 'blocked' && (
        <PermissionHelp
          devices={media.camera === 'blocked' ? 'both' : 'microphone'}
          onRetry={onRepeat}
          supportContact={supportContact}
        />
      )}
      {media.phase === 'ready' && (
        <>
          {!result && !check.waitingForSpeaker && <p className="notice">{t('deviceCheck.running')}</p>}
          <div className="dc-panels">
            <CameraPanel check={check} supportContact={supportContact} onRetry={onRepeat} />
            <MicrophonePanel check={check} />
            <SpeakerPanel check={check} />
            <ConnectionPanel check={check} />
          </div>
          {check.waitingForSpeaker && <p className="notice">{t('deviceCheck.speaker.answerNeeded')}</p>}
          {result && <ResultPanel result={result} supportContact={supportContact} onRepeat={onRepeat} />}
        </>
      )}
    </>
  )
}

type Check = ReturnType<typeof useDeviceCheck>

function StatusText({ status }: { status: Status }) {
  const { t } = useI18n()
  return (
    <span className={`dc-status dc-status--${status}`}>
      <span aria-hidden="true" className={`dc-symbol dc-symbol--${status}`}>
        {SYMBOL[status]}
      </span>{' '}
      {t(`deviceCheck.status.${status}`)}
    </span>
  )
}

function Panel({ title, status, children }: { title: string; status: Status; children: ReactNode }) {
  const id = useId()
  return (
    <section className="dc-panel" aria-labelledby={id}>
      <h3 id={id} className="dc-panel-heading">
        <span>{title}</span> <StatusText status={status} />
      </h3>
      {children}
    </section>
  )
}

function CameraPanel({
  check,
  supportContact,
  onRetry,
}: {
  check: Check
  supportContact?: ReactNode
  onRetry: () => void
}) {
  const { t } = useI18n()
  const { media, camera, result } = check
  // After the result the lines show what was reported; the preview stays live.
  const status = result?.measurement.camera.status ?? camera.status
  const hasTrack = (media.stream?.getVideoTracks().length ?? 0) > 0
  const state = media.camera
  const message =
    state !== 'ok'
      ? t(`deviceCheck.camera.${deviceStateKey[state]}`)
      : status === 'ok'
        ? t('deviceCheck.camera.ok')
        : status === 'limited'
          ? t('deviceCheck.camera.black')
          : status === 'failed'
            ? t('deviceCheck.camera.noPicture')
            : t('deviceCheck.camera.waiting')
  return (
    <Panel title={t('deviceCheck.camera.heading')} status={status}>
      {hasTrack && (
        <video
          ref={check.videoRef}
          className="dc-preview"
          muted
          playsInline
          autoPlay
          aria-label={t('deviceCheck.camera.preview')}
        />
      )}
      {state !== 'blocked' && <p>{message}</p>}
      {camera.framesSeen > 0 && (
        <p className="hint">
          {t('deviceCheck.camera.frames', { count: result?.measurement.camera.framesSeen ?? camera.framesSeen })}
        </p>
      )}
      {state === 'blocked' && (
        <PermissionHelp devices="camera" onRetry={onRetry} supportContact={supportContact} headingLevel={4} />
      )}
    </Panel>
  )
}

function MicrophonePanel({ check }: { check: Check }) {
  const { t } = useI18n()
  const meterId = useId()
  const { media, microphone, result } = check
  const status = result?.measurement.microphone.status ?? microphone.status
  const state = media.microphone
  const message =
    state !== 'ok'
      ? t(`deviceCheck.microphone.${deviceStateKey[state]}`)
      : status === 'ok'
        ? t('deviceCheck.microphone.ok')
        : status === 'limited'
          ? t('deviceCheck.microphone.quiet')
          : t('deviceCheck.microphone.prompt')
  return (
    <Panel title={t('deviceCheck.microphone.heading')} status={status}>
      {state === 'ok' && (
        <div className="dc-meter">
          <label htmlFor={meterId}>{t('deviceCheck.microphone.level')}</label>
          <meter
            id={meterId}
            min={0}
            max={1}
            low={0.25}
            high={0.9}
            optimum={0.6}
            value={microphone.level}
            aria-valuetext={`${Math.round(microphone.level * 100)} %`}
          />
        </div>
      )}
      <p>{message}</p>
      {state === 'ok' && status !== 'ok' && status !== 'limited' && (
        <p className="hint">{t('deviceCheck.microphone.prompt')}</p>
      )}
    </Panel>
  )
}

function SpeakerPanel({ check }: { check: Check }) {
  const { t } = useI18n()
  const { speaker } = check
  const status: Status = speaker.answer === 'yes' ? 'ok' : speaker.answer === 'no' ? 'failed' : 'waiting'
  return (
    <Panel title={t('deviceCheck.speaker.heading')} status={status}>
      <p>{t('deviceCheck.speaker.intro')}</p>
      <button type="button" className="dc-button" onClick={speaker.play}>
        <span aria-hidden="true">♪</span>{' '}
        {speaker.hasPlayed ? t('deviceCheck.speaker.playAgain') : t('deviceCheck.speaker.play')}
      </button>
      {speaker.phase === 'playing' && <p className="hint">{t('deviceCheck.speaker.playing')}</p>}
      {speaker.hasPlayed && (
        <fieldset className="dc-question">
          <legend className="dc-question-text">{t('deviceCheck.speaker.question')}</legend>
          <div className="dc-buttons">
            <button type="button" aria-pressed={speaker.answer === 'yes'} onClick={() => speaker.setAnswer('yes')}>
              {t('deviceCheck.speaker.yes')}
            </button>
            <button type="button" aria-pressed={speaker.answer === 'no'} onClick={() => speaker.setAnswer('no')}>
              {t('deviceCheck.speaker.no')}
            </button>
          </div>
        </fieldset>
      )}
      {speaker.answer === 'yes' && <p>{t('deviceCheck.speaker.heard')}</p>}
      {speaker.answer === 'no' && (
        <>
          <p>{t('deviceCheck.speaker.notHeard')}</p>
          <p className="hint">{t('deviceCheck.issues.speakerNotHeard')}</p>
        </>
      )}
    </Panel>
  )
}

function ConnectionPanel({ check }: { check: Check }) {
  const { t, language } = useI18n()
  const { steps, outcome } = check.connection
  const measured = outcome ? connectionMeasurement(outcome) : null
  const status: Status = measured
    ? measured.connection.status
    : CONNECTION_STEPS.some((id) => steps[id] !== 'waiting')
      ? 'running'
      : 'waiting'
  const current = CONNECTION_STEPS.findIndex((id) => steps[id] === 'running')
  const number = new Intl.NumberFormat(LANGUAGES[language].locale, { maximumFractionDigits: 1 })
  const rate = (kbps: number | null) =>
    kbps === null
      ? t('deviceCheck.connection.notMeasured')
      : kbps >= 1000
        ? t('deviceCheck.connection.mbps', { value: number.format(kbps / 1000) })
        : t('deviceCheck.connection.kbps', { value: number.format(kbps) })
  // Both rates are bounded by what the probe sends: at its ceiling the line can do at least that.
  const probeRate = (kbps: number | null) =>
    (kbps ?? 0) >= PROBE_CEILING_KBPS ? t('deviceCheck.connection.atLeast', { value: rate(kbps) }) : rate(kbps)
  const orNot = (value: number | null, key: 'deviceCheck.connection.ms' | 'deviceCheck.connection.percent') =>
    value === null ? t('deviceCheck.connection.notMeasured') : t(key, { value: number.format(value) })

  return (
    <Panel title={t('deviceCheck.connection.heading')} status={status}>
      <p>{t('deviceCheck.connection.intro')}</p>
      {current >= 0 && (
        <p className="hint">
          {t('deviceCheck.connection.progress', { current: current + 1, total: CONNECTION_STEPS.length })}
        </p>
      )}
      <ol className="dc-steps" aria-busy={current >= 0}>
        {CONNECTION_STEPS.map((id) => (
          <li key={id}>
            <span className="dc-step-name">{t(`deviceCheck.connection.steps.${id}`)}</span>
            <StatusText status={steps[id]} />
          </li>
        ))}
      </ol>
      {measured && measured.connection.protocol !== 'none' && (
        <dl className="dc-facts">
          <dt>{t('deviceCheck.connection.protocol')}</dt>
          <dd>{t(`deviceCheck.connection.protocols.${measured.connection.protocol}`)}</dd>
          <dt>{t('deviceCheck.connection.upload')}</dt>
          <dd>{probeRate(measured.network.uploadKbps)}</dd>
          <dt>{t('deviceCheck.connection.download')}</dt>
          <dd>{probeRate(measured.network.downloadKbps)}</dd>
          <dt>{t('deviceCheck.connection.rtt')}</dt>
          <dd>{orNot(measured.network.rttMs, 'deviceCheck.connection.ms')}</dd>
          <dt>{t('deviceCheck.connection.loss')}</dt>
          <dd>{orNot(measured.network.packetLossPercent, 'deviceCheck.connection.percent')}</dd>
        </dl>
      )}
    </Panel>
  )
}

function ResultPanel({
  result,
  supportContact,
  onRepeat,
}: {
  result: DeviceCheckResult
  supportContact?: ReactNode
  onRepeat: () => void
}) {
  const { t } = useI18n()
  const headingId = useId()
  const panel = useRef<HTMLElement>(null)
  const { measurement: m, overall, issues } = result
  // Bring the result into view once (on phones it appears below the fold); the focus stays where it is.
  useEffect(() => {
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
    panel.current?.scrollIntoView({ block: 'nearest', behavior: reduced ? 'auto' : 'smooth' })
  }, [])
  const lines: [string, Status][] = [
    [t('deviceCheck.camera.heading'), m.camera.status],
    [t('deviceCheck.microphone.heading'), m.microphone.status],
    [t('deviceCheck.speaker.heading'), m.speaker.status],
    [t('deviceCheck.connection.heading'), m.connection.status],
  ]
  return (
    <section ref={panel} className={`dc-result dc-result--${overall}`} aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span aria-hidden="true" className={`dc-symbol dc-symbol--${TRAFFIC_STATUS[overall]}`}>
          {SYMBOL[TRAFFIC_STATUS[overall]]}
        </span>{' '}
        {t('deviceCheck.result.heading')}
      </h3>
      <p className="dc-result-summary">{t(`deviceCheck.result.${overall}`)}</p>
      <ul className="dc-summary">
        {lines.map(([name, status]) => (
          <li key={name}>
            <span className="dc-step-name">{name}</span>
            <StatusText status={status} />
          </li>
        ))}
      </ul>
      {issues.length > 0 && (
        <>
          <h4>{t('deviceCheck.result.whatToDo')}</h4>
          <ul className="dc-issues">
            {issues.map((issue) => (
              <li key={issue}>{t(`deviceCheck.issues.${issue}`)}</li>
            ))}
          </ul>
        </>
      )}
      {overall === 'red' && (
        <>
          <h4>{t('deviceCheck.result.nextSteps')}</h4>
          <ul className="dc-issues">
            <li>{t('deviceCheck.result.tryBrowser')}</li>
            <li>{t('deviceCheck.result.tryDevice')}</li>
            <li>{t('deviceCheck.result.tryNetwork')}</li>
          </ul>
          <p>{t('deviceCheck.result.callSupport')}</p>
          {supportContact && <div className="dc-support">{supportContact}</div>}
        </>
      )}
      {overall !== 'green' && <p className="hint">{t('deviceCheck.result.repeatHint')}</p>}
      <button type="button" className="button-primary" onClick={onRepeat}>
        {t('deviceCheck.repeat')}
      </button>
    </section>
  )
}
