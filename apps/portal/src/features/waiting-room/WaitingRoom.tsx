import { useEffect, useRef } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'

/**
 * The waiting room: what happens next, how to prepare, and a live preview of the own camera.
 * The preview is local only: nothing reaches the appointment's room before admission.
 */
export function WaitingRoom({
  advisorName,
  waitingSince,
  admitted,
  connected,
  now,
}: {
  advisorName: string
  waitingSince: Date
  admitted: boolean
  connected: boolean
  now: Date
}) {
  const { t } = useI18n()
  const preview = useRef<HTMLVideoElement>(null)

  useEffect(() => {
    let stream: MediaStream | undefined
    let cancelled = false
    navigator.mediaDevices
      ?.getUserMedia({ video: true, audio: false })
      .then((media) => {
        if (cancelled) {
          for (const track of media.getTracks()) track.stop()
          return
        }
        stream = media
        if (preview.current) preview.current.srcObject = media
      })
      .catch(() => {}) // no camera: the waiting room works without a preview
    return () => {
      cancelled = true
      for (const track of stream?.getTracks() ?? []) track.stop()
    }
  }, [])

  const minutes = Math.max(0, Math.floor((now.getTime() - waitingSince.getTime()) / 60_000))
  return (
    <section aria-labelledby="waiting-title" className={admitted ? 'waiting waiting-admitted' : 'waiting'}>
      <h1 id="waiting-title">{t('waiting.title')}</h1>
      <p role="status" aria-live="assertive" className={admitted ? 'notice admitted-cue' : 'notice'}>
        {admitted ? t('waiting.admitted') : t('waiting.body', { advisor: advisorName })}
      </p>
      {!admitted && <p className="hint">{t('waiting.since', { minutes })}</p>}
      {!connected && (
        <p role="alert" className="error">
          {t('waiting.connectionLost')}
        </p>
      )}
      <div className="waiting-grid">
        <figure className="waiting-preview">
          <video ref={preview} autoPlay muted playsInline aria-label={t('waiting.preview')} />
          <figcaption>{t('waiting.preview')}</figcaption>
        </figure>
        <div>
          <h2>{t('waiting.tipsTitle')}</h2>
          <ul className="tips">
            <li>{t('waiting.tipQuiet')}</li>
            <li>{t('waiting.tipAlone')}</li>
            <li>{t('waiting.tipPaper')}</li>
            <li>{t('waiting.tipDocuments')}</li>
          </ul>
        </div>
      </div>
    </section>
  )
}
