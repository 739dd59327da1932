// Turns benchmark results into a table for the terminal and a section of BENCHMARKS.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import type { ApiLoadResult } from './api-load.ts'
import { type Asset, type BundleSizes, sumGzip } from './bundle-size.ts'
import type { CapacityResult } from './capacity.ts'
import type { EmailThroughputResult } from './email-throughput.ts'
// Type only: loading join-latency.ts would load the test support code, which needs a stack.
import type { JoinLatencyResult } from './join-latency.ts'
import type { LiveViewLatencyResult } from './live-view-latency.ts'
import type { PurgeBenchResult } from './purge.ts'
import {
  apiLoadDetails,
  apiLoadMethod,
  apiLoadRows,
  capacityDetails,
  capacityMethod,
  capacityRows,
} from './report-load.ts'

/** What the product aims for; BENCHMARKS.md lists the same targets. */
export const TARGETS = {
  admissionToFirstFrameMedianMs: 1000,
  waitingToLiveViewMedianMs: 300,
  initialJsGzipBytes: 300 * 1024,
  purgeMs: 60_000,
  /** p99 of a read endpoint during the purge, as a multiple of the p99 without it. */
  purgeP99Factor: 2,
  /** E-mails from the outbox to accepted by the SMTP server, one worker process. */
  emailsPerSecond: 500,
}

export const MARKERS = { start: '<!-- bench:start -->', end: '<!-- bench:end -->' }

export interface MachineFacts {
  cpuCount: number
  cpuModel: string
  memoryGiB: number
  os: string
  node: string
}

export interface BenchResults {
  finishedAt: Date
  command: string
  machine: MachineFacts
  join: JoinLatencyResult
  liveView: LiveViewLatencyResult
  bundle: BundleSizes
  purge?: PurgeBenchResult
  /** One run per SMTP server: Mailpit, then the lean sink. */
  emails?: EmailThroughputResult[]
  apiLoad?: ApiLoadResult
  capacity?: CapacityResult
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus()
  // PRETTY_NAME says "Debian GNU/Linux 12 (bookworm)"; the kernel release alone says little.
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : ''
  const prettyName = release.match(/^PRETTY_NAME="?([^"\n]*)"?$/m)?.[1]
  return {
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: prettyName ?? `${os.type()} ${os.release()}`,
    node: process.version,
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** Median of the values that were measured; null when a page never showed that step. */
function medianOfPresent(values: (number | null)[]): number | null {
  const present = values.filter((value) => value !== null)
  return present.length === values.length ? median(present) : null
}

/** Runs in which the first remote video packet came only once the citizen's own camera was sending. */
const waitedForOwnVideo = (runs: JoinLatencyResult['runs']) =>
  runs.filter(
    (run) =>
      run.ownVideoSentMs !== null &&
      run.firstRemoteVideoPacketMs !== null &&
      run.firstRemoteVideoPacketMs >= run.ownVideoSentMs,
  ).length

const ms = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value)} ms`)
/** 1 KB = 1024 bytes. */
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const verdict = (met: boolean) => (met ? 'met' : 'MISSED')
const assetList = (assets: Asset[]) => assets.map((asset) => `\`${asset.name}\` ${kb(asset.gzipBytes)}`).join(', ')

