import type { Db } from '@videotermin/db'
import { sql } from 'kysely'
import { browserFamily, CONNECTIONS, osFamily } from './families.ts'

/** Days further back than this are final long since; bounds the hourly scan. */
const LOOKBACK_DAYS = 60

type Key = string // `${organisationId} ${day}`
const keyOf = (organisationId: string, day: string): Key => `${organisationId} ${day}`

interface DayStatistics {
  organisation_id: string
  day: string
  appointments_held: number
  no_shows: number
  cancellations: number
  duration_median_minutes: number | null
  checks_green: number
  checks_yellow: number
  checks_red: number
  browsers: Record<string, number>
  operating_systems: Record<string, number>
  connections: Record<string, number>
  survey_count: number
  satisfaction_sum: number
  satisfaction_count: number
  av_quality_sum: number
  av_quality_count: number
  use_again: Record<string, number>
  final: boolean
}

function empty(organisationId: string, day: string): DayStatistics {
  return {
    organisation_id: organisationId,
    day,
    appointments_held: 0,
    no_shows: 0,
    cancellations: 0,
    duration_median_minutes: null,
    checks_green: 0,
    checks_yellow: 0,
    checks_red: 0,
    browsers: {},
    operating_systems: {},
    connections: {},
    survey_count: 0,
    satisfaction_sum: 0,
    satisfaction_count: 0,
    av_quality_sum: 0,
    av_quality_count: 0,
    use_again: {},
    final: false,
  }
}

const add = (counts: Record<string, number>, key: string, n: number) => {
  counts[key] = (counts[key] ?? 0) + n
}

/**
 * Computes the daily aggregates (per organisation and day in its time zone) of every day that
 * is not final yet, from the raw data, and upserts them. A day becomes final once it is over
 * in the organisation's time zone and its last appointment has ended; final rows are never
 * recomputed, and the purge only touches appointments of final days, so the statistics are
 * always taken from data before it is deleted. Idempotent: a second run writes the same rows.
 */
