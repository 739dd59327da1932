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
  /** Where the stack's services write their logs; set by `./run test`. */
  STACK_LOG_DIR: Type.Optional(Type.String()),
})

export type TestEnv = Static<typeof TestEnvSchema>

/** The stack's addresses and secrets; fails with a clear message when run outside `./run test`. */
export const testEnv: TestEnv = loadConfig(TestEnvSchema, process.env)
