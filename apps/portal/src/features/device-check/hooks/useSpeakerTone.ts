import { useCallback, useEffect, useRef, useState } from 'react'

export type SpeakerPhase = 'idle' | 'playing' | 'played'
export type SpeakerAnswer = 'yes' | 'no' | null

/** C5, E5, G5: a soft rising chime, played twice. */
const NOTES = [523.25, 659.25, 783.99]
const NOTE_S = 0.32
const GAP_S = 0.04
const REPEATS = 2
const PAUSE_S = 0.4
/** Quiet enough not to startle with the volume turned up; the envelope avoids clicks. */
const VOLUME = 0.2

/**
 * Plays a short test tone through the shared AudioContext and keeps the citizen's answer.
 * `play` must be called from a click (browsers only start audio after a user gesture).
 */
export function useSpeakerTone(audio: AudioContext | null) {
  const [phase, setPhase] = useState<SpeakerPhase>('idle')
  const [answer, setAnswer] = useState<SpeakerAnswer>(null)
  const playedOnce = useRef(false)
  const output = useRef<GainNode | null>(null)
  const timer = useRef<number | undefined>(undefined)

  const play = useCallback(() => {
    if (!audio) return
    void audio.resume()
    output.current?.disconnect()
    const master = audio.createGain()
    master.gain.value = VOLUME
    master.connect(audio.destination)
    output.current = master

    const start = audio.currentTime + 0.05
    const repeatLength = NOTES.length * (NOTE_S + GAP_S) + PAUSE_S
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      NOTES.forEach((frequency, index) => {
        const at = start + repeat * repeatLength + index * (NOTE_S + GAP_S)
        const oscillator = audio.createOscillator()
        oscillator.type = 'sine'
        oscillator.frequency.value = frequency
        const envelope = audio.createGain()
        envelope.gain.setValueAtTime(0, at)
        envelope.gain.linearRampToValueAtTime(1, at + 0.03)
        envelope.gain.setValueAtTime(1, at + NOTE_S - 0.12)
        envelope.gain.linearRampToValueAtTime(0, at + NOTE_S)
        oscillator.connect(envelope).connect(master)
        oscillator.start(at)
        oscillator.stop(at + NOTE_S + 0.01)
      })
    }
    playedOnce.current = true
    setPhase('playing')
    window.clearTimeout(timer.current)
    timer.current = window.setTimeout(() => setPhase('played'), (REPEATS * repeatLength + 0.1) * 1000)
  }, [audio])

  useEffect(
    () => () => {
      window.clearTimeout(timer.current)
      output.current?.disconnect()
    },
    [],
  )

  return { phase, answer, setAnswer, play, hasPlayed: phase !== 'idle' }
}
