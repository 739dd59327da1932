import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, ErrorCode, StatisticsQuery, StatisticsReport } from '@videotermin/contracts'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { adminOf, requireStaff } from '../staff-auth/require-staff.ts'
import { dailyStatistics } from './statistics.repository.ts'
import { buildReport } from './statistics.service.ts'

const MAX_DAYS = 366
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody }

/** Anonymous statistics of the admin's own organisation (daily aggregates the worker computes). */
export const statisticsRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addHook('preHandler', requireStaff(deps))

    app.get(
      '/api/staff/statistics',
      { schema: { querystring: StatisticsQuery, response: { 200: StatisticsReport, ...errors } } },
      async (request) => {
        const admin = adminOf(request)
        const { from, to } = request.query
        const fromMs = Date.parse(`${from}T00:00:00Z`)
        const toMs = Date.parse(`${to}T00:00:00Z`)
        if (Number.isNaN(fromMs) || Number.isNaN(toMs) || toMs < fromMs || toMs - fromMs > MAX_DAYS * 86_400_000) {
          throw new AppError(ErrorCode.badRequest, `Give a valid range of at most ${MAX_DAYS} days (from ≤ to).`)
        }
        const rows = await dailyStatistics(deps.db, admin.organisationId, from, to)
        return buildReport(from, to, rows)
      },
    )
  }
