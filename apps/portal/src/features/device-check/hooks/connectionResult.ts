import type { DeviceCheckMeasurement } from '@videotermin/contracts'
import type { NetworkMeasurement } from './measureNetwork.ts'

/** The steps of the connection check, in the order they run. */
export const CONNECTION_STEPS = ['signalling', 'webrtc', 'publishAudio', 'publishVideo', 'network'] as const
export type StepId = (typeof CONNECTION_STEPS)[number]
export type StepStatus = 'waiting' | 'running' | 'ok' | 'failed' | 'skipped'
export type StepStatuses = Record<StepId, StepStatus>

export interface ConnectionOutcome {
  steps: StepStatuses
  network: NetworkMeasurement | null
}

/** Above this round-trip time, people talk over each other: the connection counts as limited. */
export const HIGH_RTT_MS = 400
/** Above this share of lost packets, picture and sound break up: limited. */
export const HIGH_LOSS_PERCENT = 5

export const waitingSteps = (): StepStatuses => ({
  signalling: 'waiting',
  webrtc: 'waiting',
  publishAudio: 'waiting',
  publishVideo: 'waiting',
  network: 'waiting',
})

const clamp = (value: number | null, max: number) => (value === null ? null : Math.min(max, Math.max(0, value)))

/**
 * Turns the steps into the measurement's `connection` and `network` parts. Failed: the server
 * cannot be reached, no media path, or sound cannot be sent. Limited: media only over TCP or
 * TURN, the picture cannot be sent although there is a camera, or a slow/lossy path.
 * A step skipped because the device is missing does not count against the connection.
 */
export function connectionMeasurement({
  steps,
  network,
}: ConnectionOutcome): Pick<DeviceCheckMeasurement, 'connection' | 'network'> {
  const signalling = steps.signalling === 'ok'
  const webrtc = steps.webrtc === 'ok'
  const protocol = signalling && webrtc && network?.protocol ? network.protocol : 'none'
  const rttMs = clamp(network?.rttMs ?? null, 60_000)
  const packetLossPercent = clamp(network?.packetLossPercent ?? null, 100)
  const unstable = (rttMs !== null && rttMs > HIGH_RTT_MS) || (packetLossPercent ?? 0) > HIGH_LOSS_PERCENT
  const status =
    !signalling || !webrtc || protocol === 'none' || steps.publishAudio === 'failed'
      ? 'failed'
      : protocol !== 'udp' || steps.publishVideo === 'failed' || unstable
        ? 'limited'
        : 'ok'
  return {
    connection: {
      status,
      signalling,
      webrtc,
      protocol,
      publishAudio: steps.publishAudio === 'ok',
      publishVideo: steps.publishVideo === 'ok',
    },
    network: {
      uploadKbps: clamp(network?.uploadKbps ?? null, 10_000_000),
      downloadKbps: clamp(network?.downloadKbps ?? null, 10_000_000),
      rttMs,
      packetLossPercent,
    },
  }
}
