// Benchmark F: how many two-person appointments one LiveKit node carries on this machine.
// Steps up the number of concurrent appointments; in each, both participants are real
// WebRTC clients (capacity-clients.ts, one child process for all of them) publishing
// 640×360 video at 15 fps and audio and subscribing to each other. Rooms and tokens are
// made the way the API makes them (ensureRoom, mintRoomToken). Per step, after the new
// participants see each other and a short settling time: packet loss as the subscribers
// count it, the video frames they decode, and the CPU of LiveKit, of the clients and of
// the whole machine over the hold time. Stops at 1 % loss, a saturated machine, or the
// time budget; the knee is the last step below both limits.
//
// Alone, against a running test stack (slot 1 by default):
//   node scripts/bench/capacity.ts [.run/test-stack-1.env] [--steps 1,2] [--hold 10] [--ignore-saturation]
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { RoomServiceClient } from 'livekit-server-sdk'
import { ensureRoom, mintRoomToken } from '../../apps/api/src/modules/calls/room.service.ts'
import type { ClientMessage, ClientReply, ClientStats } from './capacity-clients.ts'
import { cpuMeter, pidListeningOn } from './process-stats.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

export const CAPACITY_LIMITS = { lossPercent: 1, machineBusy: 0.95 }

export interface CapacityStep {
  appointments: number
  holdSeconds: number
  videoLossPercent: number
  audioLossPercent: number
  /** Video frames decoded per second, averaged over all subscribers (sent: 15). */
  receivedFps: number
  /** CPU in cores (1 = one core fully busy) over the hold time. */
  livekitCores: number
  clientCores: number
  /** Busy share of all the machine's cores (0-1), everything on it included. */
  machineBusy: number
}

export interface CapacityResult {
  steps: CapacityStep[]
  /** The most appointments that stayed under 1 % loss without saturating the machine; 0 if none did. */
  knee: number
  stoppedBecause: string
  cores: number
}

