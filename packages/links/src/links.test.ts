import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashToken, hashTokenHex, LINK_TOKEN_PATTERN, newLinkToken, openToken, sealToken } from './index.ts'

const key = randomBytes(32).toString('base64')

describe('personal link tokens', () => {
  it('carry 256 random bits in URL-safe form and never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newLinkToken))
    expect(tokens.size).toBe(1000)
    for (const token of tokens) {
      expect(token).toMatch(new RegExp(LINK_TOKEN_PATTERN))
      expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    }
  })

  it('are stored as SHA-256 only', () => {
    const token = newLinkToken()
    expect(hashToken(token)).toHaveLength(32)
    expect(hashToken(token).toString('hex')).not.toContain(Buffer.from(token).toString('hex'))
    expect(hashTokenHex(token)).toBe(hashToken(token).toString('hex'))
  })

  it('round-trip through sealing and refuse tampering or another key', () => {
    const token = newLinkToken()
    const sealed = sealToken(token, key)
    expect(sealed.toString('utf8')).not.toContain(token)
    expect(openToken(sealed, key)).toBe(token)
    const altered = Buffer.from(sealed)
    altered[altered.length - 1] = (altered.at(-1) ?? 0) ^ 1
    expect(() => openToken(altered, key)).toThrow()
    expect(() => openToken(sealed, randomBytes(32).toString('base64'))).toThrow()
  })
})
