import { classifyDeviceCheck } from '@videotermin/contracts'
import { describe, expect, it } from 'vitest'
import { type ConnectionOutcome, connectionMeasurement, type StepStatuses } from './connectionResult.ts'

const allOk: StepStatuses = {
  signalling: 'ok',
  webrtc: 'ok',
  publishAudio: 'ok',
  publishVideo: 'ok',
  network: 'ok',
}
const goodNetwork = { protocol: 'udp' as const, uploadKbps: 2400, downloadKbps: 2300, rttMs: 20, packetLossPercent: 0 }
const outcome = (steps: Partial<StepStatuses>, network: ConnectionOutcome['network'] = goodNetwork) => ({
  steps: { ...allOk, ...steps },
  network,
})

describe('connectionMeasurement', () => {
  it('is ok over UDP with everything sent, with the measured upload and download rates', () => {
    expect(connectionMeasurement(outcome({}))).toEqual({
      connection: {
        status: 'ok',
        signalling: true,
        webrtc: true,
        protocol: 'udp',
        publishAudio: true,
        publishVideo: true,
      },
      network: { uploadKbps: 2400, downloadKbps: 2300, rttMs: 20, packetLossPercent: 0 },
    })
  })

  it('fails without the server, and nothing after it counts', () => {
    const result = connectionMeasurement(
      outcome(
        {
          signalling: 'failed',
          webrtc: 'skipped',
          publishAudio: 'skipped',
          publishVideo: 'skipped',
          network: 'skipped',
        },
        null,
      ),
    )
    expect(result.connection).toEqual({
      status: 'failed',
      signalling: false,
      webrtc: false,
      protocol: 'none',
      publishAudio: false,
      publishVideo: false,
    })
    expect(result.network).toEqual({ uploadKbps: null, downloadKbps: null, rttMs: null, packetLossPercent: null })
  })

  it('fails when no media path was found, or sound cannot be sent', () => {
    expect(
      connectionMeasurement(outcome({ network: 'failed' }, { ...goodNetwork, protocol: null })).connection,
    ).toMatchObject({ status: 'failed', protocol: 'none' })
    expect(connectionMeasurement(outcome({ publishAudio: 'failed' })).connection.status).toBe('failed')
  })

  it.each([
    ['TCP only', outcome({}, { ...goodNetwork, protocol: 'tcp' })],
    ['TURN only', outcome({}, { ...goodNetwork, protocol: 'turn' })],
    ['video not sent', outcome({ publishVideo: 'failed' })],
    ['high delay', outcome({}, { ...goodNetwork, rttMs: 650 })],
    ['packet loss', outcome({}, { ...goodNetwork, packetLossPercent: 8 })],
  ])('is limited: %s', (_name, input) => expect(connectionMeasurement(input).connection.status).toBe('limited'))

  it('does not blame the connection for a step skipped for lack of a device', () => {
    expect(connectionMeasurement(outcome({ publishVideo: 'skipped' })).connection).toMatchObject({
      status: 'ok',
      publishVideo: false,
    })
  })

  it('gives the traffic light red without a server and keeps numbers within the schema', () => {
    const m = {
      camera: { status: 'ok' as const, framesSeen: 10 },
      microphone: { status: 'ok' as const, peakLevel: 0.5 },
      speaker: { status: 'ok' as const },
      ...connectionMeasurement(outcome({ signalling: 'failed' }, { ...goodNetwork, rttMs: 99_999 })),
    }
    expect(classifyDeviceCheck(m)).toBe('red')
    expect(m.network.rttMs).toBe(60_000)
  })
})
