// `./run bench`: builds the portal, starts a fresh bench stack, runs the benchmarks, prints
// the numbers and writes them into BENCHMARKS.md. The stack is stopped in every case:
// success, failure, Ctrl-C or SIGTERM.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { measureBundleSizes } from '../bench/bundle-size.ts'
import type { JoinLatencyResult } from '../bench/join-latency.ts'
import { snapshotPortalBuild } from '../bench/portal-snapshot.ts'
import { benchmarksSection, machineFacts, rewriteBenchmarksFile, terminalReport } from '../bench/report.ts'
import { PROFILES, ROOT, type StackEnv, startStack } from './stack.ts'

const LOG_DIR = path.join(ROOT, '.run/bench-logs')
/** What the bench stack serves and benchmark B measures: a copy of this run's build (see portal-snapshot.ts). */
const PORTAL_BUILD = path.join(ROOT, '.run/bench-portal')
const BENCHMARKS_FILE = path.join(ROOT, 'BENCHMARKS.md')

function log(message: string) {
  process.stderr.write(`\x1b[1m▶ ${message}\x1b[0m\n`)
}

// A signal only sets this flag and ends the benchmark child; the main flow then unwinds
// through its `finally`, which stops the stack. Exiting right here would orphan the services.
let interrupted = false
let benchmarkChild: ChildProcess | undefined
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) return
    interrupted = true
    process.stderr.write(`\n[bench] ${signal}: stopping\n`)
    benchmarkChild?.kill('SIGTERM')
  })
}

/** The bench profile serves the built portal (`vite preview`), so it must be built from the current sources. */
function buildPortal(): boolean {
  log('building the portal (turbo → vite build)')
  const turbo = path.join(ROOT, 'node_modules/.bin/turbo')
  // From an empty folder: turbo restores a cached build over what is there, and chunks of an
  // earlier build left beside it would be counted as this build's lazy chunks (benchmark B).
  rmSync(path.join(ROOT, 'apps/portal/dist'), { recursive: true, force: true })
  // Build output to stderr: stdout carries only the results.
  const result = spawnSync(turbo, ['run', 'build', '--output-logs=errors-only'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
  return result.status === 0
}

/**
 * Benchmark A in a child process: Playwright, once launched, ends its process on Ctrl-C
 * before anything else can clean up, and this process must live on to stop the stack.
 * The child reads the stack's addresses from its environment (tests/support/test-env.ts).
 */
function runJoinLatencyChild(env: StackEnv): Promise<JoinLatencyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/bench/join-latency.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, STACK_LOG_DIR: LOG_DIR },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    benchmarkChild = child
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      benchmarkChild = undefined
      if (code !== 0) return reject(new Error(`the admission benchmark failed (${signal ?? `exit code ${code}`})`))
      const lastLine = output.trim().split('\n').at(-1) ?? ''
      try {
        resolve(JSON.parse(lastLine) as JoinLatencyResult)
      } catch {
        reject(new Error(`the admission benchmark printed no result: ${output}`))
      }
    })
  })
}

async function main(): Promise<number> {
  if (!buildPortal()) return interrupted ? 130 : 1
  await snapshotPortalBuild(path.join(ROOT, 'apps/portal/dist'), PORTAL_BUILD)
  if (interrupted) return 130
  log('benchmark B: JavaScript of the first page load')
  const bundle = measureBundleSizes(PORTAL_BUILD)

  log(`starting the bench stack (logs in ${path.relative(ROOT, LOG_DIR)}/)`)
  // Only this run's logs and failure screenshots: an old screenshot would mislead.
  rmSync(LOG_DIR, { recursive: true, force: true })
  const stack = await startStack(PROFILES.bench, { logDir: LOG_DIR, portalDist: PORTAL_BUILD })
  try {
    if (interrupted) return 130
    log('benchmark A: admission → first remote video frame')
    const join = await runJoinLatencyChild(stack.env)
    if (interrupted) return 130
    log("benchmark C: citizen waiting → advisor's live view on another API process")
    // The test support code reads the stack's addresses from the environment when loaded.
    Object.assign(process.env, stack.env)
    const { measureLiveViewLatency } = await import('../bench/live-view-latency.ts')
    const liveView = await measureLiveViewLatency(20, PROFILES.bench.apiPort + 50)
    if (interrupted) return 130
    log('benchmark D: e-mails per second, outbox → accepted by SMTP (Mailpit, then a lean sink), one worker')
    const { measureEmailThroughputMedian } = await import('../bench/email-throughput.ts')
    const emails = [
      await measureEmailThroughputMedian(stack.env, 3, 2000, 10, 'mailpit'),
      await measureEmailThroughputMedian(stack.env, 3, 2000, 10, 'sink'),
    ]
    if (interrupted) return 130
    log('benchmark E: the API under load (autocannon, beside a bare Fastify), memory of api and worker')
    const { measureApiLoad } = await import('../bench/api-load.ts')
    const apiLoad = await measureApiLoad({
      apiUrl: stack.env.API_URL,
      workerPort: Number(new URL(stack.env.WORKER_METRICS_URL).port),
      barePort: PROFILES.bench.apiPort + 60,
      shouldStop: () => interrupted,
    })
    if (interrupted) return 130
    log('benchmark F: two-person appointments one LiveKit node carries (real WebRTC clients)')
    const { measureCapacity } = await import('../bench/capacity.ts')
    const capacity = await measureCapacity({
      livekitUrl: stack.env.LIVEKIT_URL,
      apiKey: stack.env.LIVEKIT_API_KEY,
      apiSecret: stack.env.LIVEKIT_API_SECRET,
      shouldStop: () => interrupted,
    })
    if (interrupted) return 130
    // Last: the purge leaves a million dead rows behind (autovacuum is off on this machine's
    // Postgres), which the API load met when it ran after it (vacuuming them first did not
    // help: the API load of that run was slower still).
    log('benchmark G: purge of 1,000,000 expired participants, and read latency during it')
    const { measurePurge } = await import('../bench/purge.ts')
    const purge = await measurePurge(1_000_000)
    if (interrupted) return 130
    const results = {
      finishedAt: new Date(),
      command: './run bench',
      machine: machineFacts(),
      join,
      liveView,
      bundle,
      purge,
      emails,
      apiLoad,
      capacity,
    }
    process.stdout.write(`\n${terminalReport(results)}`)
    rewriteBenchmarksFile(BENCHMARKS_FILE, benchmarksSection(results))
    log(`results written to ${path.relative(ROOT, BENCHMARKS_FILE)}`)
    return 0
  } finally {
    log('stopping the bench stack')
    await stack.stop()
  }
}

const exitCode = await main().catch((error: Error) => {
  process.stderr.write(`\x1b[31m✗ ${interrupted ? 'interrupted' : error.message}\x1b[0m\n`)
  return interrupted ? 130 : 1
})
process.exit(exitCode)
