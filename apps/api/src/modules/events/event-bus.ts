import { type AppEvent, channels, publishAppEvent } from '@videotermin/jobs'
import type { Redis } from 'ioredis'

type Listener = (event: AppEvent) => void
/** A channel's parsed JSON message, before it is known what it carries. */
type MessageListener = (message: unknown) => void
interface RoomClosed {
  appointmentId: string
}

/**
 * Fans events out through Redis pub/sub, so a change made on one API replica reaches the
 * SSE streams held by every replica. One subscriber connection per process; channels are
 * subscribed while at least one local listener wants them.
 */
export class EventBus {
  private readonly listeners = new Map<string, Set<MessageListener>>()
  private readonly publisher: Redis
  private readonly subscriber: Redis

  constructor(publisher: Redis, subscriber: Redis) {
    this.publisher = publisher
    this.subscriber = subscriber
    subscriber.on('message', (channel: string, message: string) => {
      const set = this.listeners.get(channel)
      if (!set) return
      let parsed: unknown
      try {
        parsed = JSON.parse(message)
      } catch {
        return
      }
      for (const listener of set) listener(parsed)
    })
  }

  async publish(event: AppEvent, organisationId: string): Promise<void> {
    await publishAppEvent(this.publisher, event, organisationId)
  }

  /** Tells every API process that the appointment's room is closed (deleted, or finished). */
  async announceRoomClosed(appointmentId: string): Promise<void> {
    const message: RoomClosed = { appointmentId }
    await this.publisher.publish(channels.roomClosed, JSON.stringify(message))
  }

  /** Hears announceRoomClosed of every process, this one's included. */
  async onRoomClosed(listener: (appointmentId: string) => void): Promise<() => Promise<void>> {
    return this.listen(channels.roomClosed, (message) => {
      const { appointmentId } = (message ?? {}) as Partial<RoomClosed>
      if (typeof appointmentId === 'string') listener(appointmentId)
    })
  }

  /** Listens for AppEvents on a channel (appointment or organisation) until the returned function is called. */
  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    // The publishers of these channels send AppEvents only (publish above).
    return this.listen(channel, (message) => listener(message as AppEvent))
  }

  private async listen(channel: string, listener: MessageListener): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel)
    if (!set) {
      set = new Set()
      this.listeners.set(channel, set)
      await this.subscriber.subscribe(channel)
    }
    set.add(listener)
    return async () => {
      const current = this.listeners.get(channel)
      if (!current) return
      current.delete(listener)
      if (current.size === 0) {
        this.listeners.delete(channel)
        await this.subscriber.unsubscribe(channel).catch(() => {})
      }
    }
  }
}
