import { decodeJwt, decodeProtectedHeader } from 'jose'
import { AccessToken, TokenVerifier, TrackSource } from 'livekit-server-sdk'
import { describe, expect, it } from 'vitest'
import { signLiveKitToken } from './livekit-jwt.ts'

const KEY = 'APIunit'
const SECRET = 'a-secret-of-enough-length-for-hs256-0123456789'
const video = {
  room: 'appointment-1',
  roomJoin: true,
  canPublish: true,
  canSubscribe: true,
  canPublishData: true,
  canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
}

describe('signLiveKitToken', () => {
  it('writes what the SDK’s AccessToken writes, and the SDK’s verifier accepts it', async () => {
    const ours = signLiveKitToken(KEY, SECRET, {
      identity: 'participant-1',
      name: 'Olga Probe',
      ttlSeconds: 600,
      video,
    })
    const sdk = new AccessToken(KEY, SECRET, { identity: 'participant-1', name: 'Olga Probe', ttl: 600 })
    sdk.addGrant(video)
    const theirs = await sdk.toJwt()

    expect(decodeProtectedHeader(ours)).toEqual(decodeProtectedHeader(theirs))
    const timeless = (token: string) => {
      const { nbf, exp, ...rest } = decodeJwt(token)
      return { ...rest, lifetime: Number(exp) - Number(nbf) }
    }
    expect(timeless(ours)).toEqual(timeless(theirs))
    expect(decodeJwt(ours).video).toMatchObject({ canPublishSources: ['camera', 'microphone'] })

    const verified = await new TokenVerifier(KEY, SECRET).verify(ours)
    expect(verified).toMatchObject({ iss: KEY, sub: 'participant-1', name: 'Olga Probe' })
    expect(Math.abs(Number(verified.nbf) - Date.now() / 1000)).toBeLessThan(5)
  })

  it('is refused under another secret and once its lifetime is over', async () => {
    const token = signLiveKitToken(KEY, SECRET, { identity: 'check-1', ttlSeconds: 120, video })
    await expect(new TokenVerifier(KEY, `${SECRET}x`).verify(token)).rejects.toThrow()
    const expired = signLiveKitToken(KEY, SECRET, { identity: 'check-1', ttlSeconds: -60, video })
    await expect(new TokenVerifier(KEY, SECRET).verify(expired, 0)).rejects.toThrow(/exp/)
  })

  it('keeps a name with any characters intact (JSON, then base64url)', () => {
    const name = 'Zoë "Ü" Ōsaka </script> \u2028'
    const token = signLiveKitToken(KEY, SECRET, { identity: 'participant-2', name, ttlSeconds: 60, video })
    expect(decodeJwt(token).name).toBe(name)
    // Only base64url and dots, whatever the name: the response schema lets the token through
    // without escaping (SignedToken in @videotermin/contracts).
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  })
})
