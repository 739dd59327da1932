import { createCipheriv, createDecipheriv, hash, randomBytes } from 'node:crypto'

/** 32 bytes (256 bits) from the CSPRNG, base64url: the secret in a personal link. */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url')
}

/** A token as it may appear in a URL: base64url of 32 bytes. */
export const LINK_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$'

/**
 * SHA-256 of a secret (a link token, a session id): the only form in which the database
 * keeps it. The one-shot hash: a third cheaper than createHash, and it runs once per request.
 */
export function hashToken(token: string): Buffer {
  return hash('sha256', token, 'buffer')
}

/** The same hash in hex, for keys and lookups by string: a quarter of the cost of hashToken(…).toString('hex'). */
export function hashTokenHex(token: string): string {
  return hash('sha256', token, 'hex')
}

/** The citizen-facing URL of a personal link. */
export function personalLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/t/${token}`
}

// AES-256-GCM with a random 96-bit nonce; layout: nonce | tag | ciphertext.
const NONCE_BYTES = 12
const TAG_BYTES = 16

function keyFrom(base64Key: string): Buffer {
  const key = Buffer.from(base64Key, 'base64')
  if (key.length !== 32) throw new Error('link encryption key must be 32 bytes')
  return key
}

/** Encrypts a token so it can wait in the outbox until the worker has mailed it. */
export function sealToken(token: string, base64Key: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keyFrom(base64Key), nonce)
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()])
  return Buffer.concat([nonce, cipher.getAuthTag(), body])
}

/** Reverses sealToken; throws if the data was altered or the key differs. */
export function openToken(sealed: Buffer, base64Key: string): string {
  const nonce = sealed.subarray(0, NONCE_BYTES)
  const tag = sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES)
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(base64Key), nonce)
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
}