export async function aggregateDailyStatistics(db: Db, now: Date): Promise<{ days: number; final: number }> {
  // Days with appointments or survey answers whose row is not final, up to today.
  const todo = await sql<{ organisation_id: string; day: string; today: string }>`
    with candidates as (
      select a.organisation_id, (a.starts_at at time zone o.time_zone)::date as day
      from appointments a join organisations o on o.id = a.organisation_id
      where a.starts_at <= ${now} and a.starts_at > ${now}::timestamptz - make_interval(days => ${LOOKBACK_DAYS})
      union
      select s.organisation_id, s.day from survey_responses s
      where s.day >= (${now}::timestamptz - make_interval(days => ${LOOKBACK_DAYS}))::date
    )
    select c.organisation_id, c.day::text as day, ((${now}::timestamptz at time zone o.time_zone)::date)::text as today
    from candidates c join organisations o on o.id = c.organisation_id
    where c.day <= (${now}::timestamptz at time zone o.time_zone)::date
      and not exists (
        select 1 from daily_statistics d
        where d.organisation_id = c.organisation_id and d.day = c.day and d.final
      )`.execute(db)
  if (todo.rows.length === 0) return { days: 0, final: 0 }

  const stats = new Map<Key, DayStatistics>()
  const today = new Map<Key, string>()
  for (const row of todo.rows) {
    stats.set(keyOf(row.organisation_id, row.day), empty(row.organisation_id, row.day))
    today.set(keyOf(row.organisation_id, row.day), row.today)
  }
  const organisations = todo.rows.map((r) => r.organisation_id)
  const days = todo.rows.map((r) => r.day)
  const todoTable = sql`unnest(${organisations}::uuid[], ${days}::date[]) as t(organisation_id, day)`

  const appointments = await sql<{
    organisation_id: string
    day: string
    held: string
    no_shows: string
    cancellations: string
    duration_median: number | null
    running: string
  }>`
    with appts as (
      select a.organisation_id, t.day, a.status, a.call_started_at, a.call_ended_at,
        a.starts_at + make_interval(mins => a.duration_minutes) as ends_at,
        exists (
          select 1 from call_presence cp
          where cp.appointment_id = a.id and cp.participant_id is not null and cp.joined_at is not null
        ) as citizen_joined
      from ${todoTable}
      join organisations o on o.id = t.organisation_id
      join appointments a on a.organisation_id = t.organisation_id
        and a.starts_at >= (t.day::timestamp at time zone o.time_zone)
        and a.starts_at < ((t.day + 1)::timestamp at time zone o.time_zone)
    )
    select organisation_id, day::text as day,
      count(*) filter (where status = 'scheduled' and citizen_joined) as held,
      count(*) filter (where status = 'scheduled' and not citizen_joined and ends_at <= ${now}) as no_shows,
      count(*) filter (where status = 'cancelled') as cancellations,
      percentile_cont(0.5) within group (order by extract(epoch from call_ended_at - call_started_at) / 60)
        filter (where status = 'scheduled' and citizen_joined and call_ended_at is not null) as duration_median,
      count(*) filter (where status = 'scheduled' and ends_at > ${now}) as running
    from appts group by organisation_id, day`.execute(db)
  const running = new Set<Key>()
  for (const row of appointments.rows) {
    const s = stats.get(keyOf(row.organisation_id, row.day))
    if (!s) continue
    s.appointments_held = Number(row.held)
    s.no_shows = Number(row.no_shows)
    s.cancellations = Number(row.cancellations)
    s.duration_median_minutes = row.duration_median === null ? null : Math.round(row.duration_median * 10) / 10
    if (Number(row.running) > 0) running.add(keyOf(row.organisation_id, row.day))
  }

  // Each participant's latest device check counts once, on the appointment's day.
  const checks = await sql<{
    organisation_id: string
    day: string
    overall: 'green' | 'yellow' | 'red'
    browser: string
    os: string
    connection: string | null
    n: string
  }>`
    with latest as (
      select distinct on (dc.participant_id) t.organisation_id, t.day, dc.overall, dc.browser, dc.os,
        dc.measurement -> 'connection' ->> 'protocol' as connection
      from ${todoTable}
      join organisations o on o.id = t.organisation_id
      join appointments a on a.organisation_id = t.organisation_id
        and a.starts_at >= (t.day::timestamp at time zone o.time_zone)
        and a.starts_at < ((t.day + 1)::timestamp at time zone o.time_zone)
      join participants p on p.appointment_id = a.id
      join device_checks dc on dc.participant_id = p.id
      where a.purged_at is null
      order by dc.participant_id, dc.created_at desc
    )
    select organisation_id, day::text as day, overall, ${browserFamily('browser')} as browser,
      ${osFamily('os')} as os, connection, count(*) as n
    from latest group by 1, 2, 3, 4, 5, 6`.execute(db)
  for (const row of checks.rows) {
    const s = stats.get(keyOf(row.organisation_id, row.day))
    if (!s) continue
    const n = Number(row.n)
    if (row.overall === 'green') s.checks_green += n
    else if (row.overall === 'yellow') s.checks_yellow += n
    else s.checks_red += n
    add(s.browsers, row.browser, n)
    add(s.operating_systems, row.os, n)
    const connection = (CONNECTIONS as readonly string[]).includes(row.connection ?? '')
      ? (row.connection ?? '')
      : 'none'
    add(s.connections, connection, n)
  }

  const surveys = await sql<{
    organisation_id: string
    day: string
    n: string
    satisfaction_sum: string | null
    satisfaction_count: string
    av_quality_sum: string | null
    av_quality_count: string
    yes: string
    no: string
    unsure: string
  }>`
    select s.organisation_id, s.day::text as day, count(*) as n,
      sum(s.satisfaction) as satisfaction_sum, count(s.satisfaction) as satisfaction_count,
      sum(s.av_quality) as av_quality_sum, count(s.av_quality) as av_quality_count,
      count(*) filter (where s.use_again = 'yes') as yes,
      count(*) filter (where s.use_again = 'no') as no,
      count(*) filter (where s.use_again = 'unsure') as unsure
    from ${todoTable} join survey_responses s on s.organisation_id = t.organisation_id and s.day = t.day
    group by 1, 2`.execute(db)
  for (const row of surveys.rows) {
    const s = stats.get(keyOf(row.organisation_id, row.day))
    if (!s) continue
    s.survey_count = Number(row.n)
    s.satisfaction_sum = Number(row.satisfaction_sum ?? 0)
    s.satisfaction_count = Number(row.satisfaction_count)
    s.av_quality_sum = Number(row.av_quality_sum ?? 0)
    s.av_quality_count = Number(row.av_quality_count)
    s.use_again = { yes: Number(row.yes), no: Number(row.no), unsure: Number(row.unsure) }
  }

  let finalCount = 0
  const rows = [...stats.entries()].map(([key, s]) => {
    s.final = s.day < (today.get(key) ?? s.day) && !running.has(key)
    if (s.final) finalCount++
    return {
      ...s,
      browsers: JSON.stringify(s.browsers),
      operating_systems: JSON.stringify(s.operating_systems),
      connections: JSON.stringify(s.connections),
      use_again: JSON.stringify(s.use_again),
      computed_at: now,
    }
  })
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('daily_statistics')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['organisation_id', 'day'])
          .doUpdateSet((eb) => ({
            appointments_held: eb.ref('excluded.appointments_held'),
            no_shows: eb.ref('excluded.no_shows'),
            cancellations: eb.ref('excluded.cancellations'),
            duration_median_minutes: eb.ref('excluded.duration_median_minutes'),
            checks_green: eb.ref('excluded.checks_green'),
            checks_yellow: eb.ref('excluded.checks_yellow'),
            checks_red: eb.ref('excluded.checks_red'),
            browsers: eb.ref('excluded.browsers'),
            operating_systems: eb.ref('excluded.operating_systems'),
            connections: eb.ref('excluded.connections'),
            survey_count: eb.ref('excluded.survey_count'),
            satisfaction_sum: eb.ref('excluded.satisfaction_sum'),
            satisfaction_count: eb.ref('excluded.satisfaction_count'),
            av_quality_sum: eb.ref('excluded.av_quality_sum'),
            av_quality_count: eb.ref('excluded.av_quality_count'),
            use_again: eb.ref('excluded.use_again'),
            final: eb.ref('excluded.final'),
            computed_at: eb.ref('excluded.computed_at'),
          }))
          // A final row stays as it was.
          .where('daily_statistics.final', '=', false),
      )
      .execute()
  }
  return { days: rows.length, final: finalCount }
}
