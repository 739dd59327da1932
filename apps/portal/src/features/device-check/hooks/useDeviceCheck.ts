import {
  type CheckAccess,
  type CheckStatus,
  classifyDeviceCheck,
  type DeviceCheckMeasurement,
  type Traffic,
} from '@videotermin/contracts'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useI18n } from '../../../i18n/i18n.tsx'
import type { DeviceState } from './acquireMedia.ts'
import { connectionMeasurement } from './connectionResult.ts'
import { type IssueDetails, type IssueId, issuesOf } from './resultIssues.ts'
import { type LiveStatus, useCameraCheck } from './useCameraCheck.ts'
import { useConnectionCheck } from './useConnectionCheck.ts'
import { useMediaPermission } from './useMediaPermission.ts'
import { useMicrophoneLevel } from './useMicrophoneLevel.ts'
import { useSpeakerTone } from './useSpeakerTone.ts'

export interface DeviceCheckResult {
  measurement: DeviceCheckMeasurement
  overall: Traffic
  issues: IssueId[]
  details: IssueDetails
}

export interface Announcement {
  id: number
  text: string
}

const isFinal = (status: LiveStatus): status is CheckStatus => status !== 'waiting' && status !== 'running'

function finish(measurement: DeviceCheckMeasurement, details: IssueDetails): DeviceCheckResult {
  return { measurement, overall: classifyDeviceCheck(measurement), issues: issuesOf(measurement, details), details }
}

/** Status key per device state, for the line under the camera/microphone heading. */
export const deviceStateKey = {
  missing: 'missing',
  blocked: 'blocked',
  'in-use': 'inUse',
  unsupported: 'error',
  error: 'error',
} as const satisfies Record<Exclude<DeviceState, 'ok'>, string>

/**
 * One run of the device check: asks for camera and microphone on mount, then checks camera,
 * microphone and the connection at the same time while the citizen tests the speaker. The
 * result is fixed once every part has an answer and is handed to `onComplete`; a later
 * change of the speaker answer updates it (and calls `onComplete` again). Remount for a new run.
 */
export function useDeviceCheck({
  getCheckAccess,
  onComplete,
  audio,
}: {
  getCheckAccess: () => Promise<CheckAccess>
  onComplete: (measurement: DeviceCheckMeasurement) => void
  audio: AudioContext | null
}) {
  const { t } = useI18n()
  const media = useMediaPermission()
  const ready = media.phase === 'ready'
  const [video, setVideo] = useState<HTMLVideoElement | null>(null)
  const camera = useCameraCheck(media.stream, video, ready)
  const microphone = useMicrophoneLevel(media.stream, audio, ready)
  const speaker = useSpeakerTone(audio)
  const connection = useConnectionCheck({
    getCheckAccess,
    enabled: ready,
    hasMicrophone: media.microphone === 'ok',
    hasCamera: media.camera === 'ok',
    fallbackTrack: media.stream?.getVideoTracks()[0] ?? media.stream?.getAudioTracks()[0],
  })

  // The result: fixed when everything has an answer; only the speaker answer may change later.
  const speakerStatus: CheckStatus | null = speaker.answer === 'yes' ? 'ok' : speaker.answer === 'no' ? 'failed' : null
  const cameraFinal = isFinal(camera.status) ? camera.status : null
  const microphoneFinal = isFinal(microphone.status) ? microphone.status : null
  const [result, setResult] = useState<DeviceCheckResult | null>(null)
  useEffect(() => {
    if (!ready || !cameraFinal || !microphoneFinal || !speakerStatus || !connection.outcome) return
    const outcome = connection.outcome
    const details = { camera: media.camera, microphone: media.microphone, cameraBlack: camera.black }
    setResult((previous) => {
      if (previous) {
        if (previous.measurement.speaker.status === speakerStatus) return previous
        return finish({ ...previous.measurement, speaker: { status: speakerStatus } }, previous.details)
      }
      return finish(
        {
          camera: { status: cameraFinal, framesSeen: camera.framesSeen },
          microphone: { status: microphoneFinal, peakLevel: Math.round(microphone.peakLevel * 1000) / 1000 },
          speaker: { status: speakerStatus },
          ...connectionMeasurement(outcome),
        },
        details,
      )
    })
  }, [
    ready,
    cameraFinal,
    microphoneFinal,
    speakerStatus,
    connection.outcome,
    camera.framesSeen,
    camera.black,
    microphone.peakLevel,
    media.camera,
    media.microphone,
  ])

  const onCompleteRef = useRef(onComplete)
  useEffect(() => {
    onCompleteRef.current = onComplete
  }, [onComplete])
  useEffect(() => {
    if (result) onCompleteRef.current(result.measurement)
  }, [result])

  // Polite announcements of what changed, the last few kept so none is cut off by the next.
  const [announcements, setAnnouncements] = useState<Announcement[]>([])
  const nextId = useRef(0)
  const announce = useCallback((text: string) => {
    nextId.current += 1
    const id = nextId.current
    setAnnouncements((list) => [...list.slice(-4), { id, text }])
  }, [])
  const statusText = useCallback(
    (component: string, status: LiveStatus) =>
      t('deviceCheck.statusLabel', { component, status: t(`deviceCheck.status.${status}`) }),
    [t],
  )
  useEffect(() => {
    if (cameraFinal) announce(statusText(t('deviceCheck.camera.heading'), cameraFinal))
  }, [cameraFinal, announce, statusText, t])
  useEffect(() => {
    if (microphoneFinal) announce(statusText(t('deviceCheck.microphone.heading'), microphoneFinal))
  }, [microphoneFinal, announce, statusText, t])
  useEffect(() => {
    if (speaker.phase === 'played') announce(t('deviceCheck.speaker.question'))
  }, [speaker.phase, announce, t])
  const connectionStatus = connection.outcome ? connectionMeasurement(connection.outcome).connection.status : null
  useEffect(() => {
    if (connectionStatus) announce(statusText(t('deviceCheck.connection.heading'), connectionStatus))
  }, [connectionStatus, announce, statusText, t])
  const waiting = ready && !!cameraFinal && !!microphoneFinal && !!connection.outcome && !speakerStatus
  useEffect(() => {
    if (waiting) announce(t('deviceCheck.speaker.answerNeeded'))
  }, [waiting, announce, t])
  useEffect(() => {
    if (result) announce(`${t('deviceCheck.result.heading')}: ${t(`deviceCheck.result.${result.overall}`)}`)
  }, [result, announce, t])

  return {
    media,
    videoRef: setVideo,
    camera,
    microphone,
    speaker,
    connection,
    result,
    /** Everything else has an answer; the check now waits for the answer to the tone question. */
    waitingForSpeaker: waiting,
    announcements,
  }
}
