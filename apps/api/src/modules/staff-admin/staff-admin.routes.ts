import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  AcceptInvitationBody,
  AdvisorList,
  ErrorBody,
  ErrorCode,
  InviteStaffBody,
  StaffInvitation,
  StaffUserIdParams,
  StaffUserList,
  StaffUserView,
  UpdateStaffUserBody,
} from '@videotermin/contracts'
import { hashToken, newLinkToken } from '@videotermin/links'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { hashPassword } from '../staff-auth/passwords.ts'
import { adminOf, requireStaff, staffOf } from '../staff-auth/require-staff.ts'
import {
  acceptInvitation,
  findStaffInOrganisation,
  insertInvitedStaff,
  listActiveAdvisors,
  listStaff,
  renewInvitation,
  toStaffUserView,
  updateStaff,
} from './staff-admin.repository.ts'

const INVITATION_DAYS = 7
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

/** A fresh one-time link; the token sits in the fragment, so it never reaches a server log. */
function newInvitation(publicUrl: string, now: Date) {
  const token = newLinkToken()
  return {
    tokenHash: hashToken(token),
    setupUrl: `${publicUrl.replace(/\/$/, '')}/staff/welcome#${token}`,
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000),
  }
}

/** Staff management for admins, the advisor list for booking, and accepting an invitation. */
export const staffAdminRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/staff/invitation/accept',
      {
        schema: { body: AcceptInvitationBody, response: { 204: Type.Null(), 400: ErrorBody, 429: ErrorBody } },
        config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (r) => `invite:${r.ip}` } },
      },
      async (request, reply) => {
        const passwordHash = await hashPassword(request.body.password)
        const accepted = await acceptInvitation(deps.db, hashToken(request.body.token), passwordHash, deps.now())
        if (!accepted) {
          throw new AppError(
            ErrorCode.badRequest,
            'This invitation link is not valid (any more). Please ask your administrator for a new one.',
          )
        }
        return reply.code(204).send(null)
      },
    )

    app.register(async (scope) => {
      const staffScope = scope.withTypeProvider<TypeBoxTypeProvider>()
      staffScope.addHook('preHandler', requireStaff(deps))

      staffScope.get(
        '/api/staff/advisors',
        { schema: { response: { 200: AdvisorList, ...errors } } },
        async (request) => ({
          advisors: await listActiveAdvisors(deps.db, staffOf(request).organisationId),
        }),
      )

      staffScope.get(
        '/api/staff/users',
        { schema: { response: { 200: StaffUserList, ...errors } } },
        async (request) => ({
          users: await listStaff(deps.db, adminOf(request).organisationId),
        }),
      )

      staffScope.post(
        '/api/staff/users',
        { schema: { body: InviteStaffBody, response: { 201: StaffInvitation, 409: ErrorBody, ...errors } } },
        async (request, reply) => {
          const staff = adminOf(request)
          const invitation = newInvitation(deps.config.PUBLIC_URL, deps.now())
          const created = await insertInvitedStaff(deps.db, {
            organisationId: staff.organisationId,
            email: request.body.email,
            displayName: request.body.displayName,
            role: request.body.role,
            tokenHash: invitation.tokenHash,
            expiresAt: invitation.expiresAt,
          })
          if (!created) throw new AppError(ErrorCode.conflict, 'An account with this e-mail address already exists.')
          return reply.code(201).send({
            user: toStaffUserView(created),
            setupUrl: invitation.setupUrl,
            expiresAt: invitation.expiresAt.toISOString(),
          })
        },
      )

      staffScope.post(
        '/api/staff/users/:id/invitation',
        { schema: { params: StaffUserIdParams, response: { 201: StaffInvitation, 409: ErrorBody, ...errors } } },
        async (request, reply) => {
          const staff = adminOf(request)
          const existing = await findStaffInOrganisation(deps.db, staff.organisationId, request.params.id)
          if (!existing) throw new AppError(ErrorCode.notFound, 'No such colleague.')
          const invitation = newInvitation(deps.config.PUBLIC_URL, deps.now())
          const renewed = await renewInvitation(
            deps.db,
            staff.organisationId,
            existing.id,
            invitation.tokenHash,
            invitation.expiresAt,
          )
          if (!renewed) throw new AppError(ErrorCode.conflict, 'This colleague has already set up their sign-in.')
          return reply.code(201).send({
            user: toStaffUserView(renewed),
            setupUrl: invitation.setupUrl,
            expiresAt: invitation.expiresAt.toISOString(),
          })
        },
      )

      staffScope.patch(
        '/api/staff/users/:id',
        {
          schema: {
            params: StaffUserIdParams,
            body: UpdateStaffUserBody,
            response: { 200: StaffUserView, 409: ErrorBody, ...errors },
          },
        },
        async (request) => {
          const staff = adminOf(request)
          const outcome = await updateStaff(deps.db, staff.organisationId, request.params.id, request.body)
          if (outcome === 'not-found') throw new AppError(ErrorCode.notFound, 'No such colleague.')
          if (outcome === 'last-admin') {
            throw new AppError(ErrorCode.conflict, 'The organisation needs at least one active admin.')
          }
          const updated = await findStaffInOrganisation(deps.db, staff.organisationId, request.params.id)
          if (!updated) throw new AppError(ErrorCode.notFound, 'No such colleague.')
          return toStaffUserView(updated)
        },
      )
    })
  }
