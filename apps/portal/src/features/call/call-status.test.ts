import { ConnectionQuality, ConnectionState, DisconnectReason, MediaDeviceFailure } from 'livekit-client'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../api/client.ts'
import {
  combineDeviceProblems,
  countUnread,
  deviceProblemMessage,
  disconnectOutcome,
  isFinalRefusal,
  isReconnecting,
  qualityMessage,
} from './call-status.ts'

describe('disconnectOutcome', () => {
  it('tells hanging up, being ended, a second window and a broken connection apart', () => {
    expect(disconnectOutcome(DisconnectReason.CLIENT_INITIATED)).toBe('left')
    expect(disconnectOutcome(DisconnectReason.ROOM_DELETED)).toBe('ended')
    expect(disconnectOutcome(DisconnectReason.PARTICIPANT_REMOVED)).toBe('ended')
    expect(disconnectOutcome(DisconnectReason.ROOM_CLOSED)).toBe('ended')
    expect(disconnectOutcome(DisconnectReason.DUPLICATE_IDENTITY)).toBe('duplicate')
    expect(disconnectOutcome(DisconnectReason.SIGNAL_CLOSE)).toBe('lost')
    expect(disconnectOutcome(DisconnectReason.JOIN_FAILURE)).toBe('lost')
    expect(disconnectOutcome(undefined)).toBe('lost')
  })
})

describe('isFinalRefusal', () => {
  it('stops rejoining when the API refuses, not when something failed on the way', () => {
    expect(isFinalRefusal(new ApiError('appointment_over', 410, 'over'))).toBe(true)
    expect(isFinalRefusal(new ApiError('forbidden', 403, 'wait'))).toBe(true)
    expect(isFinalRefusal(new ApiError('unauthenticated', 401, 'gone'))).toBe(true)
    expect(isFinalRefusal(new ApiError('rate_limited', 429, 'slow down'))).toBe(false)
    expect(isFinalRefusal(new ApiError('internal', 500, 'LiveKit did not answer'))).toBe(false)
    expect(isFinalRefusal(new ApiError('network', 0, 'network error'))).toBe(false)
    expect(isFinalRefusal(new Error('could not establish signal connection'))).toBe(false)
  })
})

describe('isReconnecting', () => {
  it('covers both kinds of reconnect', () => {
    expect(isReconnecting(ConnectionState.Reconnecting)).toBe(true)
    expect(isReconnecting(ConnectionState.SignalReconnecting)).toBe(true)
    expect(isReconnecting(ConnectionState.Connected)).toBe(false)
    expect(isReconnecting(ConnectionState.Disconnected)).toBe(false)
  })
})

describe('qualityMessage', () => {
  it('has a text for every known quality and none while unknown', () => {
    expect(qualityMessage(ConnectionQuality.Excellent)).toBe('call.qualityExcellent')
    expect(qualityMessage(ConnectionQuality.Good)).toBe('call.qualityGood')
    expect(qualityMessage(ConnectionQuality.Poor)).toBe('call.qualityPoor')
    expect(qualityMessage(ConnectionQuality.Lost)).toBe('call.qualityLost')
    expect(qualityMessage(ConnectionQuality.Unknown)).toBeUndefined()
  })
})

describe('deviceProblemMessage', () => {
  it('names the device and the cause', () => {
    expect(deviceProblemMessage(MediaDeviceFailure.PermissionDenied, 'videoinput')).toBe('call.cameraDenied')
    expect(deviceProblemMessage(MediaDeviceFailure.PermissionDenied, 'audioinput')).toBe('call.microphoneDenied')
    expect(deviceProblemMessage(MediaDeviceFailure.NotFound, 'videoinput')).toBe('call.cameraNotFound')
    expect(deviceProblemMessage(MediaDeviceFailure.DeviceInUse, 'audioinput')).toBe('call.microphoneInUse')
    expect(deviceProblemMessage(MediaDeviceFailure.Other, 'videoinput')).toBe('call.deviceFailed')
  })

  it('stays quiet when a screen share is cancelled, and about errors of no known device', () => {
    expect(deviceProblemMessage(MediaDeviceFailure.PermissionDenied, 'screen')).toBeUndefined()
    expect(deviceProblemMessage(MediaDeviceFailure.Other, 'screen')).toBe('call.screenShareFailed')
    expect(deviceProblemMessage(MediaDeviceFailure.PermissionDenied, undefined)).toBeUndefined()
  })
})

describe('combineDeviceProblems', () => {
  it('says once that camera and microphone are both blocked', () => {
    expect(combineDeviceProblems(['call.microphoneDenied', 'call.screenShareFailed', 'call.cameraDenied'])).toEqual([
      'call.bothDenied',
      'call.screenShareFailed',
    ])
    expect(combineDeviceProblems(['call.cameraDenied', 'call.microphoneNotFound'])).toEqual([
      'call.cameraDenied',
      'call.microphoneNotFound',
    ])
  })
})

describe('countUnread', () => {
  const other = { from: { isLocal: false } }
  const own = { from: { isLocal: true } }

  it('counts messages from others after the ones read', () => {
    expect(countUnread([other, own, other, other], 2)).toBe(2)
    expect(countUnread([other, own], 2)).toBe(0)
    expect(countUnread([own, own], 0)).toBe(0)
  })

  it('counts everything when the list was started afresh', () => {
    expect(countUnread([other], 5)).toBe(1)
  })
})
