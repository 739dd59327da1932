import { type Browser, chromium } from 'playwright-core'

/** Flags that let headless Chromium use a fake camera and microphone without prompts, offline-safe. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-gpu',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
}

/**
 * Installed before any page script: remembers every RTCPeerConnection so a test can read
 * WebRTC statistics (decoded frames, received audio) without hooks in the product.
 */
export const RECORD_PEER_CONNECTIONS = `
  (() => {
    const Original = window.RTCPeerConnection;
    window.__peerConnections = [];
    window.RTCPeerConnection = class extends Original {
      constructor(...args) { super(...args); window.__peerConnections.push(this); }
    };
  })();
`

export interface InboundMedia {
  videoFramesDecoded: number
  audioPacketsReceived: number
  audioSamplesReceived: number
}

/** Sums inbound RTP statistics over all peer connections of a page. Runs in the browser. */
export const readInboundMedia = async (): Promise<InboundMedia> => {
  const result = { videoFramesDecoded: 0, audioPacketsReceived: 0, audioSamplesReceived: 0 }
  const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
  for (const pc of pcs) {
    const stats = await pc.getStats()
    stats.forEach((report) => {
      if (report.type !== 'inbound-rtp') return
      if (report.kind === 'video') result.videoFramesDecoded += report.framesDecoded ?? 0
      if (report.kind === 'audio') {
        result.audioPacketsReceived += report.packetsReceived ?? 0
        result.audioSamplesReceived += report.totalSamplesReceived ?? 0
      }
    })
  }
  return result
}

export interface InboundBytes {
  /** How many peer connections the page has made so far (closed ones included). */
  peerConnections: number
  audioBytes: number
  videoBytes: number
}

/**
 * Sums received audio and video bytes over the page's peer connections from the `from`-th on
 * that are still open, so a test can ask for media on connections made after some moment
 * (a reconnect makes new ones). Runs in the browser.
 */
export const readInboundBytes = async (from: number): Promise<InboundBytes> => {
  const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
  const result = { peerConnections: pcs.length, audioBytes: 0, videoBytes: 0 }
  for (const pc of pcs.slice(from)) {
    if (pc.connectionState === 'closed') continue
    const stats = await pc.getStats()
    stats.forEach((report) => {
      if (report.type !== 'inbound-rtp') return
      if (report.kind === 'audio') result.audioBytes += report.bytesReceived ?? 0
      if (report.kind === 'video') result.videoBytes += report.bytesReceived ?? 0
    })
  }
  return result
}
