import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  ConsentTextHistory,
  ErrorBody,
  ErrorCode,
  LOGO_CONTENT_TYPES,
  LOGO_MAX_BYTES,
  NewConsentTextBody,
  OrganisationSettings,
  OrganisationSettingsBody,
} from '@videotermin/contracts'
import { Type } from 'typebox'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { adminOf, requireStaff } from '../staff-auth/require-staff.ts'
import { isLogoType, logoMatchesType } from './logo.ts'
import {
  addConsentTextVersion,
  findLogo,
  findOrganisationSettings,
  listConsentTexts,
  setLogo,
  updateOrganisationSettings,
} from './organisation.repository.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody }

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** Organisation settings, logo and consent-text versions: admins of the organisation only. */
export const organisationRoutes =
  (deps: AppDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Public: citizens' pages show the logo. Organisation ids are not personal data.
    app.get(
      '/api/organisations/:id/logo',
      { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } },
      async (request, reply) => {
        const logo = await findLogo(deps.db, request.params.id)
        if (!logo?.logo || !logo.logo_content_type) throw new AppError(ErrorCode.notFound, 'No logo.')
        // The URL carries a version, so the image behind it never changes.
        return reply
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('content-security-policy', "default-src 'none'")
          .type(logo.logo_content_type)
          .send(logo.logo)
      },
    )

    app.register(async (scope) => {
      const admin = scope.withTypeProvider<TypeBoxTypeProvider>()
      admin.addHook('preHandler', requireStaff(deps))
      // Only for the logo route below, and only this scope: raw images, no JSON.
      admin.addContentTypeParser(
        [...LOGO_CONTENT_TYPES],
        { parseAs: 'buffer', bodyLimit: LOGO_MAX_BYTES },
        (_r, body, done) => done(null, body),
      )

      admin.get(
        '/api/staff/organisation',
        { schema: { response: { 200: OrganisationSettings, ...errors } } },
        async (request) => findOrganisationSettings(deps.db, adminOf(request).organisationId),
      )

      admin.put(
        '/api/staff/organisation',
        { schema: { body: OrganisationSettingsBody, response: { 200: OrganisationSettings, ...errors } } },
        async (request) => {
          const staff = adminOf(request)
          if (!isTimeZone(request.body.timeZone)) {
            throw new AppError(ErrorCode.badRequest, 'Unknown time zone: use a name such as Europe/Berlin.')
          }
          await updateOrganisationSettings(deps.db, staff.organisationId, request.body)
          return findOrganisationSettings(deps.db, staff.organisationId)
        },
      )

      admin.put(
        '/api/staff/organisation/logo',
        { schema: { response: { 200: OrganisationSettings, 413: ErrorBody, 415: ErrorBody, ...errors } } },
        async (request) => {
          const staff = adminOf(request)
          const contentType =
            String(request.headers['content-type'] ?? '')
              .split(';')[0]
              ?.trim() ?? ''
          const bytes = request.body
          if (!isLogoType(contentType) || !Buffer.isBuffer(bytes) || !logoMatchesType(bytes, contentType)) {
            throw new AppError(ErrorCode.badRequest, 'The logo must be a PNG, JPEG or WebP image of at most 200 KB.')
          }
          await setLogo(deps.db, staff.organisationId, { bytes, contentType }, deps.now())
          return findOrganisationSettings(deps.db, staff.organisationId)
        },
      )

      admin.delete(
        '/api/staff/organisation/logo',
        { schema: { response: { 200: OrganisationSettings, ...errors } } },
        async (request) => {
          const staff = adminOf(request)
          await setLogo(deps.db, staff.organisationId, null, deps.now())
          return findOrganisationSettings(deps.db, staff.organisationId)
        },
      )

      admin.get(
        '/api/staff/organisation/consent-texts',
        { schema: { response: { 200: ConsentTextHistory, ...errors } } },
        async (request) => ({ versions: await listConsentTexts(deps.db, adminOf(request).organisationId) }),
      )

      admin.post(
        '/api/staff/organisation/consent-texts',
        { schema: { body: NewConsentTextBody, response: { 201: ConsentTextHistory, ...errors } } },
        async (request, reply) => {
          const staff = adminOf(request)
          const { languages } = await findOrganisationSettings(deps.db, staff.organisationId)
          const texts = request.body.texts
          const missing = languages.filter((language) => !texts[language])
          if (missing.length > 0) {
            throw new AppError(
              ErrorCode.badRequest,
              `A text is needed in every offered language (missing: ${missing.join(', ')}).`,
            )
          }
          const offered = Object.fromEntries(
            languages.flatMap((language) => (texts[language] ? [[language, texts[language]]] : [])),
          )
          await addConsentTextVersion(deps.db, staff.organisationId, offered)
          return reply.code(201).send({ versions: await listConsentTexts(deps.db, staff.organisationId) })
        },
      )
    })
  }
