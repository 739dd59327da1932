import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { followEventStream } from './event-stream.ts'

/** Just enough of the browser's EventSource to play a restart through. */
class FakeEventSource {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  static opened: FakeEventSource[] = []
  readyState = FakeEventSource.CONNECTING
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  private readonly listeners = new Map<string, ((message: { data: string }) => void)[]>()
  readonly url: string
  constructor(url: string) {
    this.url = url
    FakeEventSource.opened.push(this)
  }
  addEventListener(event: string, listener: (message: { data: string }) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
  }
  close() {
    this.readyState = FakeEventSource.CLOSED
  }
  open() {
    this.readyState = FakeEventSource.OPEN
    this.onopen?.()
  }
  emit(event: string, data: string) {
    for (const listener of this.listeners.get(event) ?? []) listener({ data })
  }
  /** A dropped connection the browser will retry itself (CONNECTING), or one it gave up on (CLOSED). */
  fail(givenUp: boolean) {
    this.readyState = givenUp ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING
    this.onerror?.()
  }
}

describe('followEventStream', () => {
  beforeEach(() => {
    FakeEventSource.opened = []
    vi.useFakeTimers()
    vi.stubGlobal('EventSource', FakeEventSource)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('leaves a dropped stream to the browser, and opens a new one when the browser gave up', () => {
    const received: string[] = []
    const connected: boolean[] = []
    const stop = followEventStream(
      '/api/p/events',
      { status: (data) => received.push(data) },
      (c) => connected.push(c),
      1000,
    )
    const first = FakeEventSource.opened[0]
    first?.open()
    first?.emit('status', 'a')

    first?.fail(false)
    vi.advanceTimersByTime(5000)
    expect(FakeEventSource.opened).toHaveLength(1)

    // The proxy answered the reconnect with 502 while the api restarted: the browser gives up.
    first?.fail(true)
    expect(connected).toEqual([true, false, false])
    vi.advanceTimersByTime(999)
    expect(FakeEventSource.opened).toHaveLength(1)
    vi.advanceTimersByTime(1)
    const second = FakeEventSource.opened[1]
    expect(second?.url).toBe('/api/p/events')
    second?.open()
    second?.emit('status', 'b')
    expect(received).toEqual(['a', 'b'])
    expect(connected.at(-1)).toBe(true)

    // Closed by the page: no stream is reopened behind its back.
    second?.fail(true)
    stop()
    vi.advanceTimersByTime(10_000)
    expect(FakeEventSource.opened).toHaveLength(2)
    expect(second?.readyState).toBe(FakeEventSource.CLOSED)
  })
})
