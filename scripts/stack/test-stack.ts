// Starts the test stack and keeps it running, for working on tests:
//   node scripts/stack/test-stack.ts            (prints the variables to export, Ctrl-C stops)
//   set -a; . .run/test-stack.env; set +a; node_modules/.bin/vitest run tests/e2e
// With a slot number (1-5) it runs beside the others, on ports and databases of its own:
//   node scripts/stack/test-stack.ts 2          (variables in .run/test-stack-2.env)
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { PROFILES, ROOT, slotProfile, startStack } from './stack.ts'

const slot = process.argv[2]
const suffix = slot ? `-${slot}` : ''
const profile = slot ? slotProfile(Number(slot)) : PROFILES.test
const logDir = path.join(ROOT, `.run/test-logs${suffix}`)
const stack = await startStack(profile, { logDir })
const envFile = path.join(ROOT, `.run/test-stack${suffix}.env`)
const lines = Object.entries({ ...stack.env, STACK_LOG_DIR: logDir }).map(([k, v]) => `${k}=${v}`)
writeFileSync(envFile, `${lines.join('\n')}\n`)
process.stdout.write(`test stack running; variables in ${envFile}; logs in ${logDir}. Ctrl-C stops it.\n`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await stack.stop()
    process.exit(0)
  })
}
