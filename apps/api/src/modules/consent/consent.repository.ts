import type { Db } from '@videotermin/db'

/**
 * The consent text a participant is asked to agree to: the organisation's latest version in
 * the participant's language (German if there is none in it), or version 0, the product's
 * default text, which the portal shows from its catalogue in the page language.
 */
export async function currentConsent(db: Db, organisationId: string, language: string) {
  const latest = await db
    .selectFrom('consent_texts')
    .select(['version', 'language', 'body'])
    .where('organisation_id', '=', organisationId)
    .where('version', '=', (eb) =>
      eb
        .selectFrom('consent_texts')
        .select((c) => c.fn.max('version').as('v'))
        .where('organisation_id', '=', organisationId),
    )
    .execute()
  if (latest.length === 0) return { version: 0, text: null }
  const text = latest.find((r) => r.language === language) ?? latest.find((r) => r.language === 'de') ?? latest[0]
  return { version: latest[0]?.version ?? 0, text: text?.body ?? null }
}

export async function recordConsent(db: Db, participantId: string, version: number, at: Date) {
  await db
    .updateTable('participants')
    .set({ consent_version: version, consented_at: at })
    .where('id', '=', participantId)
    .where('consent_withdrawn_at', 'is', null)
    .execute()
}
