// Benchmark A: from the advisor's "admit" click to the first frame of the advisor's video
// shown in the citizen's browser, over the real product path (API, e-mail, portal, LiveKit).
//
// Run by `./run bench` as a child process with the bench stack's variables in its
// environment (the test support code reads them through tests/support/test-env.ts). A
// process of its own because Playwright exits the process on Ctrl-C; the runner must
// outlive it to stop the stack. Progress goes to stderr, the result as JSON to stdout.
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { Db } from '../../packages/db/src/index.ts'
import { launchChromium } from '../../tests/support/browser.ts'
import { openTestDb } from '../../tests/support/fixtures.ts'
import { asParticipant, GREEN_DEVICE_CHECK } from '../../tests/support/participant.ts'
import { advisorOpensAppointment, bookedAppointment, mediaContext, waitFor } from '../../tests/support/scenario.ts'
import { testEnv } from '../../tests/support/test-env.ts'

export const MEASURED_RUNS = 10
/** The first run pays for cold caches (Chromium, Vite's chunks, database plans); it is not counted. */
export const WARM_UP_RUNS = 1

/** One admission; times in ms after the admit click. */
export interface JoinRun {
  /** The first remote video frame was handed to the compositor in the citizen's page. */
  firstFrameMs: number
  /** The waiting room shows "you are being brought in" (the admission arrived over SSE). */
  admittedCueMs: number | null
  /** The citizen's page asked the API for its LiveKit token, i.e. started to join the call. */
  roomTokenRequestMs: number | null
  /** The page's first peer connection to LiveKit exists (signalling has answered the join). */
  peerConnectionMs: number | null
  /** A peer connection of the page is connected (ICE and DTLS done). */
  connectedMs: number | null
  /** The first packet of remote video arrived. */
  firstRemoteVideoPacketMs: number | null
  /** The page's own camera is sending; null when not before the first remote frame. */
  ownVideoSentMs: number | null
}

export interface JoinLatencyResult {
  warmUpRuns: number
  runs: JoinRun[]
}

/** A device check result as the portal stores it after a clean check; the lobby needs one. */
/** Wall-clock times (ms since the epoch) the citizen's page records for itself. */
interface PageMarks {
  firstFrameAt?: number
  admittedCueAt?: number
  peerConnectionAt?: number
  connectedAt?: number
  firstRemoteVideoPacketAt?: number
  ownVideoSentAt?: number
}

/**
 * Runs in the citizen's page before admission. Records, on the page's own clock converted
 * to wall-clock time, when the admission cue appears and when the first frame of a remote
 * video is presented. The remote tile's <video> does not exist yet, so a MutationObserver
 * catches it as soon as LiveKit's components add it.
 */
const watchAdmission = () => {
  const marks: PageMarks = {}
  ;(window as unknown as { __benchMarks: PageMarks }).__benchMarks = marks
  const wallClock = (highResTime: number) => performance.timeOrigin + highResTime
  const watched = new WeakSet<HTMLVideoElement>()
  const look = () => {
    if (marks.admittedCueAt === undefined && document.querySelector('.admitted-cue')) {
      marks.admittedCueAt = wallClock(performance.now())
    }
    const remoteVideos = document.querySelectorAll<HTMLVideoElement>(
      '.lk-participant-tile[data-lk-local-participant="false"] video',
    )
    for (const video of remoteVideos) {
      if (watched.has(video)) continue
      watched.add(video)
      // presentationTime: when the frame went to the compositor, not when this callback runs.
      video.requestVideoFrameCallback((_now, frame) => {
        marks.firstFrameAt ??= wallClock(frame.presentationTime)
        observer.disconnect()
      })
    }
  }
  const observer = new MutationObserver(look)
  observer.observe(document.body, { subtree: true, childList: true, attributes: true })
  look()
  // The steps in between, from the page's peer connections (recorded by mediaContext), every
  // 25 ms until the first frame: where the time goes when a run is slow.
  const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
  const existing = connections.length
  const poll = window.setInterval(async () => {
    const frameSeen = marks.firstFrameAt !== undefined
    // A packet noticed only after the frame it carried was shown arrived by then at the latest.
    const now = Math.min(wallClock(performance.now()), marks.firstFrameAt ?? Number.POSITIVE_INFINITY)
    for (const pc of connections.slice(existing)) {
      marks.peerConnectionAt ??= now
      if (pc.connectionState === 'connected') marks.connectedAt ??= now
      for (const report of (await pc.getStats()).values()) {
        if (report.kind !== 'video') continue
        if (report.type === 'inbound-rtp' && report.packetsReceived > 0) marks.firstRemoteVideoPacketAt ??= now
        if (report.type === 'outbound-rtp' && report.packetsSent > 0 && !frameSeen) marks.ownVideoSentAt ??= now
      }
    }
    if (frameSeen && marks.firstRemoteVideoPacketAt !== undefined) window.clearInterval(poll)
  }, 25)
}