/** The numbers both outputs show, computed once. */
function summarise(results: BenchResults) {
  const { join, bundle } = results
  const firstFrame = join.runs.map((run) => run.firstFrameMs)
  const joinMedian = median(firstFrame)
  const initialJs = sumGzip(bundle.initialJs)
  const view = results.liveView.runs.map((run) => run.viewMs)
  const viewMedian = median(view)
  return {
    rows: [
      ['benchmark', 'result', 'target', 'verdict'],
      [
        `admission → first remote video frame, citizen (${join.runs.length} runs)`,
        `median ${ms(joinMedian)}, max ${ms(Math.max(...firstFrame))}`,
        `median < ${ms(TARGETS.admissionToFirstFrameMedianMs)}`,
        verdict(joinMedian < TARGETS.admissionToFirstFrameMedianMs),
      ],
      [
        `citizen waiting → advisor's live view on another API process (${view.length} runs)`,
        `median ${ms(viewMedian)}, max ${ms(Math.max(...view))}`,
        `median < ${ms(TARGETS.waitingToLiveViewMedianMs)}`,
        verdict(viewMedian < TARGETS.waitingToLiveViewMedianMs),
      ],
      [
        "JavaScript of the citizen's first page load, gzip",
        `${kb(initialJs)} (${bundle.initialJs.length} file${bundle.initialJs.length === 1 ? '' : 's'})`,
        `< ${TARGETS.initialJsGzipBytes / 1024} KB`,
        verdict(initialJs < TARGETS.initialJsGzipBytes),
      ],
      ...(results.purge ? purgeRows(results.purge) : []),
      ...(results.emails ?? []).flatMap(emailRows),
      ...(results.apiLoad ? apiLoadRows(results.apiLoad) : []),
      ...(results.capacity ? capacityRows(results.capacity) : []),
    ],
    allRuns: firstFrame.join(', '),
    liveViewRuns: view.map((value) => value.toFixed(1)).join(', '),
    liveViewEvent: ms(median(results.liveView.runs.map((run) => run.eventMs))),
    breakdown:
      `the waiting room shows the admission ${ms(medianOfPresent(join.runs.map((run) => run.admittedCueMs)))}, ` +
      `the page requests its LiveKit token ${ms(medianOfPresent(join.runs.map((run) => run.roomTokenRequestMs)))}, ` +
      `its peer connection exists ${ms(medianOfPresent(join.runs.map((run) => run.peerConnectionMs)))} ` +
      `and is connected ${ms(medianOfPresent(join.runs.map((run) => run.connectedMs)))}, ` +
      `the first remote video packet arrives ${ms(medianOfPresent(join.runs.map((run) => run.firstRemoteVideoPacketMs)))}, ` +
      `the first frame is shown ${ms(joinMedian)}; in ${waitedForOwnVideo(join.runs)} of ${join.runs.length} runs ` +
      "the advisor's video arrived only after the citizen's own camera was sending",
    firstLoad: `JS ${assetList(bundle.initialJs)}; CSS ${assetList(bundle.initialCss)}`,
    lazy:
      `JS ${assetList(bundle.lazyJs.slice(0, 5))}${bundle.lazyJs.length > 5 ? ` and ${bundle.lazyJs.length - 5} more` : ''}` +
      ` (${kb(sumGzip(bundle.lazyJs))} in all); CSS ${assetList(bundle.lazyCss.slice(0, 3))}`,
  }
}

function purgeRows(purge: PurgeBenchResult): string[][] {
  const factor = purge.duringPurge.p99 / purge.baseline.p99
  return [
    [
      `purge of ${purge.participants.toLocaleString('en')} expired participants (with checks, sessions, mails)`,
      `${(purge.purgeMs / 1000).toFixed(1)} s`,
      `< ${TARGETS.purgeMs / 1000} s`,
      verdict(purge.purgeMs < TARGETS.purgeMs),
    ],
    [
      `p99 of an advisor's appointment list during the purge vs without (${purge.concurrency} in flight)`,
      `${ms(purge.duringPurge.p99)} vs ${ms(purge.baseline.p99)} (${factor.toFixed(2)}×)`,
      `< ${TARGETS.purgeP99Factor}×`,
      verdict(factor < TARGETS.purgeP99Factor),
    ],
  ]
}

const SMTP_SERVER_NAMES = { mailpit: 'Mailpit, storing', sink: 'a lean sink' } as const

function emailRows(email: EmailThroughputResult): string[][] {
  return [
    [
      `e-mails outbox → accepted by SMTP (${SMTP_SERVER_NAMES[email.smtpServer]}), one worker, ${email.mails.toLocaleString('en')} mails with calendar`,
      email.ratesOfRuns && email.ratesOfRuns.length > 1
        ? `median of ${email.ratesOfRuns.length} runs ${Math.round(email.perSecond)}/s (runs ${email.ratesOfRuns.map((r) => Math.round(r)).join(', ')}/s)`
        : `${Math.round(email.perSecond)}/s (${email.seconds.toFixed(1)} s)`,
      `≥ ${TARGETS.emailsPerSecond}/s`,
      verdict(email.perSecond >= TARGETS.emailsPerSecond),
    ],
  ]
}

