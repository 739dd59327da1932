// The participants of the capacity benchmark (capacity.ts), in a process of their own so
// their CPU can be told apart from the benchmark's and LiveKit's. Each one is a real
// WebRTC client (@livekit/rtc-node): it publishes 640×360 video at 15 fps (a moving
// gradient, VP8 with simulcast, as the browser client sends) and a 440 Hz tone, and
// subscribes to the other participant of its room. Driven over IPC:
//   { type: 'join', url, rooms: [{ name, tokens: [a, b] }] } → { type: 'joined', failed, ms }
//   { type: 'stats' } → { type: 'stats', stats: ClientStats }
//   { type: 'leave' } → { type: 'left' }, then the process exits.
import {
  AudioFrame,
  AudioSource,
  dispose,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoCodec,
  VideoFrame,
  VideoSource,
} from '@livekit/rtc-node'

export const WIDTH = 640
export const HEIGHT = 360
export const FPS = 15
const SAMPLE_RATE = 48_000
const AUDIO_FRAME_MS = 20
const STATS_TIMEOUT_MS = 10_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export type ClientMessage =
  | { type: 'join'; url: string; rooms: { name: string; tokens: string[] }[] }
  | { type: 'stats' }
  | { type: 'leave' }

/** Counters summed over every participant's subscriptions (inbound RTP), cumulative. */
export interface ClientStats {
  participants: number
  video: { packetsReceived: number; packetsLost: number; framesDecoded: number }
  audio: { packetsReceived: number; packetsLost: number }
  /** Subscribed participants that see no video track of the other side (should be 0). */
  withoutRemoteVideo: number
  /** Participants whose statistics did not come within STATS_TIMEOUT_MS (a starved process). */
  statsMissing: number
}

export type ClientReply =
  | { type: 'joined'; failed: number; ms: number; error?: string }
  | { type: 'stats'; stats: ClientStats }
  | { type: 'left' }

interface Participant {
  room: Room
  video: VideoSource
  audio: AudioSource
  remoteVideo: boolean
}

/** 2 s of moving gradient in I420, shared by every publisher (the encoders do the work, not this loop). */
function gradientFrames(count = 2 * FPS): VideoFrame[] {
  const lumaSize = WIDTH * HEIGHT
  const chromaSize = (WIDTH / 2) * (HEIGHT / 2)
  return Array.from({ length: count }, (_, index) => {
    const data = new Uint8Array(lumaSize + 2 * chromaSize)
    const shift = index * 8
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) data[y * WIDTH + x] = (x + y + shift) & 0xff
    }
    for (let y = 0; y < HEIGHT / 2; y++) {
      for (let x = 0; x < WIDTH / 2; x++) {
        data[lumaSize + y * (WIDTH / 2) + x] = (x * 2 + shift) & 0xff
        data[lumaSize + chromaSize + y * (WIDTH / 2) + x] = (y * 2 + 128 - shift) & 0xff
      }
    }
    return new VideoFrame(data, WIDTH, HEIGHT, VideoBufferType.I420)
  })
}

function toneFrames(): AudioFrame[] {
  const samples = (SAMPLE_RATE * AUDIO_FRAME_MS) / 1000
  // 50 frames of 20 ms: exactly 1 s, 440 periods, so the tone loops without a click.
  return Array.from({ length: 1000 / AUDIO_FRAME_MS }, (_, index) => {
    const data = new Int16Array(samples)
    for (let i = 0; i < samples; i++) {
      data[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * (index * samples + i)) / SAMPLE_RATE))
    }
    return new AudioFrame(data, SAMPLE_RATE, 1, samples)
  })
}

const participants: Participant[] = []
const frames = gradientFrames()
const tones = toneFrames()
const startedAt = performance.now()
let videoTicks = 0
let audioTicks = 0

// One clock for all: frames that are due go out, however late the timer fires. A process
// that fell behind skips frames, as a camera would, rather than sending a burst.
const MAX_CATCH_UP = 2
const pump = setInterval(() => {
  const elapsedMs = performance.now() - startedAt
  const videoDue = Math.floor((elapsedMs * FPS) / 1000)
  videoTicks = Math.max(videoTicks, videoDue - MAX_CATCH_UP)
  while (videoTicks < videoDue) {
    const frame = frames[videoTicks % frames.length]
    const timestampUs = BigInt(Math.round((videoTicks * 1_000_000) / FPS))
    if (frame) for (const p of participants) p.video.captureFrame(frame, timestampUs)
    videoTicks += 1
  }
  const audioDue = Math.floor(elapsedMs / AUDIO_FRAME_MS)
  audioTicks = Math.max(audioTicks, audioDue - MAX_CATCH_UP)
  while (audioTicks < audioDue) {
    const tone = tones[audioTicks % tones.length]
    if (tone) for (const p of participants) p.audio.captureFrame(tone).catch(() => {})
    audioTicks += 1
  }
}, 10)

