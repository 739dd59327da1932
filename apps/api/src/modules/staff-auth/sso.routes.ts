import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { StaffRole } from '@videotermin/db'
import { hashToken } from '@videotermin/links'
import type { FastifyReply, FastifyRequest } from 'fastify'
import * as oidc from 'openid-client'
import { Type } from 'typebox'
import type { ApiConfig } from '../../config.ts'
import type { AppDeps } from '../../deps.ts'
import { STAFF_COOKIE } from './require-staff.ts'
import { findOrganisationIdBySlug, upsertSsoUser } from './sso.repository.ts'
import { createStaffSession, deleteStaffSession } from './staff-session.repository.ts'

/** Points from the browser to the pending sign-in (verifier, state, nonce) kept in Redis. */
export const SSO_COOKIE = '__Host-vt_sso'
const PENDING_TTL_SECONDS = 600
const SCOPE = 'openid profile email'
const pendingKey = (id: string) => `videotermin:sso:${id}`

export type SsoError = 'sso_failed' | 'sso_forbidden'

interface SsoSettings {
  issuer: URL
  clientId: string
  clientSecret: string | undefined
  organisation: string
  redirectUri: string
}

interface PendingSignIn {
  codeVerifier: string
  state: string
  nonce: string
}

/** SSO is on when issuer, client and organisation are configured. */
export function ssoSettings(config: ApiConfig): SsoSettings | undefined {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_ORGANISATION } = config
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_ORGANISATION) return undefined
  return {
    issuer: new URL(OIDC_ISSUER),
    clientId: OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    organisation: OIDC_ORGANISATION,
    redirectUri: `${config.PUBLIC_URL}/api/staff/sso/callback`,
  }
}

/** A claim by name, or by dotted path into nested objects (Keycloak: `realm_access.roles`). */
function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name]
  let value: unknown = claims
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

/** The staff role the IdP's role claim grants; admin wins when both are present. */
export function mapSsoRole(claims: Record<string, unknown>, config: ApiConfig): StaffRole | undefined {
  const raw = claimAt(claims, config.OIDC_ROLE_CLAIM)
  const values = typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw : []
  if (values.includes(config.OIDC_ADMIN_ROLE)) return 'admin'
  if (values.includes(config.OIDC_ADVISOR_ROLE)) return 'advisor'
  return undefined
}

function displayNameOf(claims: Record<string, unknown>, email: string): string {
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string).trim() : '')
  const full = [text('given_name'), text('family_name')].filter(Boolean).join(' ')
  return text('name') || full || text('preferred_username') || email
}

function isLoopback(url: URL) {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}

function setCookie(reply: FastifyReply, name: string, value: string, maxAgeSeconds: number) {
  // The same flags as the local sign-in's cookie; Lax, so the IdP's redirect back carries it.
  reply.setCookie(name, value, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: maxAgeSeconds })
}

/**
 * Staff sign-in through OpenID Connect (authorization code flow with PKCE, state and nonce).
 * Users are found by issuer and subject, created on first sign-in, their role taken from
 * the IdP on every sign-in; the session is the same as after a local sign-in.
 */