/** Details of the e-mail benchmark: CPU per mail tells what a core can do, however busy the machine. */
function emailDetails(email: EmailThroughputResult): string {
  return (
    `to ${SMTP_SERVER_NAMES[email.smtpServer]} (the median run): ${email.concurrency} jobs and SMTP connections at once; CPU per mail: worker ${email.workerCpuMsPerMail.toFixed(2)} ms ` +
    `(at most ${Math.round(1000 / email.workerCpuMsPerMail)}/s on one core), SMTP server ${email.smtpCpuMsPerMail.toFixed(2)} ms, ` +
    `Postgres ${email.postgresCpuMsPerMail.toFixed(2)} ms, Redis ${email.redisCpuMsPerMail.toFixed(2)} ms, all on this machine: ` +
    `with every core doing nothing else, at most ${Math.round(email.machineCeilingPerSecond)}/s`
  )
}

/** Details of the purge benchmark, for both outputs. */
function purgeDetails(purge: PurgeBenchResult): string {
  const line = (l: PurgeBenchResult['baseline']) =>
    `${l.requests} requests, p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, max ${ms(l.max)}`
  return (
    `generating the rows took ${(purge.generateMs / 1000).toFixed(1)} s, the statistics of their days beforehand ` +
    `${(purge.statisticsMs / 1000).toFixed(1)} s (not part of the purge time); purged ${purge.purged.participants} ` +
    `participants of ${purge.purged.appointments} appointments; the read endpoint without the purge: ${line(purge.baseline)}; ` +
    `during it: ${line(purge.duringPurge)}`
  )
}

/** Columns padded to equal width; as a Markdown table, it is formatted the way biome formats one. */
function alignedTable(rows: string[][], style: 'markdown' | 'plain'): string {
  const widths = rows[0]?.map((_, column) => Math.max(3, ...rows.map((row) => (row[column] ?? '').length))) ?? []
  const line = (cells: string[]) => {
    const padded = widths.map((width, column) => (cells[column] ?? '').padEnd(width))
    return style === 'markdown' ? `| ${padded.join(' | ')} |` : padded.join('   ').trimEnd()
  }
  const [header = [], ...body] = rows
  const separator = widths.map((width) => '-'.repeat(width))
  return [line(header), line(separator), ...body.map(line)].join('\n')
}

