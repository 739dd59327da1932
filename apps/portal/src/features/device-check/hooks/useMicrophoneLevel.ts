import { useEffect, useState } from 'react'
import { HEARD_THRESHOLD, measureSamples, meterValue } from './audioLevel.ts'
import type { LiveStatus } from './useCameraCheck.ts'

export interface MicrophoneLevel {
  status: LiveStatus
  /** Current loudness for the meter, 0–1 on a decibel scale. */
  level: number
  /** Highest sample seen so far, 0–1 full scale. */
  peakLevel: number
}

/** Without a sound above the threshold for this long, the microphone counts as limited (muted? wrong device?). */
const QUIET_AFTER_MS = 10_000
const SAMPLE_EVERY_MS = 100

/**
 * Listens to the microphone track through an AnalyserNode of the shared AudioContext (never
 * connected to the speakers). Status: ok as soon as the peak passes HEARD_THRESHOLD (sticky),
 * limited after QUIET_AFTER_MS without, failed without a microphone track.
 */
export function useMicrophoneLevel(stream: MediaStream | null, audio: AudioContext | null, enabled: boolean) {
  const [state, setState] = useState<MicrophoneLevel>({ status: 'waiting', level: 0, peakLevel: 0 })
  const track = stream?.getAudioTracks()[0]

  useEffect(() => {
    if (!enabled) return
    if (!track) {
      setState({ status: 'failed', level: 0, peakLevel: 0 })
      return
    }
    let source: MediaStreamAudioSourceNode
    let analyser: AnalyserNode
    try {
      if (!audio) throw new Error('no Web Audio')
      source = audio.createMediaStreamSource(new MediaStream([track]))
      analyser = audio.createAnalyser()
      analyser.fftSize = 2048
      source.connect(analyser)
    } catch {
      // The microphone is there, but we cannot listen to it: not proven, so limited, not failed.
      setState({ status: 'limited', level: 0, peakLevel: 0 })
      return
    }
    const samples = new Float32Array(analyser.fftSize)
    const started = performance.now()
    let peakLevel = 0

    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(samples)
      const { peak, rms } = measureSamples(samples)
      peakLevel = Math.max(peakLevel, peak)
      const heard = peakLevel >= HEARD_THRESHOLD
      const status: LiveStatus = heard ? 'ok' : performance.now() - started > QUIET_AFTER_MS ? 'limited' : 'running'
      const level = Math.round(meterValue(rms) * 100) / 100
      setState((prev) =>
        prev.status === status && prev.level === level && prev.peakLevel === peakLevel
          ? prev
          : { status, level, peakLevel },
      )
    }, SAMPLE_EVERY_MS)

    return () => {
      window.clearInterval(timer)
      source.disconnect()
      analyser.disconnect()
    }
  }, [enabled, track, audio])

  return state
}