/** Reads the marks, and when the page's request for a LiveKit token started (Resource Timing). */
const readMarks = (since: number) => {
  const marks = (window as unknown as { __benchMarks: PageMarks }).__benchMarks
  const tokenRequest = performance
    .getEntriesByType('resource')
    .map((entry) => ({ url: entry.name, at: performance.timeOrigin + entry.startTime }))
    .find((request) => request.url.endsWith('/api/p/room-token') && request.at >= since)
  return { ...marks, roomTokenRequestAt: tokenRequest?.at }
}

/** Video packets this page has sent over all its peer connections (recorded by mediaContext). */
const outboundVideoPackets = async () => {
  let packets = 0
  for (const pc of (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections) {
    for (const report of (await pc.getStats()).values()) {
      if (report.type === 'outbound-rtp' && report.kind === 'video') packets += report.packetsSent ?? 0
    }
  }
  return packets
}

/** Page errors and failed requests of a page, reported when a run fails (a blank page says nothing). */
function recordProblems(who: string, page: Page, problems: string[]) {
  page.on('pageerror', (error) => problems.push(`${who}: page error: ${error.message}`))
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${who}: ${response.status()} ${response.url()}`)
  })
}

/** Screenshots of both sides next to the stack's logs, to see where a failed run stopped. */
async function keepScreenshots(pages: Record<string, Page | undefined>) {
  const dir = testEnv.STACK_LOG_DIR
  if (!dir) return
  for (const [who, page] of Object.entries(pages)) {
    await page?.screenshot({ path: path.join(dir, `join-latency-failed-${who}.png`) }).catch(() => {})
  }
}

async function oneAdmission(browser: Browser, db: Db, advisorSettleMs: number): Promise<JoinRun> {
  const booked = await bookedAppointment(db, { startsInMinutes: 2 })
  const citizenContext = await mediaContext(browser)
  const advisorContext = await mediaContext(browser)
  const pages: Record<'citizen' | 'advisor', Page | undefined> = { citizen: undefined, advisor: undefined }
  const problems: string[] = []
  try {
    // Citizen: personal link → consent (UI) → device check result (API, the check's UI
    // takes a minute and is not what we measure) → lobby → waiting room.
    const citizen = await citizenContext.newPage()
    pages.citizen = citizen
    recordProblems('citizen', citizen, problems)
    await citizen.goto(booked.link)
    await citizen.getByRole('button', { name: 'Ich stimme zu' }).click()
    await citizen.getByRole('button', { name: 'Prüfung starten' }).waitFor()
    const stored = await asParticipant(citizenContext, 'POST', '/api/p/device-check/result', GREEN_DEVICE_CHECK)
    if (stored.status !== 201) throw new Error(`storing the device check failed: ${stored.status}`)
    await citizen.reload()
    await citizen.getByRole('button', { name: 'Beratungsraum betreten' }).click()
    await citizen.getByRole('heading', { name: 'Sie sind im Wartebereich' }).waitFor()

    // Advisor: signs in, opens the appointment, joins the call and is sending video.
    const advisor = await advisorOpensAppointment(advisorContext, booked.advisor, booked.appointmentId)
    pages.advisor = advisor
    recordProblems('advisor', advisor, problems)
    await advisor.getByRole('button', { name: 'Gespräch beitreten' }).click()
    await advisor.locator('.lk-participant-tile[data-lk-local-participant="true"]').first().waitFor()
    await waitFor(
      () => advisor.evaluate(outboundVideoPackets),
      (packets) => packets > 0,
      'the advisor to send video',
    )
    // By default the advisor admits the moment their video goes out. Then in about half the
    // runs the citizen's first frame waits a second longer (most likely the SFU waiting for a
    // just-started publisher's next keyframe; not confirmed in LiveKit's logs); an advisor who
    // has been in the call for a few seconds (`--advisor-settle-ms 3000`) showed no such runs.
    if (advisorSettleMs > 0) await new Promise((resolve) => setTimeout(resolve, advisorSettleMs))
    const admit = advisor.getByRole('button', { name: `${booked.citizenName} hereinholen` })
    await admit.waitFor()

    // The citizen's page in front, as for a person looking at it: LiveKit's adaptive stream
    // does not deliver video to a hidden page, and hidden pages present no frames.
    await citizen.bringToFront()
    await citizen.evaluate(watchAdmission)
    const clickedAt = Date.now()
    await admit.click()
    await citizen.waitForFunction(
      () => (window as unknown as { __benchMarks: PageMarks }).__benchMarks.firstFrameAt !== undefined,
      undefined,
      { timeout: 30_000 },
    )
    // The peer-connection marks are polled every 25 ms: give the last poll its turn.
    await citizen
      .waitForFunction(
        () => (window as unknown as { __benchMarks: PageMarks }).__benchMarks.firstRemoteVideoPacketAt !== undefined,
        undefined,
        { timeout: 1000 },
      )
      .catch(() => {})
    const marks = await citizen.evaluate(readMarks, clickedAt)
    if (marks.firstFrameAt === undefined) throw new Error('no first frame recorded')
    const after = (at: number | undefined) => (at === undefined ? null : Math.round(at - clickedAt))
    return {
      firstFrameMs: Math.round(marks.firstFrameAt - clickedAt),
      admittedCueMs: after(marks.admittedCueAt),
      roomTokenRequestMs: after(marks.roomTokenRequestAt),
      peerConnectionMs: after(marks.peerConnectionAt),
      connectedMs: after(marks.connectedAt),
      firstRemoteVideoPacketMs: after(marks.firstRemoteVideoPacketAt),
      ownVideoSentMs: after(marks.ownVideoSentAt),
    }
  } catch (error) {
    await keepScreenshots(pages)
    if (problems.length > 0 && error instanceof Error) error.message += `\nseen before:\n${problems.join('\n')}`
    throw error
  } finally {
    await citizenContext.close()
    await advisorContext.close()
  }
}

export async function measureJoinLatency(
  log: (message: string) => void,
  stop: AbortSignal,
  options: { advisorSettleMs?: number } = {},
): Promise<JoinLatencyResult> {
  const db = openTestDb()
  const browser = await launchChromium()
  try {
    const runs: JoinRun[] = []
    for (let run = 1; run <= WARM_UP_RUNS + MEASURED_RUNS; run++) {
      stop.throwIfAborted()
      const warmUp = run <= WARM_UP_RUNS
      const result = await oneAdmission(browser, db, options.advisorSettleMs ?? 0).catch((error: Error) => {
        throw new Error(`admission run ${run} failed: ${error.message}`, { cause: error })
      })
      log(`run ${run}${warmUp ? ' (warm-up)' : ''}: first remote frame ${result.firstFrameMs} ms after the admit click`)
      if (!warmUp) runs.push(result)
    }
    return { warmUpRuns: WARM_UP_RUNS, runs }
  } finally {
    await browser.close()
    await db.destroy()
  }
}

if (import.meta.main) {
  // On SIGTERM (the runner stopping), Playwright closes the browser, so the current run
  // fails, and no further run starts. That failure is expected: say so instead of its stack.
  const stop = new AbortController()
  process.once('SIGTERM', () => stop.abort())
  try {
    const log = (message: string) => process.stderr.write(`[join-latency] ${message}\n`)
    // Alone: node scripts/bench/join-latency.ts [--advisor-settle-ms N]
    const settleIndex = process.argv.indexOf('--advisor-settle-ms')
    const advisorSettleMs = settleIndex > 0 ? Number(process.argv[settleIndex + 1]) : 0
    if (!Number.isFinite(advisorSettleMs) || advisorSettleMs < 0)
      throw new Error('--advisor-settle-ms needs a number ≥ 0')
    process.stdout.write(`${JSON.stringify(await measureJoinLatency(log, stop.signal, { advisorSettleMs }))}\n`)
  } catch (error) {
    if (!stop.signal.aborted) throw error
    process.stderr.write('[join-latency] stopped\n')
    process.exitCode = 143
  }
}
