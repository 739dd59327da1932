import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum) */ as const,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

// Verified when the account does not exist, so a wrong address costs as long as a wrong password.
const decoyHash = hash('decoy password that matches nothing', OPTIONS)

/** True when `password` matches; takes the same time whether or not an account exists. */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    await verify(await decoyHash, password)
    return false
  }
  return verify(storedHash, password)
}
