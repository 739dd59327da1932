import { Env, loadConfigOrExit } from '@videotermin/config'
import { type Static, Type } from 'typebox'

export const WorkerConfigSchema = Type.Object({
  DATABASE_URL: Env.databaseUrl(),
  REDIS_URL: Env.redisUrl(),
  PUBLIC_URL: Env.publicUrl(),
  LINK_ENCRYPTION_KEY: Env.linkEncryptionKey(),
  /** smtp:// or smtps:// with optional user:password@. */
  SMTP_URL: Type.String({ pattern: '^smtps?://' }),
  /** Checked at start-up: the worker writes it into every mail's From header itself. */
  MAIL_FROM: Type.String({
    pattern: '^(?:[^<>]*<[^<>\\s@]+@[^<>\\s@]+>|[^<>\\s@]+@[^<>\\s@]+)$',
    description: 'Sender, e.g. "Videotermin <noreply@example.org>" or a bare address',
  }),
  /** Fallback poll of the outbox; new rows normally arrive through Postgres NOTIFY at once. */
  OUTBOX_POLL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 2000 }),
  EMAIL_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  LOG_LEVEL: Env.logLevel(),
  /** `/metrics` (Prometheus) and `/healthz` (container health check) listen here. */
  METRICS_HOST: Type.String({ default: '127.0.0.1' }),
  /** 0 picks any free port (tests starting extra processes). */
  METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 9465 }),
})

export type WorkerConfig = Static<typeof WorkerConfigSchema>

/** The worker's configuration, validated once at start-up. */
export function loadWorkerConfig(): WorkerConfig {
  return loadConfigOrExit(WorkerConfigSchema)
}
