import type { Db } from '@videotermin/db'
import type { Redis } from 'ioredis'
import type { RoomServiceClient } from 'livekit-server-sdk'
import type { ApiConfig } from './config.ts'
import type { EventBus } from './modules/events/event-bus.ts'

/** Everything a request handler may touch, built once by the server and handed to each module. */
export interface AppDeps {
  config: ApiConfig
  db: Db
  redis: Redis
  rooms: RoomServiceClient
  /** Change notifications across API replicas (Redis pub/sub). */
  events: EventBus
  /** Injectable so tests can move time instead of waiting for it. */
  now: () => Date
}
