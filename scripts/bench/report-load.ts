// The API-load, memory and LiveKit-capacity parts of the report (report.ts puts them in).
import type { ApiLoadResult, LoadRun } from './api-load.ts'
import type { CapacityResult } from './capacity.ts'
import { CAPACITY_LIMITS } from './capacity.ts'

export const LOAD_TARGETS = {
  /** Room-token throughput at 100 connections as a share of a bare Fastify hello-world's. */
  roomTokenShareOfBare: 0.3,
  roomTokenP99Ms: 50,
}

const verdict = (met: boolean) => (met ? 'met' : 'MISSED')
const perSecond = (run: LoadRun) => `${Math.round(run.requestsPerSecond).toLocaleString('en')} req/s`
const share = (run: LoadRun, bare: LoadRun) => run.requestsPerSecond / bare.requestsPerSecond
const percent = (value: number) => `${(value * 100).toFixed(value < 0.1 ? 1 : 0)} %`
const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MiB`
const cores = (value: number) => value.toFixed(2)

export function apiLoadRows(load: ApiLoadResult): string[][] {
  const { bare, roomToken, booking, memory } = load
  const c = load.connections
  const roomTokenMet =
    share(roomToken, bare) >= LOAD_TARGETS.roomTokenShareOfBare && roomToken.p99Ms < LOAD_TARGETS.roomTokenP99Ms
  return [
    [
      `room token (POST /api/p/room-token), ${c} connections, ${load.durationSeconds} s, median of ${load.rounds.roomToken.length} rounds`,
      `${perSecond(roomToken)} = ${percent(share(roomToken, bare))} of bare Fastify; p50 ${roomToken.p50Ms} ms, p99 ${roomToken.p99Ms} ms`,
      `≥ ${percent(LOAD_TARGETS.roomTokenShareOfBare)} of bare, p99 < ${LOAD_TARGETS.roomTokenP99Ms} ms`,
      verdict(roomTokenMet && roomToken.non2xx + roomToken.errors === 0),
    ],
    [
      `booking (POST /api/staff/appointments), ${c} connections, ${load.durationSeconds} s`,
      `${perSecond(booking)} = ${percent(share(booking, bare))} of bare Fastify; p50 ${booking.p50Ms} ms, p99 ${booking.p99Ms} ms`,
      '(none)',
      booking.non2xx + booking.errors === 0 ? '–' : 'ERRORS',
    ],
    [
      'memory (RSS): idle → max under the loads above',
      `api ${mib(memory.idle.api)} → ${mib(Math.max(memory.roomTokenMax.api, memory.bookingMax.api))}, ` +
        `worker ${mib(memory.idle.worker)} → ${mib(Math.max(memory.roomTokenMax.worker, memory.bookingMax.worker))}`,
      '(none)',
      '–',
    ],
  ]
}

export function apiLoadDetails(load: ApiLoadResult): string {
  const { bare, roomToken, booking, memory, mails } = load
  const run = (name: string, r: LoadRun) =>
    `${name} ${perSecond(r)}, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.serverCpuMsPerRequest.toFixed(3)} ms CPU per request ` +
    `(${cores(r.serverCores)} cores${r.postgresCpuMsPerRequest === null ? '' : `; Postgres ${r.postgresCpuMsPerRequest.toFixed(3)} ms`})${r.non2xx + r.errors > 0 ? `, ${r.non2xx} non-2xx and ${r.errors} errors` : ''}`
  const rounds = load.rounds.bare.map(
    (bareRate, i) =>
      `${Math.round(bareRate).toLocaleString('en')} / ${Math.round(load.rounds.roomToken[i] ?? 0).toLocaleString('en')} ` +
      `(${percent((load.rounds.roomToken[i] ?? 0) / bareRate)})`,
  )
  return [
    `${run('bare Fastify', bare)}; ${run('room token', roomToken)} (the median round); ${run('booking', booking)}`,
    `req/s per round, bare Fastify / room token (share): ${rounds.join(', ')}`,
    `RSS max during the room-token load: api ${mib(memory.roomTokenMax.api)}, worker ${mib(memory.roomTokenMax.worker)}; ` +
      `during the booking load and until its invitations were sent: api ${mib(memory.bookingMax.api)}, worker ${mib(memory.bookingMax.worker)}`,
    `the ${mails.booked.toLocaleString('en')} bookings' invitations were all sent ` +
      (mails.drainSeconds === null ? 'NOT within 180 s' : `${mails.drainSeconds.toFixed(1)} s after the load ended`),
  ].join('; ')
}

export function capacityRows(capacity: CapacityResult): string[][] {
  const knee = capacity.steps.find((step) => step.appointments === capacity.knee)
  return [
    [
      'two-person appointments on one LiveKit node, 640×360 15 fps video + audio each way',
      knee
        ? `${capacity.knee} at once (loss ${Math.max(knee.videoLossPercent, knee.audioLossPercent).toFixed(2)} %); ` +
          `LiveKit ${cores(knee.livekitCores / knee.appointments)} cores per appointment, ` +
          `the clients ${cores(knee.clientCores / knee.appointments)}`
        : `none held (${capacity.stoppedBecause})`,
      '(none: find the knee)',
      '–',
    ],
  ]
}

