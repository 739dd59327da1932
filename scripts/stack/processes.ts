import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'

export interface ServiceSpec {
  name: string
  command: string
  args: string[]
  env?: Record<string, string>
  cwd?: string
  /** Resolves once the service answers; polled until `readyTimeoutMs`. */
  ready: () => Promise<boolean>
  readyTimeoutMs?: number
}

const COLOURS = [36, 35, 33, 32, 34, 31]

/**
 * Starts and stops the local services as child processes. Output goes either to the
 * console with a coloured name prefix (`./run up`) or to one log file per service
 * (`./run test`), so test output stays readable.
 */
export class Supervisor {
  private readonly children: { name: string; child: ChildProcess }[] = []
  private stopping = false
  private readonly logDir: string | undefined

  constructor(logDir: string | undefined) {
    this.logDir = logDir
    if (logDir) mkdirSync(logDir, { recursive: true })
  }

  async start(spec: ServiceSpec): Promise<void> {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.children.push({ name: spec.name, child })
    this.pipeOutput(spec.name, child)
    let exited: string | undefined
    child.once('exit', (code, signal) => {
      exited = `exited (${signal ?? code})`
      if (!this.stopping) process.stderr.write(`[stack] ${spec.name} ${exited}\n`)
    })
    const deadline = Date.now() + (spec.readyTimeoutMs ?? 60_000)
    while (Date.now() < deadline) {
      if (exited) throw new Error(`${spec.name} ${exited} before it was ready${this.logHint(spec.name)}`)
      if (await spec.ready().catch(() => false)) return
      await sleep(200)
    }
    throw new Error(`${spec.name} did not become ready in time${this.logHint(spec.name)}`)
  }

  /** Sends SIGTERM to every service (in reverse start order) and waits for them to exit. */
  async stopAll(): Promise<void> {
    this.stopping = true
    for (const { child } of [...this.children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(killTimer)
    }
  }

  private logHint(name: string): string {
    return this.logDir ? ` (see ${path.join(this.logDir, `${name}.log`)})` : ''
  }

  private pipeOutput(name: string, child: ChildProcess) {
    if (this.logDir) {
      const file = createWriteStream(path.join(this.logDir, `${name}.log`))
      child.stdout?.pipe(file)
      child.stderr?.pipe(file)
      return
    }
    const colour = COLOURS[this.children.length % COLOURS.length]
    const prefix = `\x1b[${colour}m${name.padEnd(8)}\x1b[0m│ `
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = ''
      stream?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString()
        const lines = buffer.split('\n')
        buffer = lines.pop() ?? ''
        for (const line of lines) process.stdout.write(`${prefix}${line}\n`)
      })
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** True when something accepts TCP connections on host:port. */
export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host })
    socket.setTimeout(1000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/** True when GET url answers with a 2xx status. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
    return response.ok
  } catch {
    return false
  }
}