function describeRun(results: BenchResults): string {
  const { machine, finishedAt } = results
  const when = `${finishedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const cpus = `${machine.cpuCount} × ${machine.cpuModel}`
  return `${when} · ${cpus} · ${machine.memoryGiB.toFixed(1)} GiB memory · ${machine.os} · Node ${machine.node}`
}

export function terminalReport(results: BenchResults): string {
  const summary = summarise(results)
  return [
    `${results.command} · ${describeRun(results)}`,
    '',
    alignedTable(summary.rows, 'plain'),
    '',
    `admission → first frame, every run (ms, after ${results.join.warmUpRuns} warm-up run not counted): ${summary.allRuns}`,
    `after the admit click (medians): ${summary.breakdown}`,
    `waiting → live view, every run (ms): ${summary.liveViewRuns}; the SSE event alone: median ${summary.liveViewEvent}`,
    `first page load (gzip): ${summary.firstLoad.replaceAll('`', '')}`,
    `loaded lazily (gzip, largest first): ${summary.lazy.replaceAll('`', '')}`,
    ...(results.purge ? [`purge: ${purgeDetails(results.purge)}`] : []),
    ...(results.emails ?? []).map((email) => `e-mail ${emailDetails(email)}`),
    ...(results.apiLoad ? [`API load: ${apiLoadDetails(results.apiLoad)}`] : []),
    ...(results.capacity ? [`LiveKit capacity: ${capacityDetails(results.capacity)}`] : []),
    '',
  ].join('\n')
}

/** The generated part of BENCHMARKS.md, markers included. */
export function benchmarksSection(results: BenchResults): string {
  const summary = summarise(results)
  const body = [
    `Last run: ${describeRun(results)}; command \`${results.command}\`.`,
    alignedTable(summary.rows, 'markdown'),
    [
      `- Admission → first frame, every run in ms (in order; ${results.join.warmUpRuns} warm-up run before them is not counted): ${summary.allRuns}.`,
      `- After the admit click (medians): ${summary.breakdown}.`,
      `- Waiting → live view, every run in ms (1 warm-up run not counted): ${summary.liveViewRuns}; the SSE event alone arrives after a median ${summary.liveViewEvent}.`,
      `- First page load (gzip): ${summary.firstLoad}.`,
      `- Loaded lazily (gzip, largest first): ${summary.lazy}.`,
      ...(results.purge ? [`- Purge: ${purgeDetails(results.purge)}.`] : []),
      ...(results.emails ?? []).map((email) => `- E-mail ${emailDetails(email)}.`),
      ...(results.apiLoad ? [`- API load: ${apiLoadDetails(results.apiLoad)}.`] : []),
      ...(results.capacity ? [`- LiveKit capacity: ${capacityDetails(results.capacity)}.`] : []),
    ].join('\n'),
    'How the admission is measured: each run books an appointment through the API as a signed-in advisor, ' +
      'opens the e-mailed link in headless Chromium (fake camera and microphone), consents, stores a device check result ' +
      'and enters the waiting room. The advisor, in a second browser context, joins the call and, once sending video, ' +
      'clicks "… hereinholen". The time runs from just before that click (`Date.now()` in the benchmark) to the moment ' +
      "the citizen's page hands the first frame of a remote video to the compositor (`requestVideoFrameCallback`'s " +
      "`presentationTime` plus `performance.timeOrigin`); both are the same machine's wall clock. The bundle size is the " +
      'gzip (level 6) size of the module scripts and modulepreload links in the built `index.html`; 1 KB = 1024 bytes.',
    "How the live view is measured: a second API process is started beside the stack's; the advisor signs in and " +
      'holds the staff event stream on it. Each run books, opens the link and consents; the clock starts before the ' +
      "citizen's `POST /api/p/waiting-room` on the first process and stops when the second process's `GET` of the " +
      "appointment shows the citizen waiting, after its SSE event (what the advisor's page does on each event; the " +
      "page's own rendering, a few milliseconds, is not included).",
    ...(results.purge
      ? [
          'How the purge is measured: `generate_series` inserts two participants per appointment on 40 days that ' +
            "ended 20 to 60 days ago, each with a sent invitation, a device check and a session; the worker's " +
            "daily statistics of those days run first. A second organisation's advisor then reads their appointment " +
            'list with a fixed number of requests in flight: 15 s without the purge, then during the whole purge ' +
            '(`runMaintenance`, the same function the hourly job runs, in batches of about 2000 appointments in ' +
            'storage order). Both loads run in the same process against the same API, one after the other. ' +
            'It runs last: it leaves a million dead rows in the database the other benchmarks share (autovacuum is ' +
            "off on this machine's Postgres).",
        ]
      : []),
    ...(results.emails?.length
      ? [
          'How the e-mail rate is measured: a fresh database, a Redis and an SMTP server of its own and one real ' +
            'worker process (`node apps/worker/src/main.ts`); after 20 warm-up mails, one ' +
            'transaction books 2000 appointments with their invitations (as the API does) and notifies the relay. ' +
            'The time runs from that commit to the last row marked sent, which the worker does only after the SMTP ' +
            'server accepted the mail; each mail renders HTML, text and its calendar attachment. Three runs for each ' +
            'of two SMTP servers (the median counts; the speed of this machine changes from minute to minute): Mailpit keeping every message (it parses, indexes and stores each one in SQLite, as in the ' +
            'test stack), and a lean sink (`scripts/bench/smtp-sink.ts`: smtp-server with PIPELINING, reads each ' +
            'message and answers 250, storing nothing, about what a relay MTA spends on accepting it), so the ' +
            "worker's own rate shows apart from what Mailpit takes of the same two cores. Each server's count of " +
            "messages and distinct recipients is checked afterwards. CPU per mail comes from the processes' user + " +
            'system time in `/proc`.',
        ]
      : []),
  ]
  if (results.apiLoad) body.push(apiLoadMethod(results.apiLoad))
  if (results.capacity) body.push(capacityMethod(results.capacity))
  return `${MARKERS.start}\n\n${body.join('\n\n')}\n\n${MARKERS.end}`
}

/** Replaces what lies between the markers (markers included); the rest of the file stays as it is. */
export function rewriteBenchmarksFile(file: string, section: string): void {
  const text = readFileSync(file, 'utf8')
  const start = text.indexOf(MARKERS.start)
  const end = text.indexOf(MARKERS.end)
  if (start < 0 || end < start) throw new Error(`${file} lacks the markers ${MARKERS.start} … ${MARKERS.end}`)
  writeFileSync(file, text.slice(0, start) + section + text.slice(end + MARKERS.end.length))
}