async function join(url: string, token: string): Promise<Participant> {
  const room = new Room()
  const participant: Participant = {
    room,
    video: new VideoSource(WIDTH, HEIGHT),
    audio: new AudioSource(SAMPLE_RATE, 1),
    remoteVideo: false,
  }
  room.on(RoomEvent.TrackSubscribed, (track) => {
    if (track.kind === TrackKind.KIND_VIDEO) participant.remoteVideo = true
  })
  room.on(RoomEvent.TrackUnsubscribed, (track) => {
    if (track.kind === TrackKind.KIND_VIDEO) participant.remoteVideo = false
  })
  await room.connect(url, token, { autoSubscribe: true, dynacast: true })
  const local = room.localParticipant
  if (!local) throw new Error('no local participant after connecting')
  await local.publishTrack(
    LocalVideoTrack.createVideoTrack('camera', participant.video),
    new TrackPublishOptions({
      source: TrackSource.SOURCE_CAMERA,
      videoCodec: VideoCodec.VP8,
      simulcast: true,
      videoEncoding: { maxBitrate: BigInt(450_000), maxFramerate: FPS },
    }),
  )
  await local.publishTrack(
    LocalAudioTrack.createAudioTrack('microphone', participant.audio),
    new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
  )
  participants.push(participant)
  return participant
}

async function stats(): Promise<ClientStats> {
  const total: ClientStats = {
    participants: participants.length,
    video: { packetsReceived: 0, packetsLost: 0, framesDecoded: 0 },
    audio: { packetsReceived: 0, packetsLost: 0 },
    withoutRemoteVideo: 0,
    statsMissing: 0,
  }
  await Promise.all(
    participants.map(async (p) => {
      if (!p.remoteVideo) total.withoutRemoteVideo += 1
      // With one peer connection for both directions (what LiveKit negotiates with this SDK),
      // the received streams are listed with the publisher's statistics.
      const report = await Promise.race([p.room.getRtcStats(), sleep(STATS_TIMEOUT_MS).then(() => undefined)])
      if (!report) {
        total.statsMissing += 1
        return
      }
      const { subscriberStats, publisherStats } = report
      for (const entry of [...subscriberStats, ...publisherStats]) {
        if (entry.stats.case !== 'inboundRtp') continue
        const { stream, received, inbound } = entry.stats.value
        const packetsReceived = Number(received?.packetsReceived ?? 0)
        const packetsLost = Number(received?.packetsLost ?? 0)
        if (stream?.kind === 'video') {
          total.video.packetsReceived += packetsReceived
          total.video.packetsLost += packetsLost
          total.video.framesDecoded += inbound?.framesDecoded ?? 0
        } else if (stream?.kind === 'audio') {
          total.audio.packetsReceived += packetsReceived
          total.audio.packetsLost += packetsLost
        }
      }
    }),
  )
  return total
}

const reply = (message: ClientReply) => process.send?.(message)

process.on('message', async (message: ClientMessage) => {
  if (message.type === 'join') {
    const started = performance.now()
    const results = await Promise.allSettled(
      message.rooms.flatMap((room) => room.tokens.map((token) => join(message.url, token))),
    )
    const failures = results.filter((result) => result.status === 'rejected')
    reply({
      type: 'joined',
      failed: failures.length,
      ms: performance.now() - started,
      ...(failures[0] ? { error: String((failures[0] as PromiseRejectedResult).reason) } : {}),
    })
  } else if (message.type === 'stats') {
    reply({ type: 'stats', stats: await stats() })
  } else if (message.type === 'leave') {
    clearInterval(pump)
    await Promise.allSettled(participants.map((p) => p.room.disconnect()))
    await dispose()
    reply({ type: 'left' })
    process.disconnect?.()
    process.exit(0)
  }
})
// The benchmark went away (crash, Ctrl-C): do not linger.
process.on('disconnect', () => process.exit(0))
