import { timingSafeEqual } from 'node:crypto'
import { ErrorCode } from '@videotermin/contracts'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { findStaffSession, type StaffPrincipal, touchStaffSession } from './staff-session.repository.ts'

export const STAFF_COOKIE = '__Host-vt_staff'

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffPrincipal
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
// Writing last_seen_at on every request would turn reads into writes; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * A preHandler for everything under /api/staff that needs a signed-in user: resolves the
 * session cookie, enforces idle and absolute timeouts, and checks the CSRF header on
 * state-changing requests.
 */
export function requireStaff(deps: AppDeps) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const sessionId = request.cookies[STAFF_COOKIE]
    const now = deps.now()
    const principal = sessionId
      ? await findStaffSession(deps.db, sessionId, now, deps.config.STAFF_SESSION_IDLE_MINUTES)
      : undefined
    if (!principal) throw new AppError(ErrorCode.unauthenticated, 'Please sign in.')
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token']
      if (typeof header !== 'string' || !sameSecret(header, principal.csrfToken)) {
        throw new AppError(ErrorCode.csrf, 'The request could not be verified. Please reload the page.')
      }
    }
    if (now.getTime() - principal.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await touchStaffSession(deps.db, principal.sessionHash, now)
    }
    request.staff = principal
  }
}

/** The signed-in user of a request that passed requireStaff. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new AppError(ErrorCode.unauthenticated, 'Please sign in.')
  return request.staff
}

/** The signed-in user, if an admin; advisors get 403 (organisation settings, staff management). */
export function adminOf(request: FastifyRequest): StaffPrincipal {
  const staff = staffOf(request)
  if (staff.role !== 'admin') throw new AppError(ErrorCode.forbidden, 'Only admins can do this.')
  return staff
}
