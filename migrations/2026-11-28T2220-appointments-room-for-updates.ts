import { type Kysely, sql } from 'kysely'

// Every appointment row is updated a few times in its life (moved, call started and ended,
// cancelled) and last by the purge, which sets `purged_at` on all of them. An update that
// changes no indexed column and finds room on the row's page is a HOT update: no new entries
// in the table's indexes. Two things stood in the way:
// - the partial index `appointments_unpurged` named `purged_at` in its predicate, so setting
//   it always wrote new index entries (with the bottom-up index deletion they set off, a third
//   of the purge's CPU time); the purge now finds the appointments not purged yet through
//   their participants, whose rows only exist until the purge;
// - pages were filled completely, so an updated row moved to another page; half of each new
//   page now stays free for the row versions of these updates (old versions are pruned
//   later). Rows written before this migration keep their pages.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('appointments_unpurged').ifExists().execute()
  await sql`alter table appointments set (fillfactor = 50)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.')
}
