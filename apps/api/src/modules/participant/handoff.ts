import { hashTokenHex, newLinkToken } from '@videotermin/links'
import type { Redis } from 'ioredis'

/** A hand-over link lives ten minutes: long enough to pick up the phone, short if it lies around. */
export const HANDOFF_TTL_SECONDS = 600

const key = (token: string) => `vt:handoff:${hashTokenHex(token)}`

/** A new one-time token for continuing on another device; Redis keeps only its hash. */
export async function issueHandoff(redis: Redis, participantId: string): Promise<string> {
  const token = newLinkToken()
  await redis.set(key(token), participantId, 'EX', HANDOFF_TTL_SECONDS)
  return token
}

/** The participant a hand-over token belongs to, once: the token is gone afterwards. */
export async function redeemHandoff(redis: Redis, token: string): Promise<string | null> {
  return redis.getdel(key(token))
}
