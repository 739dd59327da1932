import type { CheckAccess } from '@videotermin/contracts'
import type { CheckInfo } from 'livekit-client'
import {
  type ConnectionOutcome,
  type StepId,
  type StepStatus,
  type StepStatuses,
  waitingSteps,
} from './connectionResult.ts'
import { measureNetwork, type NetworkMeasurement } from './measureNetwork.ts'

/**
 * How long a step may take before it counts as failed. livekit-client's steps cannot be
 * cancelled; a step that overruns keeps running on its own until its own timeouts end it (it
 * always disconnects at its end), and we no longer wait for it. Publishing video needs the
 * longest: it opens the camera, looks at a frame and sends for 5 s.
 */
export const STEP_TIMEOUT_MS: Record<StepId, number> = {
  signalling: 15_000,
  webrtc: 15_000,
  publishAudio: 15_000,
  publishVideo: 20_000,
  network: 20_000,
}

export interface ConnectionCheckOptions {
  getCheckAccess: () => Promise<CheckAccess>
  hasMicrophone: boolean
  hasCamera: boolean
  /** A live track of the citizen, sent only where the browser cannot create the noise probe. */
  fallbackTrack?: MediaStreamTrack | undefined
  signal: AbortSignal
  onProgress: (steps: StepStatuses) => void
}

/**
 * Runs the connection check against the real media server, one step after the other (each
 * step joins the check room with the same identity; in parallel they would push each other out):
 * 1. fetch a fresh check token and open the signalling WebSocket (`checkWebsocket`);
 * 2. establish WebRTC (`checkWebRTC`);
 * 3. send sound (`checkPublishAudio`), 4. send video (`checkPublishVideo`), each skipped
 *    without the device;
 * 5. measure the path: protocol, upload, download, RTT, loss (`measureNetwork`).
 * A failed server or WebRTC step ends the check; what follows counts as skipped.
 * Rejects only when aborted.
 */
export async function runConnectionCheck(options: ConnectionCheckOptions): Promise<ConnectionOutcome> {
  const { signal } = options
  const steps = waitingSteps()
  let network: NetworkMeasurement | null = null
  const set = (id: StepId, status: StepStatus) => {
    steps[id] = status
    options.onProgress({ ...steps })
  }
  const step = async (id: StepId, run: () => Promise<boolean>) => {
    signal.throwIfAborted()
    set(id, 'running')
    const ok = await withTimeout(run(), STEP_TIMEOUT_MS[id], signal)
    signal.throwIfAborted()
    set(id, ok ? 'ok' : 'failed')
    return ok
  }
  const skipRest = () => {
    for (const [id, status] of Object.entries(steps) as [StepId, StepStatus][])
      if (status === 'waiting') set(id, 'skipped')
    return { steps: { ...steps }, network }
  }

  type LiveKit = typeof import('livekit-client')
  let livekit: LiveKit | undefined
  let access: CheckAccess | undefined
  let check: InstanceType<LiveKit['ConnectionCheck']> | undefined
  const succeeded = (info: CheckInfo) => livekit !== undefined && info.status === livekit.CheckStatus.SUCCESS
  // Loading livekit-client (a separate chunk) counts towards the first step's time.
  const reachable = await step('signalling', async () => {
    livekit = await import('livekit-client')
    access = await options.getCheckAccess()
    signal.throwIfAborted()
    check = new livekit.ConnectionCheck(access.serverUrl, access.token)
    return succeeded(await check.checkWebsocket())
  })
  if (!reachable || !check || !access || !livekit) return skipRest()
  const connection = check
  if (!(await step('webrtc', async () => succeeded(await connection.checkWebRTC())))) return skipRest()

  if (options.hasMicrophone) await step('publishAudio', async () => succeeded(await connection.checkPublishAudio()))
  else set('publishAudio', 'skipped')
  if (options.hasCamera) await step('publishVideo', async () => succeeded(await connection.checkPublishVideo()))
  else set('publishVideo', 'skipped')

  const roomAccess = access
  const sdk = livekit
  await step('network', async () => {
    network = await measureNetwork(sdk, roomAccess, signal, options.fallbackTrack)
    return network.protocol !== null
  })
  return { steps: { ...steps }, network }
}

/** `false` when the work fails or takes longer than `ms`; rejects only on abort. */
function withTimeout(work: Promise<boolean>, ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => resolve(false)), ms)
    const onAbort = () => finish(() => reject(signal.reason))
    const finish = (settle: () => void) => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      settle()
    }
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (ok) => finish(() => resolve(ok)),
      () => finish(() => resolve(false)),
    )
  })
}
