import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

/**
 * A loopback port in `from`…`from + 99` nobody listens on, for a process that must come back
 * on the same port (a restarted api) or that other test runs may be looking for at the same time.
 */
export async function sparePort(from: number): Promise<number> {
  const start = Math.floor(Math.random() * 100)
  for (let i = 0; i < 100; i++) {
    const port = from + ((start + i) % 100)
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error(`no spare port in ${from}–${from + 99}`)
}

/**
 * Starts one more API process (a second replica) against the same Postgres, Redis and
 * LiveKit, and resolves once it is ready. Stop it with `stop()`.
 */
export async function startApiReplica(
  env: Record<string, string>,
  port: number,
  options: { readyTimeoutMs?: number } = {},
) {
  const child: ChildProcess = spawn(process.execPath, ['apps/api/src/server.ts'], {
    cwd: ROOT,
    // METRICS_PORT 0: any free port, so replicas never fight over the default one.
    env: { METRICS_PORT: '0', ...env, API_PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API replica exited with ${child.exitCode}`)
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) break
    if (Date.now() > deadline) {
      // Not left behind: a process still starting would keep the port and the test run alive.
      child.kill('SIGKILL')
      throw new Error('API replica did not become ready')
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    url,
    child,
    /** Sends SIGTERM and resolves with the exit code once the process is gone. */
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill('SIGTERM')
      }),
  }
}

/** Reads a Server-Sent Events stream over a real HTTP connection. */
export async function openEventStream(url: string, cookie: string) {
  const controller = new AbortController()
  const response = await fetch(url, { headers: { cookie }, signal: controller.signal })
  if (!response.body) throw new Error('no body')
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  const queue: { event: string; data: unknown }[] = []
  return {
    async next(event: string, timeoutMs = 5000): Promise<unknown> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const index = queue.findIndex((e) => e.event === event)
        if (index >= 0) return queue.splice(index, 1)[0]?.data
        if (Date.now() > deadline) throw new Error(`no '${event}' event within ${timeoutMs} ms`)
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        buffer += value
        let end = buffer.indexOf('\n\n')
        while (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const name = block.match(/^event: (.*)$/m)?.[1]
          const data = block.match(/^data: (.*)$/m)?.[1]
          if (name && data) queue.push({ event: name, data: JSON.parse(data) })
          end = buffer.indexOf('\n\n')
        }
      }
    },
    /** Forgets events received so far (also those still unread in the socket for a moment). */
    async drain(): Promise<void> {
      queue.length = 0
    },
    close: () => controller.abort(),
  }
}
