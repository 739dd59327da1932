import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import { FileMigrationProvider, Migrator } from 'kysely/migration'

const defaultFolder = fileURLToPath(new URL('../../../migrations', import.meta.url))

/** Applies every pending migration from `migrations/`; throws (never swallows) on failure. */
export async function migrateToLatest(db: Kysely<any>, migrationFolder = defaultFolder): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
  })
  const { error, results = [] } = await migrator.migrateToLatest()
  const failed = results.find((r) => r.status === 'Error')
  if (error || failed) {
    const name = failed ? ` in ${failed.migrationName}` : ''
    throw new Error(`Migration failed${name}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
