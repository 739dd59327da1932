import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ErrorBody, ErrorCode, LoginBody, StaffSession } from '@videotermin/contracts'
import { isLanguage } from '@videotermin/i18n'
import { hashToken } from '@videotermin/links'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { verifyPassword } from './passwords.ts'
import { requireStaff, STAFF_COOKIE, staffOf } from './require-staff.ts'
import {
  createStaffSession,
  deleteStaffSession,
  findStaffSession,
  findStaffUserForLogin,
  type StaffPrincipal,
} from './staff-session.repository.ts'

function toSession(principal: StaffPrincipal) {
  return {
    user: {
      id: principal.userId,
      displayName: principal.displayName,
      role: principal.role,
      organisation: {
        id: principal.organisationId,
        name: principal.organisationName,
        timeZone: principal.organisationTimeZone,
        languages: principal.organisationLanguages.filter(isLanguage),
      },
    },
    csrfToken: principal.csrfToken,
  }
}

function setStaffCookie(reply: FastifyReply, value: string, maxAgeSeconds: number) {
  reply.setCookie(STAFF_COOKIE, value, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    maxAge: maxAgeSeconds,
  })
}

/** Sign-in with a local account, sign-out and "who am I" for the staff workspace. */
export const staffAuthRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/staff/login',
      {
        schema: { body: LoginBody, response: { 200: StaffSession, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody } },
        config: {
          // Per address and account: slows guessing one password without locking out a
          // whole office behind one NAT. Runs after validation, so the body is parsed.
          rateLimit: {
            max: 10,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (request) =>
              `login:${request.ip}:${String((request.body as { email?: string }).email).toLowerCase()}`,
          },
        },
      },
      async (request, reply) => {
        const user = await findStaffUserForLogin(deps.db, request.body.email)
        const valid = await verifyPassword(user?.password_hash, request.body.password)
        // One answer for unknown address, wrong password and deactivated account: no enumeration.
        if (!user || !valid || !user.active) {
          throw new AppError(ErrorCode.unauthenticated, 'E-mail address or password is not correct.')
        }
        // Rotate: whatever session this browser had before is dropped.
        const previous = request.cookies[STAFF_COOKIE]
        if (previous) await deleteStaffSession(deps.db, hashToken(previous))
        const now = deps.now()
        const absoluteSeconds = deps.config.STAFF_SESSION_ABSOLUTE_HOURS * 3600
        const { sessionId } = await createStaffSession(deps.db, {
          staffUserId: user.id,
          expiresAt: new Date(now.getTime() + absoluteSeconds * 1000),
        })
        const principal = await findStaffSession(deps.db, sessionId, now, deps.config.STAFF_SESSION_IDLE_MINUTES)
        if (!principal) throw new AppError(ErrorCode.internal, 'Session could not be created.')
        setStaffCookie(reply, sessionId, absoluteSeconds)
        return toSession(principal)
      },
    )

    app.register(async (scope) => {
      const authed = scope.withTypeProvider<TypeBoxTypeProvider>()
      authed.addHook('preHandler', requireStaff(deps))

      authed.get('/api/staff/me', { schema: { response: { 200: StaffSession, 401: ErrorBody } } }, async (request) =>
        toSession(staffOf(request)),
      )

      authed.post(
        '/api/staff/logout',
        { schema: { response: { 204: Type.Null(), 401: ErrorBody, 403: ErrorBody } } },
        async (request, reply) => {
          await deleteStaffSession(deps.db, staffOf(request).sessionHash)
          setStaffCookie(reply, '', 0)
          return reply.code(204).send(null)
        },
      )
    })
  }
