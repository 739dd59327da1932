import { describe, expect, it } from 'vitest'
import {
  downloadKbps,
  receiveSample,
  type SendSample,
  type Stat,
  selectedProtocol,
  sendSample,
  summarise,
} from './rtcStats.ts'

const candidate = (id: string, protocol: string, candidateType = 'host'): Stat => ({
  id,
  type: 'local-candidate',
  protocol,
  candidateType,
})
const pair = (id: string, localCandidateId: string, extra: Record<string, unknown> = {}): Stat => ({
  id,
  type: 'candidate-pair',
  localCandidateId,
  state: 'succeeded',
  ...extra,
})

describe('selectedProtocol', () => {
  it('follows the transport to the selected pair (Chrome, Safari)', () => {
    const stats = [
      candidate('L1', 'udp'),
      candidate('L2', 'tcp'),
      pair('P1', 'L1', { nominated: true }),
      pair('P2', 'L2', { nominated: true }),
      { id: 'T', type: 'transport', selectedCandidatePairId: 'P2' },
    ]
    expect(selectedProtocol(stats)).toBe('tcp')
  })

  it('uses the pair marked selected (Firefox)', () => {
    expect(selectedProtocol([candidate('L1', 'UDP'), pair('P1', 'L1', { selected: true })])).toBe('udp')
  })

  it('says TURN for a relay candidate, whatever its transport', () => {
    expect(selectedProtocol([candidate('L1', 'udp', 'relay'), pair('P1', 'L1', { nominated: true })])).toBe('turn')
  })

  it('is null without a working pair', () => {
    expect(selectedProtocol([candidate('L1', 'udp'), pair('P1', 'L1', { state: 'failed', nominated: true })])).toBe(
      null,
    )
    expect(selectedProtocol([])).toBe(null)
  })
})

describe('sendSample', () => {
  it('adds payload and header bytes and reads the server report', () => {
    const sample = sendSample([
      { id: 'O', type: 'outbound-rtp', timestamp: 1000, bytesSent: 9000, headerBytesSent: 1000, packetsSent: 20 },
      { id: 'R', type: 'remote-inbound-rtp', roundTripTime: 0.03, packetsLost: 2 },
      pair('P', 'L', { nominated: true, currentRoundTripTime: 0.02 }),
    ])
    expect(sample).toEqual({
      at: 1000,
      bytesSent: 10_000,
      packetsSent: 20,
      packetsLost: 2,
      rttSeconds: 0.03,
      pairRttSeconds: 0.02,
    })
  })

  it('is null before anything was sent, and has no loss before a server report', () => {
    expect(sendSample([])).toBe(null)
    expect(sendSample([{ id: 'O', type: 'outbound-rtp', timestamp: 1, bytesSent: 5 }])).toMatchObject({
      packetsLost: null,
      rttSeconds: null,
    })
  })
})

describe('summarise', () => {
  const sample = (at: number, bytesSent: number, packetsSent: number, extra: Partial<SendSample> = {}): SendSample => ({
    at,
    bytesSent,
    packetsSent,
    packetsLost: null,
    rttSeconds: null,
    pairRttSeconds: null,
    ...extra,
  })

  it('measures the rate over the window, the median RTT and the loss in the window', () => {
    const summary = summarise([
      sample(0, 0, 0, { packetsLost: 10, rttSeconds: 0.02 }),
      sample(1000, 125_000, 100, { packetsLost: 10, rttSeconds: 0.04 }),
      sample(2000, 250_000, 200, { packetsLost: 12, rttSeconds: 0.03 }),
    ])
    // 250 000 bytes in 2 s = 1000 kbit/s; 2 of 200 packets lost = 1 %.
    expect(summary).toEqual({ uploadKbps: 1000, rttMs: 30, packetLossPercent: 1 })
  })

  it('falls back to the ICE round-trip time and leaves the loss open without server reports', () => {
    const summary = summarise([
      sample(0, 0, 0, { pairRttSeconds: 0.05 }),
      sample(1000, 1000, 10, { pairRttSeconds: 0.07 }),
    ])
    expect(summary).toEqual({ uploadKbps: 8, rttMs: 60, packetLossPercent: null })
  })

  it('has nothing to say with fewer than two samples or nothing sent', () => {
    const nothing = { uploadKbps: null, rttMs: null, packetLossPercent: null }
    expect(summarise([])).toEqual(nothing)
    expect(summarise([sample(0, 100, 1)])).toEqual(nothing)
    expect(summarise([sample(0, 100, 1), sample(1000, 100, 1)]).uploadKbps).toBe(null)
  })
})

describe('receiveSample and downloadKbps', () => {
  const inbound = (id: string, timestamp: number, bytesReceived: number, headerBytesReceived: number): Stat => ({
    id,
    type: 'inbound-rtp',
    timestamp,
    bytesReceived,
    headerBytesReceived,
  })

  it('adds payload and header bytes of every inbound stream', () => {
    expect(
      receiveSample([inbound('v', 1000, 5000, 500), inbound('a', 990, 1000, 100), { id: 'x', type: 'transport' }]),
    ).toEqual({
      at: 1000,
      bytesReceived: 6600,
    })
    expect(receiveSample([{ id: 'x', type: 'transport' }])).toBeNull()
  })

  it('is the rate between the first and the last reading, and null when nothing came', () => {
    expect(
      downloadKbps([
        { at: 0, bytesReceived: 0 },
        { at: 500, bytesReceived: 1 },
        { at: 4000, bytesReceived: 1_000_000 },
      ]),
    ).toBe(2000)
    expect(
      downloadKbps([
        { at: 0, bytesReceived: 100 },
        { at: 4000, bytesReceived: 100 },
      ]),
    ).toBeNull()
    expect(downloadKbps([{ at: 0, bytesReceived: 100 }])).toBeNull()
    expect(downloadKbps([])).toBeNull()
  })
})
