import { describe, expect, it } from 'vitest'
import { classifyDeviceCheck, type DeviceCheckMeasurement } from './device-check.ts'

const allFine: DeviceCheckMeasurement = {
  camera: { status: 'ok', framesSeen: 30 },
  microphone: { status: 'ok', peakLevel: 0.4 },
  speaker: { status: 'ok' },
  connection: { status: 'ok', signalling: true, webrtc: true, protocol: 'udp', publishAudio: true, publishVideo: true },
  network: { uploadKbps: 2500, downloadKbps: 8000, rttMs: 20, packetLossPercent: 0 },
}
const vary = (patch: (m: DeviceCheckMeasurement) => void) => {
  const copy = structuredClone(allFine)
  patch(copy)
  return classifyDeviceCheck(copy)
}

describe('classifyDeviceCheck', () => {
  it('is green when everything works', () => expect(classifyDeviceCheck(allFine)).toBe('green'))

  it.each([
    [
      'no camera: audio only',
      (m: DeviceCheckMeasurement) => {
        m.camera.status = 'failed'
      },
    ],
    [
      'TCP only',
      (m: DeviceCheckMeasurement) => {
        m.connection.protocol = 'tcp'
      },
    ],
    [
      'only through TURN',
      (m: DeviceCheckMeasurement) => {
        m.connection.protocol = 'turn'
      },
    ],
    [
      'low upload',
      (m: DeviceCheckMeasurement) => {
        m.network.uploadKbps = 300
      },
    ],
    [
      'low download',
      (m: DeviceCheckMeasurement) => {
        m.network.downloadKbps = 200
      },
    ],
    [
      'speaker not heard',
      (m: DeviceCheckMeasurement) => {
        m.speaker.status = 'failed'
      },
    ],
    [
      'video cannot be published',
      (m: DeviceCheckMeasurement) => {
        m.connection.publishVideo = false
      },
    ],
  ])('is yellow with limits: %s', (_name, patch) => expect(vary(patch)).toBe('yellow'))

  it.each([
    [
      'media server unreachable',
      (m: DeviceCheckMeasurement) => {
        m.connection.signalling = false
      },
    ],
    [
      'no WebRTC path',
      (m: DeviceCheckMeasurement) => {
        m.connection.protocol = 'none'
      },
    ],
    [
      'no microphone',
      (m: DeviceCheckMeasurement) => {
        m.microphone.status = 'failed'
      },
    ],
    [
      'audio cannot be published',
      (m: DeviceCheckMeasurement) => {
        m.connection.publishAudio = false
      },
    ],
  ])('is red when taking part is impossible: %s', (_name, patch) => expect(vary(patch)).toBe('red'))
})
