import { describe, expect, it } from 'vitest'
import { measureSamples, meterValue } from './audioLevel.ts'

describe('measureSamples', () => {
  it('is zero for silence and for no samples', () => {
    expect(measureSamples(new Float32Array(128))).toEqual({ peak: 0, rms: 0 })
    expect(measureSamples(new Float32Array(0))).toEqual({ peak: 0, rms: 0 })
  })

  it('finds the peak on either side and the RMS of a square wave', () => {
    const square = Float32Array.from({ length: 100 }, (_, i) => (i % 2 ? 0.5 : -0.5))
    expect(measureSamples(square)).toEqual({ peak: 0.5, rms: 0.5 })
    expect(measureSamples(Float32Array.from([0.1, -0.8, 0.2])).peak).toBeCloseTo(0.8)
  })

  it('caps the peak at 1 for clipped input', () => expect(measureSamples(Float32Array.from([1.4])).peak).toBe(1))
})

describe('meterValue', () => {
  it.each([
    [0, 0],
    [0.0001, 0],
    [0.001, 0],
    [0.01, 1 / 3],
    [0.1, 2 / 3],
    [1, 1],
    [2, 1],
  ])('RMS %f → %f', (rms, value) => expect(meterValue(rms)).toBeCloseTo(value))
})
