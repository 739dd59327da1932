/** A short, soft two-note chime for "you are being let in"; silent where audio is not allowed. */
export function playAdmissionChime(): void {
  try {
    const context = new AudioContext()
    const notes = [
      { frequency: 660, at: 0 },
      { frequency: 880, at: 0.18 },
    ]
    for (const note of notes) {
      const oscillator = context.createOscillator()
      const gain = context.createGain()
      oscillator.type = 'sine'
      oscillator.frequency.value = note.frequency
      const start = context.currentTime + note.at
      gain.gain.setValueAtTime(0, start)
      gain.gain.linearRampToValueAtTime(0.15, start + 0.03)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.5)
      oscillator.connect(gain).connect(context.destination)
      oscillator.start(start)
      oscillator.stop(start + 0.55)
    }
    setTimeout(() => void context.close(), 1000)
  } catch {
    // No audio output available: the visual cue remains.
  }
}
