import type { CheckStatus } from '@videotermin/contracts'
import { useEffect, useState } from 'react'

export type LiveStatus = CheckStatus | 'waiting' | 'running'

export interface CameraCheck {
  status: LiveStatus
  framesSeen: number
  /** Frames arrive but are black: a covered lens or a closed privacy shutter. */
  black: boolean
}

/** No frame within this time: the camera does not deliver. */
const NO_FRAMES_AFTER_MS = 6000
const SAMPLE_EVERY_MS = 500
/** Black = this many samples in a row where no pixel is brighter than BLACK_MAX (0–255). */
const BLACK_SAMPLES = 4
const BLACK_MAX = 24

/**
 * Shows the camera in `video` and counts real frames: `requestVideoFrameCallback`'s presented
 * frames where the browser has it, else distinct pictures seen when sampling a small canvas
 * twice a second (a lower bound). The canvas samples also detect an all-black picture.
 * Status: ok with frames, limited when black, failed without a camera track or without frames.
 */
export function useCameraCheck(stream: MediaStream | null, video: HTMLVideoElement | null, enabled: boolean) {
  const [state, setState] = useState<CameraCheck>({ status: 'waiting', framesSeen: 0, black: false })
  const track = stream?.getVideoTracks()[0]

  useEffect(() => {
    if (!enabled) return
    if (!track) {
      setState({ status: 'failed', framesSeen: 0, black: false })
      return
    }
    if (!video) return
    video.srcObject = new MediaStream([track])
    video.play().catch(() => undefined) // muted + playsInline: allowed; the frame count tells if it runs

    const started = performance.now()
    let frames = 0
    let handle: number | undefined
    let baseline: number | undefined
    const hasFrameCallback = typeof video.requestVideoFrameCallback === 'function'
    const onFrame: VideoFrameRequestCallback = (_now, metadata) => {
      baseline ??= metadata.presentedFrames - 1
      frames = metadata.presentedFrames - baseline
      handle = video.requestVideoFrameCallback(onFrame)
    }
    if (hasFrameCallback) handle = video.requestVideoFrameCallback(onFrame)

    const canvas = document.createElement('canvas')
    canvas.width = 32
    canvas.height = 18
    const context = canvas.getContext('2d', { willReadFrequently: true })
    const blackSamples: boolean[] = []
    let lastChecksum = -1

    const sample = () => {
      if (context && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        try {
          context.drawImage(video, 0, 0, canvas.width, canvas.height)
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data
          let brightest = 0
          let checksum = 0
          for (let i = 0; i < pixels.length; i += 4) {
            const r = pixels[i] ?? 0
            const g = pixels[i + 1] ?? 0
            const b = pixels[i + 2] ?? 0
            brightest = Math.max(brightest, r, g, b)
            checksum = (checksum * 31 + r + g * 7 + b * 13) >>> 0
          }
          blackSamples.push(brightest <= BLACK_MAX)
          if (blackSamples.length > BLACK_SAMPLES) blackSamples.shift()
          if (!hasFrameCallback && checksum !== lastChecksum) frames += 1
          lastChecksum = checksum
        } catch {
          // A picture we may not read: counting by frame callback still works.
        }
      }
      const elapsed = performance.now() - started
      const black = blackSamples.length >= BLACK_SAMPLES && blackSamples.every(Boolean)
      const lastLit = blackSamples.length > 0 && !blackSamples.at(-1)
      const status: LiveStatus =
        frames === 0
          ? elapsed > NO_FRAMES_AFTER_MS
            ? 'failed'
            : 'running'
          : black
            ? 'limited'
            : lastLit || elapsed > NO_FRAMES_AFTER_MS
              ? 'ok'
              : 'running'
      setState((prev) =>
        prev.status === status && prev.framesSeen === frames && prev.black === black
          ? prev
          : { status, framesSeen: frames, black },
      )
    }
    const timer = window.setInterval(sample, SAMPLE_EVERY_MS)

    return () => {
      window.clearInterval(timer)
      if (handle !== undefined) video.cancelVideoFrameCallback(handle)
      video.srcObject = null
    }
  }, [enabled, track, video])

  return state
}