export interface CapacityOptions {
  livekitUrl: string
  apiKey: string
  apiSecret: string
  steps?: number[]
  holdSeconds?: number
  /** Stop stepping up when the next step would end after this many seconds. */
  budgetSeconds?: number
  settleSeconds?: number
  /** Carry on past a saturated machine (for trying the script out on a busy one). */
  ignoreSaturation?: boolean
  /** Asked before and during each step: true ends the stepping (Ctrl-C). */
  shouldStop?: () => boolean
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The client process, and a way to ask it something and wait for its answer. */
function startClients() {
  const child: ChildProcess = spawn(process.execPath, ['scripts/bench/capacity-clients.ts'], {
    cwd: ROOT,
    // The SDK logs to stdout; keep this process's stdout for results.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Nothing of this process's environment is needed; production keeps the SDK's log quiet.
    env: { NODE_ENV: 'production', RUST_LOG: 'error' },
  })
  child.stdout?.pipe(process.stderr)
  child.stderr?.pipe(process.stderr)
  let exited: string | undefined
  child.once('exit', (code, signal) => {
    exited = `the capacity clients exited (${signal ?? code})`
  })
  const ask = <T extends ClientReply['type']>(message: ClientMessage, answer: T, timeoutMs = 60_000) =>
    new Promise<Extract<ClientReply, { type: T }>>((resolve, reject) => {
      if (exited) return reject(new Error(exited))
      const timer = setTimeout(() => {
        child.off('message', onMessage)
        reject(new Error(`the capacity clients did not answer '${message.type}' within ${timeoutMs} ms`))
      }, timeoutMs)
      const onMessage = (reply: ClientReply) => {
        if (reply.type !== answer) return
        clearTimeout(timer)
        child.off('message', onMessage)
        resolve(reply as Extract<ClientReply, { type: T }>)
      }
      child.on('message', onMessage)
      child.send(message)
    })
  const stop = async () => {
    if (exited) return
    const gone = new Promise((resolve) => child.once('exit', resolve))
    await ask({ type: 'leave' }, 'left', 20_000).catch(() => child.kill('SIGKILL'))
    await Promise.race([gone, sleep(5000)])
    if (!exited) child.kill('SIGKILL')
  }
  return { child, ask, stop }
}

function lossPercent(before: { packetsReceived: number; packetsLost: number }, after: typeof before): number {
  const lost = after.packetsLost - before.packetsLost
  const received = after.packetsReceived - before.packetsReceived
  return received + lost > 0 ? (Math.max(0, lost) / (received + lost)) * 100 : 0
}

export async function measureCapacity(options: CapacityOptions): Promise<CapacityResult> {
  const steps = options.steps ?? [1, 2, 4, 6, 8, 10, 12, 14, 16, 20, 24]
  const holdSeconds = options.holdSeconds ?? 15
  const settleSeconds = options.settleSeconds ?? 3
  const budgetMs = (options.budgetSeconds ?? 270) * 1000
  const startedAt = Date.now()
  const livekitPid = pidListeningOn(Number(new URL(options.livekitUrl).port))
  const rooms = new RoomServiceClient(options.livekitUrl.replace(/^ws/, 'http'), options.apiKey, options.apiSecret)
  const config = {
    LIVEKIT_API_KEY: options.apiKey,
    LIVEKIT_API_SECRET: options.apiSecret,
    LIVEKIT_TOKEN_TTL_SECONDS: 600,
  }
  const clients = startClients()
  const roomNames: string[] = []
  const results: CapacityStep[] = []
  let stoppedBecause = 'all steps done'
  let knee = 0
  let lastStepMs = 0
  try {
    for (const appointments of steps) {
      if (options.shouldStop?.()) {
        stoppedBecause = 'interrupted'
        break
      }
      const elapsed = Date.now() - startedAt
      if (results.length > 0 && elapsed + lastStepMs * 1.3 > budgetMs) {
        stoppedBecause = `time budget (${Math.round(budgetMs / 1000)} s)`
        break
      }
      let step: CapacityStep
      const stepStarted = Date.now()
      try {
        const newRooms: { name: string; tokens: string[] }[] = []
        for (let index = roomNames.length; index < appointments; index++) {
          const appointmentId = randomUUID()
          const name = await ensureRoom(rooms, { appointmentId, participantCount: () => 1, departureTimeoutSeconds: 2 })
          const tokens = ['citizen', 'advisor'].map((who) =>
            mintRoomToken(config, { roomName: name, identity: `${who}-${index}`, displayName: `Last ${who}` }),
          )
          roomNames.push(name)
          newRooms.push({ name, tokens })
        }
        const joined = await clients.ask({ type: 'join', url: options.livekitUrl, rooms: newRooms }, 'joined')
        if (joined.failed > 0) {
          stoppedBecause = `${joined.failed} participant(s) could not join at ${appointments} appointments: ${joined.error}`
          break
        }
        // Everyone sees the other side's video before the clock starts.
        const deadline = Date.now() + 20_000
        for (;;) {
          const { stats } = await clients.ask({ type: 'stats' }, 'stats')
          if (stats.withoutRemoteVideo === 0) break
          if (Date.now() > deadline) throw new Error(`${stats.withoutRemoteVideo} participant(s) never got video`)
          await sleep(500)
        }
        await sleep(settleSeconds * 1000)
        const before: ClientStats = (await clients.ask({ type: 'stats' }, 'stats')).stats
        const cpu = cpuMeter({ livekit: livekitPid, clients: clients.child.pid ?? 0 })
        const holdEnds = Date.now() + holdSeconds * 1000
        while (Date.now() < holdEnds) {
          if (options.shouldStop?.()) throw new Error('interrupted')
          await sleep(Math.min(500, holdEnds - Date.now()))
        }
        const usage = cpu.read()
        const after: ClientStats = (await clients.ask({ type: 'stats' }, 'stats')).stats
        step = {
          appointments,
          holdSeconds: usage.seconds,
          videoLossPercent: lossPercent(before.video, after.video),
          audioLossPercent: lossPercent(before.audio, after.audio),
          receivedFps: (after.video.framesDecoded - before.video.framesDecoded) / usage.seconds / after.participants,
          livekitCores: usage.cores.livekit ?? 0,
          clientCores: usage.cores.clients ?? 0,
          machineBusy: usage.machineBusy,
        }
        if (after.statsMissing > 0) throw new Error(`${after.statsMissing} participant(s) gave no statistics`)
      } catch (error) {
        // A starved or failed client ends the stepping; the steps so far still count.
        stoppedBecause = `at ${appointments} appointments: ${(error as Error).message}`
        break
      }
      results.push(step)
      lastStepMs = Date.now() - stepStarted
      process.stderr.write(
        `[capacity] ${appointments} appointment(s): loss video ${step.videoLossPercent.toFixed(2)} %, audio ${step.audioLossPercent.toFixed(2)} %;` +
          ` ${step.receivedFps.toFixed(1)} fps received; CPU LiveKit ${step.livekitCores.toFixed(2)},` +
          ` clients ${step.clientCores.toFixed(2)} cores; machine ${(step.machineBusy * 100).toFixed(0)} % busy\n`,
      )
      const lossy = Math.max(step.videoLossPercent, step.audioLossPercent) >= CAPACITY_LIMITS.lossPercent
      const saturated = !options.ignoreSaturation && step.machineBusy >= CAPACITY_LIMITS.machineBusy
      if (!lossy && !saturated) knee = appointments
      if (lossy || saturated) {
        stoppedBecause = lossy
          ? `packet loss reached ${CAPACITY_LIMITS.lossPercent} % at ${appointments} appointments`
          : `the machine's CPU was saturated at ${appointments} appointments`
        break
      }
    }
  } finally {
    await clients.stop()
    await Promise.allSettled(roomNames.map((name) => rooms.deleteRoom(name)))
  }
  return { steps: results, knee, stoppedBecause, cores: (await import('node:os')).availableParallelism() }
}

if (import.meta.main) {
  const args = process.argv.slice(2)
  const flag = (name: string) => {
    const index = args.indexOf(`--${name}`)
    return index >= 0 ? args.splice(index, 2)[1] : undefined
  }
  const steps = flag('steps')
    ?.split(',')
    .map((value) => Number(value))
  const hold = flag('hold')
  const ignoreSaturation = args.includes('--ignore-saturation')
  if (ignoreSaturation) args.splice(args.indexOf('--ignore-saturation'), 1)
  process.loadEnvFile(args[0] ?? path.join(ROOT, '.run/test-stack-1.env'))
  const { testEnv } = await import('../../tests/support/test-env.ts')
  const result = await measureCapacity({
    livekitUrl: testEnv.LIVEKIT_URL,
    apiKey: testEnv.LIVEKIT_API_KEY,
    apiSecret: testEnv.LIVEKIT_API_SECRET,
    ...(steps ? { steps } : {}),
    ...(hold ? { holdSeconds: Number(hold) } : {}),
    ignoreSaturation,
  })
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
}
