// `./run test`: every check and every test, against a freshly started real stack.
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { PROFILES, ROOT, startStack } from './stack.ts'

function step(name: string, command: string, args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  process.stderr.write(`\n\x1b[1m▶ ${name}\x1b[0m\n`)
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' })
  if (result.status !== 0) {
    process.stderr.write(`\x1b[31m✗ ${name} failed\x1b[0m\n`)
    return false
  }
  return true
}

const bin = (name: string) => path.join(ROOT, 'node_modules/.bin', name)

const staticChecks =
  step('lint and format (biome)', bin('biome'), ['ci', '.']) &&
  step('type-check scripts and tests (tsc)', bin('tsc'), ['-p', '.']) &&
  step('type-check apps and packages (turbo → tsc)', bin('turbo'), ['run', 'typecheck', '--output-logs=errors-only']) &&
  step('build portal (vite)', bin('turbo'), ['run', 'build', '--output-logs=errors-only'])
if (!staticChecks) process.exit(1)

process.stderr.write('\n\x1b[1m▶ starting the test stack\x1b[0m (logs in .run/test-logs/)\n')
const logDir = path.join(ROOT, '.run/test-logs')
const stack = await startStack(PROFILES.test, { logDir })
let passed = false
try {
  // Not spawnSync: this process copies the services' output into their log files, and a
  // blocked event loop would leave the pipes undrained (the logs lag, then the services stall).
  process.stderr.write('\n\x1b[1m▶ tests (vitest: unit, integration, e2e)\x1b[0m\n')
  const vitest = spawn(bin('vitest'), ['run'], {
    cwd: ROOT,
    env: { ...process.env, ...stack.env, STACK_LOG_DIR: logDir },
    stdio: 'inherit',
  })
  const code = await new Promise<number | null>((resolve) => vitest.once('exit', resolve))
  passed = code === 0
  if (!passed) process.stderr.write('\x1b[31m✗ tests (vitest: unit, integration, e2e) failed\x1b[0m\n')
} finally {
  await stack.stop()
}
process.exit(passed ? 0 : 1)
