import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { CHROMIUM_ARGS } from './browser.ts'
import { waitFor } from './scenario.ts'
import { testEnv } from './test-env.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** The link's two ends: this machine's side, and the namespace's side. */
const HOST_SIDE_IP = '10.213.0.1'
const NAMESPACE_SIDE_IP = '10.213.0.2'
const NAMESPACE = 'vt-citizen-net'
const HOST_LINK = 'vtcit0'
const NAMESPACE_LINK = 'vtcit1'

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] })
const ipQuietly = (...args: string[]) => {
  try {
    ip(...args)
  } catch {
    // Nothing left over from an earlier run.
  }
}

export interface IsolatedNetwork {
  /** Takes the link down: nothing reaches the namespace or leaves it, TCP and UDP alike. */
  cut(): void
  /** Brings the link back. */
  restore(): void
  /** A headless Chromium whose only way out is the link (fake camera and microphone). */
  launchBrowser(): Promise<Browser>
  close(): Promise<void>
}

/**
 * A network namespace of its own, joined to this machine by one veth link. A browser started
 * in it reaches the machine's services only over that link, so taking the link down is a real
 * network cut for that browser alone, WebRTC's UDP included (Chromium's offline emulation
 * leaves WebRTC's sockets alone). Inside, 127.0.0.1 forwards `forwardedPorts` across the link
 * (TCP), so pages keep their localhost origin, a secure context as in production over HTTPS.
 * The services behind those ports must listen on HOST_SIDE_IP too. Needs root (ip netns).
 */
export async function startIsolatedNetwork(forwardedPorts: number[]): Promise<IsolatedNetwork> {
  ipQuietly('link', 'del', HOST_LINK)
  ipQuietly('netns', 'del', NAMESPACE)
  ip('netns', 'add', NAMESPACE)
  ip('link', 'add', HOST_LINK, 'type', 'veth', 'peer', 'name', NAMESPACE_LINK)
  ip('link', 'set', NAMESPACE_LINK, 'netns', NAMESPACE)
  ip('addr', 'add', `${HOST_SIDE_IP}/30`, 'dev', HOST_LINK)
  ip('link', 'set', HOST_LINK, 'up')
  ip('-n', NAMESPACE, 'addr', 'add', `${NAMESPACE_SIDE_IP}/30`, 'dev', NAMESPACE_LINK)
  ip('-n', NAMESPACE, 'link', 'set', NAMESPACE_LINK, 'up')
  ip('-n', NAMESPACE, 'link', 'set', 'lo', 'up')

  const forwarder: ChildProcess = spawn(
    'ip',
    [
      'netns',
      'exec',
      NAMESPACE,
      process.execPath,
      path.join(import.meta.dirname, 'namespace-forwarder.ts'),
      HOST_SIDE_IP,
      ...forwardedPorts.map(String),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const removeLink = () => {
    ipQuietly('link', 'del', HOST_LINK)
    ipQuietly('netns', 'del', NAMESPACE)
  }
  try {
    await new Promise<void>((resolve, reject) => {
      forwarder.once('exit', (code) => reject(new Error(`the forwarder exited (${code})`)))
      forwarder.stdout?.once('data', () => resolve())
    })
  } catch (error) {
    removeLink()
    throw error
  }

  // Playwright talks to Chromium over a pipe, which `ip netns exec` hands on unchanged.
  const wrapperDir = mkdtempSync(path.join(tmpdir(), 'vt-netns-'))
  const wrapper = path.join(wrapperDir, 'chromium')
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${NAMESPACE} /usr/bin/chromium "$@"\n`)
  chmodSync(wrapper, 0o755)
  const browsers: Browser[] = []

  return {
    cut: () => ip('link', 'set', HOST_LINK, 'down'),
    restore: () => ip('link', 'set', HOST_LINK, 'up'),
    async launchBrowser() {
      const browser = await chromium.launch({ executablePath: wrapper, headless: true, args: CHROMIUM_ARGS })
      browsers.push(browser)
      return browser
    },
    async close() {
      for (const browser of browsers) await browser.close().catch(() => {})
      forwarder.removeAllListeners('exit')
      forwarder.kill('SIGTERM')
      removeLink()
      rmSync(wrapperDir, { recursive: true, force: true })
    },
  }
}

export interface IsolatedLiveKit {
  /** For browsers, inside the namespace (forwarded) and outside alike. */
  url: string
  port: number
  stop(): Promise<void>
}

/**
 * A LiveKit node of its own (no Redis) that listens on loopback and on the link, and offers
 * the link's address for media, so that the namespace's browser reaches it only over the link.
 */
export async function startIsolatedLiveKit(ports: { http: number; tcp: number; udp: [number, number] }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'vt-livekit-'))
  const config = path.join(dir, 'livekit.yaml')
  writeFileSync(
    config,
    [
      `port: ${ports.http}`,
      'bind_addresses:',
      '  - 127.0.0.1',
      `  - ${HOST_SIDE_IP}`,
      'rtc:',
      `  tcp_port: ${ports.tcp}`,
      `  port_range_start: ${ports.udp[0]}`,
      `  port_range_end: ${ports.udp[1]}`,
      `  node_ip: ${HOST_SIDE_IP}`,
      '  use_external_ip: false',
      '  stun_servers: []',
      'room:',
      '  auto_create: false',
      'logging:',
      '  level: warn',
      '  json: true',
      '',
    ].join('\n'),
  )
  const log = testEnv.STACK_LOG_DIR ? path.join(testEnv.STACK_LOG_DIR, 'livekit-isolated.log') : undefined
  const logFd = log ? openSync(log, 'a') : undefined
  const child = spawn(path.join(ROOT, '.tools/livekit-server'), ['--config', config], {
    env: { LIVEKIT_KEYS: `${testEnv.LIVEKIT_API_KEY}: ${testEnv.LIVEKIT_API_SECRET}` },
    stdio: ['ignore', 'ignore', logFd ?? 'inherit'],
  })
  if (logFd !== undefined) closeSync(logFd)
  await waitFor(
    () =>
      child.exitCode !== null
        ? Promise.reject(new Error(`LiveKit exited with ${child.exitCode}; its log: ${log ?? 'above'}`))
        : fetch(`http://127.0.0.1:${ports.http}`).then(
            (r) => r.ok,
            () => false,
          ),
    Boolean,
    'the isolated LiveKit node',
    20_000,
  )
  return {
    url: `ws://localhost:${ports.http}`,
    port: ports.http,
    stop: () =>
      new Promise<void>((resolve) => {
        rmSync(dir, { recursive: true, force: true })
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 2000)
      }),
  } satisfies IsolatedLiveKit
}
