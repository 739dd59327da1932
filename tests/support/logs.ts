import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { testEnv } from './test-env.ts'

/** The stack's service logs (api, worker, livekit, …) when run by `./run test`; none against a dev stack. */
export function serviceLogs(): { file: string; text: string }[] {
  const dir = testEnv.STACK_LOG_DIR
  if (!dir) return []
  return readdirSync(dir).map((name) => {
    const file = path.join(dir, name)
    return { file, text: readFileSync(file, 'utf8') }
  })
}
