/**
 * Reading WebRTC statistics (https://www.w3.org/TR/webrtc-stats/) of the sender of the probe
 * track and of its receiver. Pure functions over plain objects, so they work with any browser's RTCStatsReport.
 */
export type Stat = { id: string; type: string } & Record<string, unknown>

export type MediaProtocol = 'udp' | 'tcp' | 'turn'

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)

export function statsList(report: RTCStatsReport): Stat[] {
  const list: Stat[] = []
  report.forEach((stat: Stat) => {
    list.push(stat)
  })
  return list
}

/**
 * How media actually flows: the local end of the ICE candidate pair the browser selected.
 * A relay candidate means TURN; otherwise the candidate's transport, UDP or TCP. This is what
 * the real call will use too, because it connects the same way. Chrome and Safari name the
 * pair in the transport stats, Firefox marks it `selected`; the last resort is a nominated,
 * succeeded pair. `null` when no pair carries media.
 */
export function selectedProtocol(stats: Stat[]): MediaProtocol | null {
  const byId = new Map(stats.map((s) => [s.id, s]))
  const pairs = stats.filter((s) => s.type === 'candidate-pair')
  const fromTransport = stats
    .filter((s) => s.type === 'transport' && typeof s.selectedCandidatePairId === 'string')
    .map((s) => byId.get(s.selectedCandidatePairId as string))
    .find((p) => p !== undefined)
  const pair =
    fromTransport ??
    pairs.find((p) => p.selected === true) ??
    pairs.find((p) => p.nominated === true && p.state === 'succeeded')
  if (!pair) return null
  const local = byId.get(pair.localCandidateId as string)
  if (!local) return null
  if (local.candidateType === 'relay') return 'turn'
  const protocol = String(local.protocol ?? '').toLowerCase()
  return protocol === 'udp' || protocol === 'tcp' ? protocol : null
}

/** One reading of the probe track's sender. */
export interface SendSample {
  /** Milliseconds, from the stats' own timestamp. */
  at: number
  /** RTP payload plus header bytes sent so far (all encodings of the track). */
  bytesSent: number
  packetsSent: number
  /** From the media server's receiver reports (remote-inbound-rtp); null until one arrived. */
  packetsLost: number | null
  rttSeconds: number | null
  /** From the ICE connectivity checks of the selected pair, a fallback for the RTT. */
  pairRttSeconds: number | null
}

export function sendSample(stats: Stat[]): SendSample | null {
  const outbound = stats.filter((s) => s.type === 'outbound-rtp')
  if (outbound.length === 0) return null
  const remote = stats.filter((s) => s.type === 'remote-inbound-rtp')
  const sum = (list: Stat[], key: string) => list.reduce((total, s) => total + (num(s[key]) ?? 0), 0)
  const rtts = remote.map((s) => num(s.roundTripTime)).filter((v): v is number => v !== null)
  const pairRtts = stats
    .filter((s) => s.type === 'candidate-pair' && (s.nominated === true || s.selected === true))
    .map((s) => num(s.currentRoundTripTime))
    .filter((v): v is number => v !== null)
  return {
    at: Math.max(...outbound.map((s) => num(s.timestamp) ?? 0)),
    bytesSent: sum(outbound, 'bytesSent') + sum(outbound, 'headerBytesSent'),
    packetsSent: sum(outbound, 'packetsSent'),
    packetsLost: remote.length ? sum(remote, 'packetsLost') : null,
    rttSeconds: rtts.length ? Math.max(...rtts) : null,
    pairRttSeconds: pairRtts.length ? Math.max(...pairRtts) : null,
  }
}

/** RTP bytes (payload plus headers) received so far on every inbound stream, at the stats' time. */
export interface ReceiveSample {
  at: number
  bytesReceived: number
}

export function receiveSample(stats: Stat[]): ReceiveSample | null {
  const inbound = stats.filter((s) => s.type === 'inbound-rtp')
  if (inbound.length === 0) return null
  const sum = (key: string) => inbound.reduce((total, s) => total + (num(s[key]) ?? 0), 0)
  return {
    at: Math.max(...inbound.map((s) => num(s.timestamp) ?? 0)),
    bytesReceived: sum('bytesReceived') + sum('headerBytesReceived'),
  }
}

/** kbit/s between two byte counts taken `ms` apart; null when nothing moved or no time passed. */
export function kbpsBetween(bytesBefore: number, bytesAfter: number, ms: number): number | null {
  const bytes = bytesAfter - bytesBefore
  return bytes > 0 && ms > 0 ? Math.round((bytes * 8) / ms) : null
}

/** Download rate over the first and the last reading of the window; null without two readings. */
export function downloadKbps(samples: ReceiveSample[]): number | null {
  const first = samples[0]
  const last = samples.at(-1)
  if (!first || !last) return null
  return kbpsBetween(first.bytesReceived, last.bytesReceived, last.at - first.at)
}

export interface SendSummary {
  uploadKbps: number | null
  rttMs: number | null
  packetLossPercent: number | null
}

/**
 * Upload rate = bytes sent between the first and the last sample, over their time apart
 * (so the caller chooses the window, after the encoder has ramped up). RTT = median of the
 * server-reported round-trip times in the window (ICE's as fallback). Loss = packets the server
 * reported lost in the window over packets sent in it.
 */
export function summarise(samples: SendSample[]): SendSummary {
  const first = samples[0]
  const last = samples.at(-1)
  if (!first || !last || last.at <= first.at) return { uploadKbps: null, rttMs: null, packetLossPercent: null }

  const uploadKbps = kbpsBetween(first.bytesSent, last.bytesSent, last.at - first.at)

  const rtts = samples.map((s) => s.rttSeconds).filter((v): v is number => v !== null)
  const pairRtts = samples.map((s) => s.pairRttSeconds).filter((v): v is number => v !== null)
  const chosen = rtts.length ? rtts : pairRtts
  const rttMs = chosen.length ? Math.round(median(chosen) * 1000) : null

  let packetLossPercent: number | null = null
  const lossStart = samples.find((s) => s.packetsLost !== null)
  if (lossStart && last.packetsLost !== null && lossStart !== last) {
    const sent = last.packetsSent - lossStart.packetsSent
    const lost = Math.max(0, last.packetsLost - (lossStart.packetsLost ?? 0))
    if (sent > 0) packetLossPercent = Math.min(100, Math.round((lost / sent) * 1000) / 10)
  }
  return { uploadKbps, rttMs, packetLossPercent }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
