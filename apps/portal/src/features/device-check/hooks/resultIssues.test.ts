import { classifyDeviceCheck, type DeviceCheckMeasurement } from '@videotermin/contracts'
import { describe, expect, it } from 'vitest'
import { type IssueDetails, issuesOf } from './resultIssues.ts'

const allFine: DeviceCheckMeasurement = {
  camera: { status: 'ok', framesSeen: 30 },
  microphone: { status: 'ok', peakLevel: 0.4 },
  speaker: { status: 'ok' },
  connection: { status: 'ok', signalling: true, webrtc: true, protocol: 'udp', publishAudio: true, publishVideo: true },
  network: { uploadKbps: 2500, downloadKbps: null, rttMs: 20, packetLossPercent: 0 },
}
const fine: IssueDetails = { camera: 'ok', microphone: 'ok', cameraBlack: false }
const vary = (patch: (m: DeviceCheckMeasurement) => void, details: Partial<IssueDetails> = {}) => {
  const m = structuredClone(allFine)
  patch(m)
  return { traffic: classifyDeviceCheck(m), issues: issuesOf(m, { ...fine, ...details }) }
}

describe('issuesOf', () => {
  it('has nothing to say when green', () => expect(issuesOf(allFine, fine)).toEqual([]))

  it.each([
    [
      'no camera',
      vary(
        (m) => {
          m.camera.status = 'failed'
        },
        { camera: 'missing' },
      ),
      'cameraMissing',
    ],
    [
      'camera busy',
      vary(
        (m) => {
          m.camera.status = 'failed'
        },
        { camera: 'in-use' },
      ),
      'cameraInUse',
    ],
    [
      'camera blocked',
      vary(
        (m) => {
          m.camera.status = 'failed'
        },
        { camera: 'blocked' },
      ),
      'cameraBlocked',
    ],
    [
      'black camera',
      vary(
        (m) => {
          m.camera.status = 'limited'
        },
        { cameraBlack: true },
      ),
      'cameraBlack',
    ],
    [
      'no frames',
      vary((m) => {
        m.camera.status = 'failed'
      }),
      'cameraNoPicture',
    ],
    [
      'video not sent',
      vary((m) => {
        m.connection.publishVideo = false
      }),
      'videoNotSent',
    ],
    [
      'quiet microphone',
      vary((m) => {
        m.microphone.status = 'limited'
      }),
      'microphoneQuiet',
    ],
    [
      'tone not heard',
      vary((m) => {
        m.speaker.status = 'failed'
      }),
      'speakerNotHeard',
    ],
    [
      'TCP',
      vary((m) => {
        m.connection.protocol = 'tcp'
      }),
      'tcpOnly',
    ],
    [
      'TURN',
      vary((m) => {
        m.connection.protocol = 'turn'
      }),
      'turnOnly',
    ],
    [
      'slow upload',
      vary((m) => {
        m.network.uploadKbps = 400
      }),
      'lowBandwidth',
    ],
    [
      'lossy',
      vary((m) => {
        m.network.packetLossPercent = 9
        m.connection.status = 'limited'
      }),
      'unstable',
    ],
  ])('names the limit when yellow: %s', (_name, { traffic, issues }, issue) => {
    expect(traffic).toBe('yellow')
    expect(issues).toEqual([issue])
  })

  it.each([
    [
      'server unreachable',
      vary((m) => {
        m.connection.signalling = false
      }),
      'noServer',
    ],
    [
      'no media path',
      vary((m) => {
        m.connection.protocol = 'none'
      }),
      'noMediaPath',
    ],
    [
      'no microphone',
      vary(
        (m) => {
          m.microphone.status = 'failed'
        },
        { microphone: 'missing' },
      ),
      'microphoneMissing',
    ],
    [
      'microphone busy',
      vary(
        (m) => {
          m.microphone.status = 'failed'
        },
        { microphone: 'in-use' },
      ),
      'microphoneInUse',
    ],
    [
      'sound not sent',
      vary((m) => {
        m.connection.publishAudio = false
      }),
      'audioNotSent',
    ],
  ])('names the blocker first when red: %s', (_name, { traffic, issues }, issue) => {
    expect(traffic).toBe('red')
    expect(issues[0]).toBe(issue)
  })

  it('does not list follow-up failures of a blocked microphone as separate network problems', () => {
    const { issues } = vary(
      (m) => {
        m.microphone.status = 'failed'
        m.connection.publishAudio = false
      },
      { microphone: 'blocked' },
    )
    expect(issues).toEqual(['microphoneBlocked'])
  })

  it('says the browser is unsupported once instead of every device', () => {
    const { issues } = vary(
      (m) => {
        m.camera.status = 'failed'
        m.microphone.status = 'failed'
        m.connection.publishAudio = false
        m.connection.publishVideo = false
      },
      { camera: 'unsupported', microphone: 'unsupported' },
    )
    expect(issues).toEqual(['browserUnsupported'])
  })
})
