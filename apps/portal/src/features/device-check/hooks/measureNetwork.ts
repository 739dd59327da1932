import type { CheckAccess } from '@videotermin/contracts'
import type { LocalTrack, RemoteTrack, Room } from 'livekit-client'
import {
  downloadKbps,
  type MediaProtocol,
  type ReceiveSample,
  receiveSample,
  type SendSample,
  selectedProtocol,
  sendSample,
  statsList,
  summarise,
} from './rtcStats.ts'

type LiveKit = typeof import('livekit-client')

export interface NetworkMeasurement {
  /** How media flowed; null when no candidate pair carried media. */
  protocol: MediaProtocol | null
  uploadKbps: number | null
  downloadKbps: number | null
  rttMs: number | null
  packetLossPercent: number | null
}

/** Ceiling for the probe: enough to tell "fine for video" (a call needs ~1–2 Mbit/s) from "too little". */
const PROBE_MAX_BITRATE = 2_500_000
/** An upload rate near this is the probe's ceiling, not the line's: the line can do at least this much. */
export const PROBE_CEILING_KBPS = (PROBE_MAX_BITRATE / 1000) * 0.9
const PROBE_FPS = 15
const PROBE_WIDTH = 480
const PROBE_HEIGHT = 270
/** The encoder and the browser's bandwidth estimate ramp up first; we only count what follows. */
const RAMP_UP_MS = 2500
const WINDOW_MS = 4000
const SAMPLE_EVERY_MS = 500

/**
 * Measures the path to the media server the way a call uses it: joins the check room with the
 * check token, publishes a probe video track and reads the sender's WebRTC statistics.
 *
 * Why this and not the numbers of livekit-client's ConnectionProtocolCheck: that check labels
 * its first phase "udp" without forcing UDP (livekit-client has no "force-udp"), so it says
 * "udp" even when media ran over TCP, and it takes over 20 s; its bitrate is the encoder's
 * target, not what was sent. Here:
 * - protocol: the local candidate of the selected ICE pair (relay → TURN, else UDP or TCP);
 * - upload: outbound-rtp bytes (payload + headers) sent in a 4 s window after a 2.5 s ramp-up.
 *   The probe is random noise, which no encoder can compress, so the encoder sends as much as the
 *   browser's congestion control allows, up to 2.5 Mbit/s. It is a measured lower bound of the
 *   upload capacity, capped at the probe's ceiling;
 * - RTT and packet loss: the media server's RTCP receiver reports (remote-inbound-rtp
 *   roundTripTime, packetsLost) for the probe, with ICE's currentRoundTripTime as RTT fallback.
 * - download: a second connection of this page (the check's receiver identity, which may only
 *   subscribe) takes the probe back from the media server: inbound-rtp bytes in the same
 *   window. The media server forwards at most what the probe sends and what its congestion
 *   control lets through towards us, so this too is a measured lower bound, capped by the
 *   upload; null when the receiver could not connect or received nothing (never guessed).
 * Random noise instead of the camera also means the citizen's picture is not sent for this.
 */
