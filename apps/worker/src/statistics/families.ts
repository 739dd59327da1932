import { sql } from 'kysely'

/**
 * Browser and operating-system families the statistics count. A fixed list, so an aggregate
 * never holds free text from a device check (a rare browser string could point to a person);
 * everything else is "other".
 */
export const BROWSER_FAMILIES = ['Edge', 'Opera', 'Samsung Internet', 'Firefox', 'Chrome', 'Safari', 'other', 'unknown']
export const OS_FAMILIES = ['Windows', 'macOS', 'iOS', 'Android', 'ChromeOS', 'Linux', 'other', 'unknown']
export const CONNECTIONS = ['udp', 'tcp', 'turn', 'none'] as const

/** SQL that maps a stored browser name ("Firefox 128", "Microsoft Edge 131") to its family. */
export const browserFamily = (column: string) => sql<string>`case
  when ${sql.ref(column)} is null then 'unknown'
  when ${sql.ref(column)} ~* 'edge' then 'Edge'
  when ${sql.ref(column)} ~* 'opera' then 'Opera'
  when ${sql.ref(column)} ~* 'samsung' then 'Samsung Internet'
  when ${sql.ref(column)} ~* 'firefox' then 'Firefox'
  when ${sql.ref(column)} ~* 'chrom' then 'Chrome'
  when ${sql.ref(column)} ~* 'safari' then 'Safari'
  else 'other' end`

/** The same for operating systems ("Windows 10", "Mac OS 14", "Android 15", "Ubuntu"). */
export const osFamily = (column: string) => sql<string>`case
  when ${sql.ref(column)} is null then 'unknown'
  when ${sql.ref(column)} ~* 'windows' then 'Windows'
  when ${sql.ref(column)} ~* '^i(os|pados)' then 'iOS'
  when ${sql.ref(column)} ~* 'mac' then 'macOS'
  when ${sql.ref(column)} ~* 'android' then 'Android'
  when ${sql.ref(column)} ~* 'chrom' then 'ChromeOS'
  when ${sql.ref(column)} ~* 'linux|ubuntu|debian|fedora' then 'Linux'
  else 'other' end`
