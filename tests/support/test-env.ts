import { loadConfig } from '@videotermin/config'
import { type Static, Type } from 'typebox'

// The running test stack describes itself through these variables (scripts/stack/test.ts).
const TestEnvSchema = Type.Object({
  DATABASE_URL: Type.String(),
  REDIS_URL: Type.String(),
  PUBLIC_URL: Type.String(),
  API_URL: Type.String(),
  LIVEKIT_URL: Type.String(),
  LIVEKIT_API_KEY: Type.String(),
  LIVEKIT_API_SECRET: Type.String(),
  LINK_ENCRYPTION_KEY: Type.String(),
  INBOX_URL: Type.String(),
  SMTP_URL: Type.String(),
  API_METRICS_URL: Type.Optional(Type.String()),
  WORKER_METRICS_URL: Type.Optional(Type.String()),
  /** Where the stack's services write their logs; set by `./run test`. */
  STACK_LOG_DIR: Type.Optional(Type.String()),
})

export type TestEnv = Static<typeof TestEnvSchema>

/** The stack's addresses and secrets; fails with a clear message when run outside `./run test`. */
export const testEnv: TestEnv = loadConfig(TestEnvSchema, process.env)

/** What an API process (or an in-process API) needs to join the test stack. */
export function apiEnv(): Record<string, string> {
  return {
    DATABASE_URL: testEnv.DATABASE_URL,
    REDIS_URL: testEnv.REDIS_URL,
    PUBLIC_URL: testEnv.PUBLIC_URL,
    LINK_ENCRYPTION_KEY: testEnv.LINK_ENCRYPTION_KEY,
    LIVEKIT_URL: testEnv.LIVEKIT_URL,
    LIVEKIT_API_KEY: testEnv.LIVEKIT_API_KEY,
    LIVEKIT_API_SECRET: testEnv.LIVEKIT_API_SECRET,
  }
}