export async function measureNetwork(
  livekit: LiveKit,
  access: CheckAccess,
  signal: AbortSignal,
  /** Sent instead of the probe where a browser cannot capture a canvas (then: no upload rate for audio). */
  fallback?: MediaStreamTrack,
): Promise<NetworkMeasurement> {
  const room = new livekit.Room({ adaptiveStream: false, dynacast: false })
  const receiver = new livekit.Room({ adaptiveStream: false, dynacast: false })
  const probe = createProbeTrack() ?? cloneTrack(fallback)
  if (!probe) throw new Error('nothing to send')
  let published: LocalTrack | undefined
  const abort = () => {
    void room.disconnect()
    void receiver.disconnect()
  }
  signal.addEventListener('abort', abort, { once: true })
  try {
    // The receiving side is a bonus: without it the upload, RTT and loss still count.
    const receiving = receiver
      .connect(access.serverUrl, access.receiverToken, { autoSubscribe: true })
      .then(() => true)
      .catch(() => false)
    await room.connect(access.serverUrl, access.token, { autoSubscribe: false })
    signal.throwIfAborted()
    const publication = await room.localParticipant.publishTrack(probe.track, {
      name: 'device-check-probe',
      // The check token may publish camera and microphone only.
      source: livekit.Track.Source.Camera,
      simulcast: false,
      videoCodec: 'vp8',
      dtx: false,
      videoEncoding: { maxBitrate: PROBE_MAX_BITRATE, maxFramerate: PROBE_FPS },
      degradationPreference: 'maintain-resolution',
    })
    published = publication.track
    if (!published) throw new Error('probe not published')

    const receiverUp = await receiving
    const samples: SendSample[] = []
    const received: ReceiveSample[] = []
    let protocol: MediaProtocol | null = null
    const started = performance.now()
    while (performance.now() - started < RAMP_UP_MS + WINDOW_MS) {
      await sleep(SAMPLE_EVERY_MS, signal)
      const inWindow = () => performance.now() - started >= RAMP_UP_MS
      const report = await published.getRTCStatsReport()
      if (report) {
        const stats = statsList(report)
        protocol = selectedProtocol(stats) ?? protocol
        const sample = sendSample(stats)
        if (sample && inWindow()) samples.push(sample)
      }
      const incoming = receiverUp ? await receivedProbe(receiver)?.getRTCStatsReport() : undefined
      const sample = incoming ? receiveSample(statsList(incoming)) : null
      if (sample && inWindow()) received.push(sample)
    }
    const summary = summarise(samples)
    // Media that never left is no connection, whatever ICE said.
    const flowed = summary.uploadKbps !== null
    // A few dozen kbit/s of speech say nothing about the capacity.
    const video = probe.track.kind === 'video'
    return {
      ...summary,
      protocol: flowed ? protocol : null,
      uploadKbps: video ? summary.uploadKbps : null,
      downloadKbps: video && flowed ? downloadKbps(received) : null,
    }
  } finally {
    signal.removeEventListener('abort', abort)
    probe.stop()
    await Promise.all([room.disconnect(), receiver.disconnect()])
  }
}

/** The probe as the receiving side got it; undefined until the subscription stands. */
function receivedProbe(receiver: Room): RemoteTrack | undefined {
  for (const participant of receiver.remoteParticipants.values()) {
    for (const publication of participant.trackPublications.values()) {
      if (publication.track) return publication.track
    }
  }
  return undefined
}

/** A canvas of fresh random pixels each frame, captured as a video track; null where canvas capture is missing. */
function createProbeTrack() {
  const canvas = document.createElement('canvas')
  canvas.width = PROBE_WIDTH
  canvas.height = PROBE_HEIGHT
  const context = canvas.getContext('2d')
  if (!context || typeof canvas.captureStream !== 'function') return null
  const image = context.createImageData(PROBE_WIDTH, PROBE_HEIGHT)
  const pixels = new Uint32Array(image.data.buffer)
  const CHUNK = 16_384 // getRandomValues fills at most 64 KiB at a time
  const draw = () => {
    for (let i = 0; i < pixels.length; i += CHUNK) crypto.getRandomValues(pixels.subarray(i, i + CHUNK))
    for (let i = 0; i < pixels.length; i++) pixels[i] = (pixels[i] ?? 0) | 0xff000000 // opaque
    context.putImageData(image, 0, 0)
  }
  draw()
  const timer = window.setInterval(draw, 1000 / PROBE_FPS)
  const track = canvas.captureStream(PROBE_FPS).getVideoTracks()[0]
  if (!track) {
    window.clearInterval(timer)
    return null
  }
  return {
    track,
    stop: () => {
      window.clearInterval(timer)
      track.stop()
    },
  }
}

function cloneTrack(track: MediaStreamTrack | undefined) {
  if (track?.readyState !== 'live') return null
  const clone = track.clone()
  return { track: clone, stop: () => clone.stop() }
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    signal.throwIfAborted()
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
