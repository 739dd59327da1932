import { type DeviceCheckMeasurement, LOW_BANDWIDTH_KBPS } from '@videotermin/contracts'
import type { DeviceState } from './acquireMedia.ts'
import { HIGH_LOSS_PERCENT, HIGH_RTT_MS } from './connectionResult.ts'

/** Why the result is not green; each has a sentence and advice in the catalogue (`deviceCheck.issues.*`). */
export type IssueId =
  | 'browserUnsupported'
  | 'noServer'
  | 'noMediaPath'
  | 'microphoneMissing'
  | 'microphoneBlocked'
  | 'microphoneInUse'
  | 'microphoneError'
  | 'audioNotSent'
  | 'cameraMissing'
  | 'cameraBlocked'
  | 'cameraInUse'
  | 'cameraNoPicture'
  | 'cameraBlack'
  | 'videoNotSent'
  | 'microphoneQuiet'
  | 'speakerNotHeard'
  | 'tcpOnly'
  | 'turnOnly'
  | 'lowBandwidth'
  | 'unstable'

export interface IssueDetails {
  /** What getUserMedia said about each device. */
  camera: DeviceState
  microphone: DeviceState
  /** The camera delivers frames, but they are black (covered lens, privacy shutter). */
  cameraBlack: boolean
}

/**
 * The problems behind a result, the ones that block taking part first. Mirrors
 * `classifyDeviceCheck`: every reason it has for yellow or red yields at least one issue here.
 */
export function issuesOf(m: DeviceCheckMeasurement, d: IssueDetails): IssueId[] {
  const issues: IssueId[] = []
  const add = (condition: boolean, issue: IssueId) => {
    if (condition) issues.push(issue)
  }
  const unsupported = d.camera === 'unsupported' && d.microphone === 'unsupported'
  add(unsupported, 'browserUnsupported')

  // Red: cannot take part.
  add(!m.connection.signalling, 'noServer')
  add(m.connection.signalling && (!m.connection.webrtc || m.connection.protocol === 'none'), 'noMediaPath')
  if (m.microphone.status === 'failed' || m.microphone.status === 'skipped') {
    const byState: Partial<Record<DeviceState, IssueId>> = {
      missing: 'microphoneMissing',
      blocked: 'microphoneBlocked',
      'in-use': 'microphoneInUse',
    }
    if (!unsupported) issues.push(byState[d.microphone] ?? 'microphoneError')
  } else {
    add(
      !m.connection.publishAudio && m.connection.signalling && m.connection.webrtc && m.connection.protocol !== 'none',
      'audioNotSent',
    )
  }

  // Yellow: works with limits.
  if (m.camera.status !== 'ok' && !unsupported) {
    const byState: Partial<Record<DeviceState, IssueId>> = {
      missing: 'cameraMissing',
      blocked: 'cameraBlocked',
      'in-use': 'cameraInUse',
    }
    issues.push(byState[d.camera] ?? (d.cameraBlack ? 'cameraBlack' : 'cameraNoPicture'))
  }
  const mediaPath = m.connection.webrtc && m.connection.protocol !== 'none'
  add(m.camera.status === 'ok' && !m.connection.publishVideo && mediaPath, 'videoNotSent')
  add(m.microphone.status === 'limited', 'microphoneQuiet')
  add(m.speaker.status !== 'ok', 'speakerNotHeard')
  add(m.connection.protocol === 'tcp', 'tcpOnly')
  add(m.connection.protocol === 'turn', 'turnOnly')
  const low = (kbps: number | null) => kbps !== null && kbps < LOW_BANDWIDTH_KBPS
  add(low(m.network.uploadKbps) || low(m.network.downloadKbps), 'lowBandwidth')
  add((m.network.rttMs ?? 0) > HIGH_RTT_MS || (m.network.packetLossPercent ?? 0) > HIGH_LOSS_PERCENT, 'unstable')
  return issues
}
