import type { CheckAccess } from '@videotermin/contracts'
import { useEffect, useRef, useState } from 'react'
import { type ConnectionOutcome, type StepStatuses, waitingSteps } from './connectionResult.ts'
import { runConnectionCheck } from './runConnectionCheck.ts'

/**
 * Runs the connection check once when `enabled` turns true (after the camera/microphone
 * question, so livekit-client's publish steps do not trigger a prompt of their own), with a
 * fresh token. Unmount aborts: no further step starts and the measuring room disconnects.
 */
export function useConnectionCheck(options: {
  getCheckAccess: () => Promise<CheckAccess>
  enabled: boolean
  hasMicrophone: boolean
  hasCamera: boolean
  fallbackTrack: MediaStreamTrack | undefined
}) {
  const { enabled, hasMicrophone, hasCamera, fallbackTrack } = options
  const [steps, setSteps] = useState<StepStatuses>(waitingSteps)
  const [outcome, setOutcome] = useState<ConnectionOutcome | null>(null)
  const getCheckAccess = useRef(options.getCheckAccess)
  useEffect(() => {
    getCheckAccess.current = options.getCheckAccess
  }, [options.getCheckAccess])

  useEffect(() => {
    if (!enabled) return
    const controller = new AbortController()
    runConnectionCheck({
      getCheckAccess: () => getCheckAccess.current(),
      hasMicrophone,
      hasCamera,
      fallbackTrack,
      signal: controller.signal,
      onProgress: setSteps,
    }).then(setOutcome, () => undefined /* aborted */)
    return () => controller.abort()
  }, [enabled, hasMicrophone, hasCamera, fallbackTrack])

  return { steps, outcome }
}
