import { Env, loadConfigOrExit } from '@videotermin/config'
import { type Static, Type } from 'typebox'

export const ApiConfigSchema = Type.Object({
  API_HOST: Type.String({ default: '127.0.0.1' }),
  API_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  /**
   * Prometheus `/metrics` (and `/healthz`) on a listener of its own, never on the public port:
   * only what reaches this port (the cluster network) can scrape.
   */
  METRICS_HOST: Type.String({ default: '127.0.0.1' }),
  /** 0 picks any free port (tests starting extra processes). */
  METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 9464 }),
  DATABASE_URL: Env.databaseUrl(),
  REDIS_URL: Env.redisUrl(),
  PUBLIC_URL: Env.publicUrl(),
  LINK_ENCRYPTION_KEY: Env.linkEncryptionKey(),
  /** URL browsers connect to (ws:// or wss://). */
  LIVEKIT_URL: Type.String({ pattern: '^wss?://' }),
  /** URL the API reaches LiveKit's Twirp API on; defaults to LIVEKIT_URL with http(s). */
  LIVEKIT_API_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  LIVEKIT_API_KEY: Type.String({ minLength: 3 }),
  LIVEKIT_API_SECRET: Type.String({ minLength: 32 }),
  /** Lifetime of a room token; it only has to last until the connection is up. */
  LIVEKIT_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 30, maximum: 3600, default: 600 }),
  /** How long LiveKit keeps a room once the last participant has left. */
  LIVEKIT_ROOM_DEPARTURE_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 20 }),
  STAFF_SESSION_IDLE_MINUTES: Type.Integer({ minimum: 5, maximum: 24 * 60, default: 60 }),
  STAFF_SESSION_ABSOLUTE_HOURS: Type.Integer({ minimum: 1, maximum: 24, default: 10 }),
  /** Personal-link openings per client address and minute; more are refused (guessing links). */
  LINK_OPENS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 100_000, default: 20 }),
  /** Device checks without an appointment (start page) per client address in 10 minutes. */
  PUBLIC_CHECKS_PER_10_MINUTES: Type.Integer({ minimum: 1, maximum: 100_000, default: 10 }),
  /**
   * Which proxies may tell the client address (X-Forwarded-For), for rate limits and stored
   * IP addresses: proxy-addr names or CIDRs, comma-separated. The default trusts loopback and
   * private networks, where ingress controllers live.
   */
  TRUST_PROXY: Type.String({ default: 'loopback,linklocal,uniquelocal' }),
  LOG_LEVEL: Env.logLevel(),
  /** OpenID Connect sign-in for staff; off unless issuer, client id and organisation are set. */
  OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://' })),
  OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  /** Claim holding the user's roles (string or array); a dotted path reaches nested claims. */
  OIDC_ROLE_CLAIM: Type.String({ minLength: 1, default: 'roles' }),
  OIDC_ADMIN_ROLE: Type.String({ minLength: 1, default: 'videotermin-admin' }),
  OIDC_ADVISOR_ROLE: Type.String({ minLength: 1, default: 'videotermin-advisor' }),
  /** Slug of the organisation users signing in through the IdP belong to. */
  OIDC_ORGANISATION: Type.Optional(Type.String({ minLength: 1 })),
})

export type ApiConfig = Static<typeof ApiConfigSchema>

/** The API's configuration, validated once at start-up. */
export function loadApiConfig(): ApiConfig {
  return loadConfigOrExit(ApiConfigSchema)
}
