import type { OrganisationSettings, OrganisationSettingsBody } from '@videotermin/contracts'
import { type Db, type Organisation, organisationContact } from '@videotermin/db'
import { sql } from 'kysely'

/** Versioned so browsers and proxies may cache a logo for as long as they like. */
export function logoUrl(organisation: Pick<Organisation, 'id' | 'logo_updated_at'>): string | null {
  if (!organisation.logo_updated_at) return null
  return `/api/organisations/${organisation.id}/logo?v=${organisation.logo_updated_at.getTime()}`
}

const SETTINGS_COLUMNS = [
  'id',
  'name',
  'address',
  'website',
  'support_phone',
  'support_hours',
  'support_email',
  'time_zone',
  'lobby_lead_minutes',
  'languages',
  'retention_days',
  'logo_updated_at',
] as const

export async function findOrganisationSettings(db: Db, organisationId: string): Promise<OrganisationSettings> {
  const row = await db
    .selectFrom('organisations')
    .select(SETTINGS_COLUMNS)
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow()
  return {
    id: row.id,
    ...organisationContact({ ...row, organisation_name: row.name }),
    lobbyLeadMinutes: row.lobby_lead_minutes,
    languages: row.languages.filter((l): l is 'de' | 'en' => l === 'de' || l === 'en'),
    retentionDays: row.retention_days,
    logoUrl: logoUrl(row),
  }
}

/** The languages citizens can be invited in; also used inside the booking transaction. */
export async function findOrganisationLanguages(db: Pick<Db, 'selectFrom'>, organisationId: string): Promise<string[]> {
  const row = await db
    .selectFrom('organisations')
    .select('languages')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow()
  return row.languages
}

export async function updateOrganisationSettings(
  db: Db,
  organisationId: string,
  settings: OrganisationSettingsBody,
): Promise<void> {
  await db
    .updateTable('organisations')
    .set({
      name: settings.name.trim(),
      address: settings.address.trim(),
      website: settings.website,
      support_phone: settings.supportPhone?.trim() ?? null,
      support_hours: settings.supportHours?.trim() ?? null,
      support_email: settings.supportEmail?.toLowerCase() ?? null,
      time_zone: settings.timeZone,
      lobby_lead_minutes: settings.lobbyLeadMinutes,
      languages: settings.languages,
    })
    .where('id', '=', organisationId)
    .execute()
}

export async function setLogo(
  db: Db,
  organisationId: string,
  logo: { bytes: Buffer; contentType: string } | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable('organisations')
    .set({
      logo: logo?.bytes ?? null,
      logo_content_type: logo?.contentType ?? null,
      logo_updated_at: logo ? now : null,
    })
    .where('id', '=', organisationId)
    .execute()
}

export async function findLogo(db: Db, organisationId: string) {
  return db
    .selectFrom('organisations')
    .select(['logo', 'logo_content_type'])
    .where('id', '=', organisationId)
    .where('logo', 'is not', null)
    .executeTakeFirst()
}

export async function listConsentTexts(db: Db, organisationId: string) {
  const rows = await db
    .selectFrom('consent_texts')
    .select(['version', 'language', 'body', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('version', 'desc')
    .orderBy('language')
    .execute()
  const versions = new Map<number, { version: number; createdAt: string; texts: Record<string, string> }>()
  for (const row of rows) {
    const entry = versions.get(row.version) ?? {
      version: row.version,
      createdAt: row.created_at.toISOString(),
      texts: {},
    }
    entry.texts[row.language] = row.body
    versions.set(row.version, entry)
  }
  return [...versions.values()]
}

/**
 * Adds the next version. Serialised per organisation by locking its row, so two admins
 * saving at once get versions n and n+1, never the same number twice.
 */
export async function addConsentTextVersion(
  db: Db,
  organisationId: string,
  texts: Record<string, string>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().execute()
    const { max } = await trx
      .selectFrom('consent_texts')
      .select(sql<number | null>`max(version)`.as('max'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow()
    const version = (max ?? 0) + 1
    await trx
      .insertInto('consent_texts')
      .values(
        Object.entries(texts).map(([language, body]) => ({
          organisation_id: organisationId,
          version,
          language,
          body: body.trim(),
        })),
      )
      .execute()
    return version
  })
}
