import { createHmac } from 'node:crypto'
import { claimsToJwtPayload, type VideoGrant } from 'livekit-server-sdk'

/** `{"alg":"HS256"}`: the protected header the SDK's AccessToken writes, too. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url')

export interface LiveKitTokenClaims {
  identity: string
  name?: string
  ttlSeconds: number
  video: VideoGrant
}

/**
 * A LiveKit access token: the claims the SDK's `AccessToken` writes (its own
 * `claimsToJwtPayload` shapes the grant), signed HS256 with node:crypto.
 *
 * Why not `AccessToken.toJwt()`: through jose it encodes the secret, makes a key object of it,
 * checks and re-encodes header and claims in several layers and signs asynchronously, on every
 * call; on the room-token route that was about a seventh of the CPU a request costs. An HMAC
 * over two base64url strings is the whole of HS256. The times are the real clock's, not the app's injectable one: LiveKit
 * checks them against its own.
 */
export function signLiveKitToken(apiKey: string, apiSecret: string, claims: LiveKitTokenClaims): string {
  const now = Math.floor(Date.now() / 1000)
  const payload = {
    // A copy: claimsToJwtPayload rewrites the grant's sources in place (enum → name).
    ...claimsToJwtPayload({ name: claims.name, video: { ...claims.video } }),
    iss: apiKey,
    sub: claims.identity,
    nbf: now,
    exp: now + claims.ttlSeconds,
  }
  const signed = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  return `${signed}.${createHmac('sha256', apiSecret).update(signed).digest('base64url')}`
}