export function capacityDetails(capacity: CapacityResult): string {
  const steps = capacity.steps.map(
    (step) =>
      `${step.appointments}: loss ${step.videoLossPercent.toFixed(2)} % video / ${step.audioLossPercent.toFixed(2)} % audio, ` +
      `${step.receivedFps.toFixed(1)} fps, LiveKit ${cores(step.livekitCores)} cores, clients ${cores(step.clientCores)}, ` +
      `machine ${Math.round(step.machineBusy * 100)} % busy`,
  )
  // The largest step that held says most about LiveKit's cost per appointment.
  const basis = capacity.steps.find((step) => step.appointments === capacity.knee) ?? capacity.steps.at(-1)
  const perAppointment = basis ? basis.livekitCores / basis.appointments : 0
  const extrapolated =
    perAppointment > 0
      ? `; LiveKit alone, extrapolated linearly to 80 % of ${capacity.cores} cores: about ` +
        `${Math.floor((0.8 * capacity.cores) / perAppointment)} appointments (an upper bound, not a measurement)`
      : ''
  return `per step (appointments: …): ${steps.join('; ')}; stopped: ${capacity.stoppedBecause}${extrapolated}`
}

export function apiLoadMethod(load: ApiLoadResult): string {
  return (
    `How the API load is measured: autocannon (in the benchmark process) keeps ${load.connections} connections busy for ` +
    `${load.durationSeconds} s per run. A bare Fastify hello-world (\`scripts/bench/bare-fastify.ts\`: no plugins, no ` +
    "logger; its own process, same Node binary) and the room token of the stack's API process (logging at `info`, as " +
    `deployed) take turns for ${load.rounds.roomToken.length} rounds, after a ${load.warmUpSeconds} s warm-up of each ` +
    'with the same settings; the round whose room-token share of bare Fastify is the median is reported, with the ' +
    'figures of every round (the machine, a VM, drifts: one pair of runs of the same code gave shares from 18 to 25 %). ' +
    'The room token is asked for again and again ' +
    'for one citizen who opened the link, consented, waited and was admitted through the API, then opened the link again ' +
    `until each connection has a session of its own (${load.connections} sessions, used in turn): each request looks up ` +
    'its session (one joined query; the lookups that arrive together go to Postgres as one), checks the join window, ' +
    'has LiveKit create the room if needed (CreateRoom, shared by ' +
    'requests for the same room while one is under way) and signs a token. Each booking has a new citizen e-mail and a ' +
    'start days ahead; it writes appointment, participant and outbox rows in one transaction. The worker keeps running and ' +
    'sends the invitations meanwhile, as in production; the benchmark waits until all are sent. CPU per request is the ' +
    "serving process's user + system time (`/proc/<pid>/stat`) over the measured run divided by the answers: unlike req/s, " +
    'it hardly depends on what else the machine is doing. Postgres CPU per request is the same for the backends ' +
    "connected to the stack's database (the api's and the worker's pools). Memory is VmRSS from `/proc/<pid>/status` " +
    'of the api and worker processes, idle after the preparation, and sampled every 200 ms during each load for the maximum. Postgres, Redis, ' +
    'LiveKit and autocannon share the same two cores.'
  )
}

export function capacityMethod(capacity: CapacityResult): string {
  const hold = capacity.steps[0]?.holdSeconds ?? 15
  return (
    'How the LiveKit capacity is measured: each appointment is a room made as the API makes it (CreateRoom, ' +
    '`maxParticipants` 2, a token with the same grants) with two real WebRTC participants (`@livekit/rtc-node`, all in one ' +
    'client process, `scripts/bench/capacity-clients.ts`). Each publishes a 640×360 moving gradient at 15 fps (VP8 with ' +
    'simulcast, at most 450 kbit/s, like the browser client) and a 440 Hz tone, and subscribes to the other. The number ' +
    "of appointments steps up; once every new participant receives the other side's video and after 3 s of settling, " +
    `the step is held ${Math.round(hold)} s. Loss is what the subscribers' receivers count (packets lost / expected, ` +
    'inbound RTP statistics of the SDK), fps the video frames they decode. CPU is user + system time from ' +
    '`/proc/<pid>/stat` of the LiveKit server and of the client process, in cores (1.00 = one core busy), and the whole ' +
    `machine's busy share from \`/proc/stat\`. Stepping stops at ${CAPACITY_LIMITS.lossPercent} % loss, at ` +
    `${Math.round(CAPACITY_LIMITS.machineBusy * 100)} % machine CPU or after about 4.5 minutes; the knee is the last step ` +
    `below both limits. On this ${capacity.cores}-core machine the clients, which encode and decode every stream, need ` +
    'far more CPU than LiveKit, which only forwards packets; so the knee says what this machine carries with its own ' +
    "load generator, and LiveKit's CPU per appointment says what a node of its own would carry (about " +
    '0.8 × cores ÷ that, if it grows linearly, which it need not).'
  )
}
