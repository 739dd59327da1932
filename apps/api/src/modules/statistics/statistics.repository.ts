import type { Db } from '@videotermin/db'

/** The organisation's daily aggregates from `from` to `to` (inclusive), oldest first. */
export async function dailyStatistics(db: Db, organisationId: string, from: string, to: string) {
  return db
    .selectFrom('daily_statistics')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute()
}

export type DailyStatisticsRow = Awaited<ReturnType<typeof dailyStatistics>>[number]
