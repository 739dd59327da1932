import { ErrorCode } from '@videotermin/contracts'
import type { FastifyRequest } from 'fastify'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { findParticipantBySession, type ParticipantContext } from './participant.repository.ts'

export const PARTICIPANT_COOKIE = '__Host-vt_p'

declare module 'fastify' {
  interface FastifyRequest {
    participant?: ParticipantContext
  }
}

/** A preHandler for routes of a personal link's holder: resolves the participant session cookie. */
export function requireParticipant(deps: AppDeps) {
  return async (request: FastifyRequest) => {
    const row = await currentParticipant(deps, request)
    if (!row) throw sessionGone()
    request.participant = row
  }
}

/**
 * The request's participant as the database has it now, through its session cookie; undefined
 * once that session is gone (the link was sent anew, the data purged, the session expired).
 * A long-lived request (the SSE stream) asks again whenever something changed.
 */
export async function currentParticipant(
  deps: Pick<AppDeps, 'db' | 'now'>,
  request: FastifyRequest,
): Promise<ParticipantContext | undefined> {
  const sessionId = request.cookies[PARTICIPANT_COOKIE]
  return sessionId ? findParticipantBySession(deps.db, sessionId, deps.now()) : undefined
}

export function participantOf(request: FastifyRequest): ParticipantContext {
  if (!request.participant) throw sessionGone()
  return request.participant
}

/** No session, or its participant or appointment is gone (purged, or the link replaced). */
export function sessionGone(): AppError {
  return new AppError(ErrorCode.unauthenticated, 'Please open the personal link from your e-mail again.')
}

/** Device checks, the waiting room and the call need a consent that was given and not withdrawn. */
export function assertConsented(participant: ParticipantContext): void {
  if (participant.consent_withdrawn_at) {
    throw new AppError(ErrorCode.forbidden, 'Consent was withdrawn. Please contact the organisation.')
  }
  if (!participant.consented_at) {
    throw new AppError(ErrorCode.forbidden, 'Please agree to the consent first.')
  }
}
