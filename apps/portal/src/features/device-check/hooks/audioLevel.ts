/** Peak above this (0–1 full scale) counts as "the microphone hears something": speech, not just hiss. */
export const HEARD_THRESHOLD = 0.04

/** Peak (largest absolute sample) and RMS of one block of float PCM samples (−1…1). */
export function measureSamples(samples: Float32Array): { peak: number; rms: number } {
  let peak = 0
  let sum = 0
  for (const sample of samples) {
    const magnitude = Math.abs(sample)
    if (magnitude > peak) peak = magnitude
    sum += sample * sample
  }
  return { peak: Math.min(1, peak), rms: samples.length ? Math.sqrt(sum / samples.length) : 0 }
}

/** Maps RMS to a 0–1 meter reading on a decibel scale (−60 dB → 0, 0 dB → 1), as ears perceive loudness. */
export function meterValue(rms: number): number {
  if (rms <= 0) return 0
  const db = 20 * Math.log10(rms)
  return Math.min(1, Math.max(0, (db + 60) / 60))
}
