import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** A free loopback port, for processes that must be told their port up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * Serves the built portal (as the test stack does) in front of another API process, for
 * tests that need an API with a different configuration behind real pages.
 */
export async function startPortalPreview(options: {
  apiOrigin: string
  livekitUrl: string
  port: number
  /** Where it listens; `localhost` unless told (the isolated network's link needs another). */
  host?: string
}) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--port',
      String(options.port),
      '--strictPort',
      '--host',
      options.host ?? 'localhost',
    ],
    {
      cwd: path.join(ROOT, 'apps/portal'),
      env: { API_ORIGIN: options.apiOrigin, LIVEKIT_URL: options.livekitUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const url = `http://localhost:${options.port}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`portal preview exited with ${child.exitCode}`)
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    if (Date.now() > deadline) throw new Error('portal preview did not start')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
