import type { SurveyBody } from '@videotermin/contracts'
import type { Db } from '@videotermin/db'

/**
 * Stores one anonymous answer: organisation and day only. The participant row only learns
 * *that* they answered (so nobody answers twice), never *what*; the two writes share a
 * transaction but no key, so the answer cannot be traced back.
 */
export async function recordSurveyAnswer(
  db: Db,
  input: { participantId: string; organisationId: string; timeZone: string; answer: SurveyBody; now: Date },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('participants')
      .set({ survey_answered_at: input.now })
      .where('id', '=', input.participantId)
      .where('survey_answered_at', 'is', null)
      .executeTakeFirst()
    if (marked.numUpdatedRows === 0n) return false
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: input.timeZone }).format(input.now)
    await trx
      .insertInto('survey_responses')
      .values({
        organisation_id: input.organisationId,
        day,
        satisfaction: input.answer.satisfaction ?? null,
        av_quality: input.answer.avQuality ?? null,
        use_again: input.answer.useAgain ?? null,
      })
      .execute()
    return true
  })
}