export const ssoRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const settings = ssoSettings(deps.config)
    let discovered: Promise<oidc.Configuration> | undefined

    // Discovered on first use, and again after a failure (the IdP may have been down).
    const configuration = (s: SsoSettings) => {
      discovered ??= oidc
        .discovery(
          s.issuer,
          s.clientId,
          undefined,
          s.clientSecret ? oidc.ClientSecretBasic(s.clientSecret) : oidc.None(),
          // Plain http only for an IdP on this machine (development and tests).
          s.issuer.protocol === 'http:' && isLoopback(s.issuer) ? { execute: [oidc.allowInsecureRequests] } : {},
        )
        .catch((error: unknown) => {
          discovered = undefined
          throw error
        })
      return discovered
    }

    /** Back to the sign-in page with an error; the log names the step, never the person. */
    const fail = (request: FastifyRequest, reply: FastifyReply, reason: string, error?: unknown, code?: SsoError) => {
      const cause = error instanceof Error ? { name: error.name, code: (error as { code?: unknown }).code } : undefined
      request.log.warn({ sso: reason, cause }, 'SSO sign-in refused')
      return reply.redirect(`/staff/login?error=${code ?? 'sso_failed'}`, 302)
    }

    app.get(
      '/api/staff/sso',
      { schema: { response: { 200: Type.Object({ enabled: Type.Boolean() }) } } },
      async () => ({ enabled: settings !== undefined }),
    )

    app.get(
      '/api/staff/sso/start',
      // Each start stores a pending sign-in for ten minutes: keep anonymous callers from piling them up.
      { config: { rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (r) => `sso:${r.ip}` } } },
      async (request, reply) => {
        if (!settings) return fail(request, reply, 'disabled')
        let target: URL
        try {
          const client = await configuration(settings)
          const pending: PendingSignIn = {
            codeVerifier: oidc.randomPKCECodeVerifier(),
            state: oidc.randomState(),
            nonce: oidc.randomNonce(),
          }
          target = oidc.buildAuthorizationUrl(client, {
            redirect_uri: settings.redirectUri,
            scope: SCOPE,
            code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
            code_challenge_method: 'S256',
            state: pending.state,
            nonce: pending.nonce,
          })
          const id = randomBytes(32).toString('base64url')
          await deps.redis.set(pendingKey(id), JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS)
          setCookie(reply, SSO_COOKIE, id, PENDING_TTL_SECONDS)
        } catch (error) {
          return fail(request, reply, 'start', error)
        }
        return reply.redirect(target.href, 302)
      },
    )

    const completeSignIn = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!settings) return fail(request, reply, 'disabled')
      const pendingId = request.cookies[SSO_COOKIE]
      // One attempt per start: the pending sign-in is taken out of Redis whatever happens next.
      const stored = pendingId ? await deps.redis.getdel(pendingKey(pendingId)) : null
      if (pendingId) setCookie(reply, SSO_COOKIE, '', 0)
      if (!stored) return fail(request, reply, 'no_pending_sign_in')
      const pending = JSON.parse(stored) as PendingSignIn

      let claims: Record<string, unknown>
      let issuerAndSubject: string
      try {
        const client = await configuration(settings)
        const currentUrl = new URL(settings.redirectUri)
        currentUrl.search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
        const tokens = await oidc.authorizationCodeGrant(client, currentUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        })
        const idToken = tokens.claims()
        if (!idToken) return fail(request, reply, 'no_id_token')
        claims = { ...idToken }
        // IdPs often release profile and role claims at userinfo only; the ID token wins where both have one.
        const incomplete = claimAt(claims, deps.config.OIDC_ROLE_CLAIM) === undefined || claims.email === undefined
        if (incomplete && client.serverMetadata().userinfo_endpoint) {
          const userInfo = await oidc.fetchUserInfo(client, tokens.access_token, idToken.sub)
          claims = { ...userInfo, ...idToken }
        }
        issuerAndSubject = `${idToken.iss} ${idToken.sub}`
      } catch (error) {
        return fail(request, reply, 'code_exchange', error)
      }

      const role = mapSsoRole(claims, deps.config)
      if (!role) return fail(request, reply, 'no_mapped_role', undefined, 'sso_forbidden')
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : ''
      if (!email) return fail(request, reply, 'no_email')
      const organisationId = await findOrganisationIdBySlug(deps.db, settings.organisation)
      if (!organisationId) return fail(request, reply, 'organisation_unknown')

      const user = await upsertSsoUser(deps.db, {
        organisationId,
        subject: issuerAndSubject,
        email,
        displayName: displayNameOf(claims, email),
        role,
      })
      if (user === 'email_taken') return fail(request, reply, 'email_taken')
      if (!user.active) return fail(request, reply, 'deactivated', undefined, 'sso_forbidden')

      // Rotate exactly like the local sign-in: whatever session this browser had is dropped.
      const previous = request.cookies[STAFF_COOKIE]
      if (previous) await deleteStaffSession(deps.db, hashToken(previous))
      const absoluteSeconds = deps.config.STAFF_SESSION_ABSOLUTE_HOURS * 3600
      const { sessionId } = await createStaffSession(deps.db, {
        staffUserId: user.id,
        expiresAt: new Date(deps.now().getTime() + absoluteSeconds * 1000),
      })
      setCookie(reply, STAFF_COOKIE, sessionId, absoluteSeconds)
      return reply.redirect('/staff', 302)
    }

    app.get(
      '/api/staff/sso/callback',
      // The query holds the authorization code: keep the request line out of the info log.
      { logLevel: ['fatal', 'error'].includes(deps.config.LOG_LEVEL) ? deps.config.LOG_LEVEL : 'warn' },
      async (request, reply) => {
        try {
          return await completeSignIn(request, reply)
        } catch (error) {
          return fail(request, reply, 'internal', error)
        }
      },
    )
  }
