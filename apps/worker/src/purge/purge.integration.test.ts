import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '@videotermin/db'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../tests/support/fixtures.ts'
import { runMaintenance } from './maintenance.ts'

const DAY = 86_400_000
const IP = '203.0.113.77'

/**
 * Puts the marker into every text-like column of the given rows that takes it (columns with
 * a CHECK or of another type refuse it and are skipped): found from information_schema, so
 * a column added later is filled, and must be purged, without touching this test.
 */
async function fillWithMarker(db: Db, table: string, ids: string[], marker: string, idColumn = 'id') {
  const columns = await sql<{ column_name: string; data_type: string; udt_name: string }>`
    select column_name, data_type, udt_name from information_schema.columns
    where table_schema = 'public' and table_name = ${table}`.execute(db)
  for (const c of columns.rows) {
    if (c.column_name === idColumn) continue
    const col = sql.ref(c.column_name)
    const value = (() => {
      // Appended, so what the statistics read ("Firefox 128 …") still reads the same.
      if (c.data_type === 'text' || c.data_type === 'character varying')
        return sql`coalesce(${col} || ' ', '') || ${marker} || ' ' || ${sql.ref(idColumn)}::text`
      if (c.data_type === 'bytea')
        return sql`coalesce(${col}, ''::bytea) || convert_to(' ' || ${marker} || ' ' || ${sql.ref(idColumn)}::text, 'UTF8')`
      if (c.data_type === 'jsonb' || c.data_type === 'json')
        return sql`(case when jsonb_typeof(${col}::jsonb) = 'object' then ${col}::jsonb || jsonb_build_object('note', ${marker}::text) else to_jsonb(${marker}::text) end)::${sql.raw(c.data_type)}`
      if (c.udt_name === '_text') return sql`array[${marker}::text]`
      return undefined
    })()
    if (!value) continue
    await sql`update ${sql.table(table)} set ${col} = ${value} where ${sql.ref(idColumn)}::text = any(${ids})`
      .execute(db)
      .catch(() => {}) // a CHECK (role, kind, overall …) refuses free text: that column cannot hold it
  }
}

/** Every text-like column of every table (from information_schema), and where a needle occurs in it. */
async function findEverywhere(db: Db, needle: string) {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string; udt_name: string }>`
    select c.table_name, c.column_name, c.data_type, c.udt_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and (c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'inet', 'cidr')
           or c.udt_name in ('_text', '_varchar', 'citext'))`.execute(db)
  expect(columns.rows.length).toBeGreaterThan(30)
  const hits: string[] = []
  for (const c of columns.rows) {
    const col = sql.ref(c.column_name)
    const text = c.data_type === 'bytea' ? sql`encode(${col}, 'escape')` : sql`${col}::text`
    const found = await sql<{ n: string }>`
      select count(*) as n from ${sql.table(c.table_name)} where strpos(${text}, ${needle}) > 0`.execute(db)
    if (Number(found.rows[0]?.n) > 0) hits.push(`${c.table_name}.${c.column_name}`)
  }
  return hits
}

// Scanning every column of every table takes a while once the test database has filled up.
describe('purge of personal data after the retention period', { timeout: 120_000 }, () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  /** An organisation with a held appointment, a no-show and a cancelled one, everything personal marked. */
  async function organisationWithData(marker: string, options: { retentionDays?: number; startsAt?: Date } = {}) {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    if (options.retentionDays) {
      await db
        .updateTable('organisations')
        .set({ retention_days: options.retentionDays })
        .where('id', '=', organisation.id)
        .execute()
    }
    const startsAt = options.startsAt ?? new Date(Date.now() - 2 * 3600_000)
    const appointmentIds: string[] = []
    const participantIds: string[] = []
    for (const status of ['scheduled', 'scheduled', 'cancelled'] as const) {
      const appointment = await db
        .insertInto('appointments')
        .values({
          organisation_id: organisation.id,
          advisor_id: advisor.id,
          starts_at: startsAt,
          duration_minutes: 30,
          status,
          call_started_at: new Date(startsAt.getTime() + 60_000),
          call_ended_at: new Date(startsAt.getTime() + 21 * 60_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      appointmentIds.push(appointment.id)
      for (const role of ['citizen', 'interpreter'] as const) {
        const participant = await db
          .insertInto('participants')
          .values({
            appointment_id: appointment.id,
            role,
            first_name: `${marker} Vorname`,
            last_name: `${marker} Nachname`,
            email: `${marker.toLowerCase()}-${randomUUID()}@test.example`,
            customer_number: `${marker}-KD`,
            link_token_hash: createHash('sha256').update(randomUUID()).digest(),
            consent_version: 0,
            consented_at: startsAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        participantIds.push(participant.id)
        await db
          .insertInto('device_checks')
          .values({
            participant_id: participant.id,
            overall: role === 'citizen' ? 'green' : 'yellow',
            measurement: JSON.stringify({
              connection: { protocol: role === 'citizen' ? 'udp' : 'tcp' },
              network: { uploadKbps: 1200 },
            }),
            browser: `Firefox 128 ${marker}`,
            os: `Windows 11 ${marker}`,
            device_type: `desktop ${marker}`,
            ip_address: IP,
          })
          .execute()
        await db
          .insertInto('participant_sessions')
          .values({
            id_hash: Buffer.from(`${marker} session ${participant.id}`),
            participant_id: participant.id,
            expires_at: new Date(startsAt.getTime() + DAY),
          })
          .execute()
        await db
          .insertInto('outbox')
          .values({ kind: 'invitation', participant_id: participant.id, last_error: `550 ${marker} unknown` })
          .execute()
      }
    }
    // The first appointment was held: the citizen was in the call (a webhook recorded it).
    await db
      .insertInto('call_presence')
      .values({
        appointment_id: appointmentIds[0] ?? '',
        participant_id: participantIds[0] ?? null,
        livekit_sid: `PA_${randomUUID()}`,
        joined_at: new Date(startsAt.getTime() + 60_000),
        left_at: new Date(startsAt.getTime() + 21 * 60_000),
      })
      .execute()
    await db
      .insertInto('survey_responses')
      .values({
        organisation_id: organisation.id,
        day: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(startsAt),
        satisfaction: 4,
        av_quality: 5,
        use_again: 'yes',
      })
      .execute()
    // Every other column that takes text gets the marker too, so none can slip through.
    await fillWithMarker(db, 'participants', participantIds, marker)
    await fillWithMarker(db, 'device_checks', participantIds, marker, 'participant_id')
    await fillWithMarker(db, 'outbox', participantIds, marker, 'participant_id')
    await fillWithMarker(db, 'call_presence', participantIds, marker, 'participant_id')
    return { organisationId: organisation.id, appointmentIds, participantIds }
  }

  const statisticsOf = (organisationId: string) =>
    db.selectFrom('daily_statistics').selectAll().where('organisation_id', '=', organisationId).execute()

  it('erases every personal item after 14 days, in every column of every table, and the statistics still count', async () => {
    const marker = `PURGEMARK${randomUUID().slice(0, 8).toUpperCase()}`
    const data = await organisationWithData(marker)
    expect(await findEverywhere(db, marker)).toEqual(
      expect.arrayContaining([
        'participants.first_name',
        'participants.last_name',
        'participants.email',
        'participants.customer_number',
        'participants.link_token_hash',
        'participant_sessions.id_hash',
        'device_checks.browser',
        'device_checks.os',
        'device_checks.measurement',
        'outbox.last_error',
        'call_presence.livekit_sid',
      ]),
    )
    expect(await findEverywhere(db, IP)).toEqual(['device_checks.ip_address'])

    // Within the retention period nothing goes.
    await runMaintenance(db, new Date(Date.now() + 13 * DAY))
    expect(
      await db.selectFrom('participants').select('id').where('id', 'in', data.participantIds).execute(),
    ).toHaveLength(6)

    const later = new Date(Date.now() + 15 * DAY)
    const first = await runMaintenance(db, later)
    expect(first.purged.participants).toBeGreaterThanOrEqual(6)
    expect(await findEverywhere(db, marker)).toEqual([])
    expect(await findEverywhere(db, IP)).toEqual([])

    // The appointments stay, without personal data, and the statistics count them.
    const appointments = await db
      .selectFrom('appointments')
      .select(['status', 'purged_at', 'starts_at', 'duration_minutes'])
      .where('id', 'in', data.appointmentIds)
      .execute()
    expect(appointments).toHaveLength(3)
    expect(appointments.every((a) => a.purged_at !== null)).toBe(true)
    const [statistics] = await statisticsOf(data.organisationId)
    expect(statistics).toMatchObject({
      appointments_held: 1,
      no_shows: 1,
      cancellations: 1,
      duration_median_minutes: 20,
      checks_green: 3,
      checks_yellow: 3,
      checks_red: 0,
      browsers: { Firefox: 6 },
      operating_systems: { Windows: 6 },
      connections: { udp: 3, tcp: 3 },
      survey_count: 1,
      satisfaction_sum: 4,
      satisfaction_count: 1,
      use_again: { yes: 1, no: 0, unsure: 0 },
      final: true,
    })

    // Idempotent: a second run finds nothing and leaves the statistics as they were.
    const second = await runMaintenance(db, later)
    expect(second.purged).toMatchObject({ appointments: 0, participants: 0 })
    expect(await statisticsOf(data.organisationId)).toEqual([statistics])
  })

  it('honours a shorter retention period of the organisation, and refuses a longer one', async () => {
    const marker = `SHORTMARK${randomUUID().slice(0, 8).toUpperCase()}`
    const short = await organisationWithData(marker, { retentionDays: 7 })
    const standard = await organisationWithData(marker)
    const remaining = (ids: string[]) => db.selectFrom('participants').select('id').where('id', 'in', ids).execute()

    await runMaintenance(db, new Date(Date.now() + 6 * DAY))
    expect(await remaining(short.participantIds)).toHaveLength(6)

    await runMaintenance(db, new Date(Date.now() + 8 * DAY))
    expect(await remaining(short.participantIds)).toEqual([])
    expect(await remaining(standard.participantIds)).toHaveLength(6)
    expect(
      await db
        .selectFrom('device_checks')
        .select('id')
        .where('participant_id', 'in', standard.participantIds)
        .execute(),
    ).toHaveLength(6)
    expect((await statisticsOf(short.organisationId))[0]).toMatchObject({ appointments_held: 1, final: true })

    await expect(
      db.updateTable('organisations').set({ retention_days: 15 }).where('id', '=', short.organisationId).execute(),
    ).rejects.toThrow(/check constraint/)
  })

  it('deletes a device check 14 days after it was made, even when the appointment is weeks ahead', async () => {
    const marker = `EARLYMARK${randomUUID().slice(0, 8).toUpperCase()}`
    const ahead = await organisationWithData(marker, { startsAt: new Date(Date.now() + 30 * DAY) })
    await runMaintenance(db, new Date(Date.now() + 15 * DAY))
    expect(
      await db.selectFrom('device_checks').select('id').where('participant_id', 'in', ahead.participantIds).execute(),
    ).toEqual([])
    // The participants stay until 14 days after their appointment.
    expect(
      await db.selectFrom('participants').select('id').where('id', 'in', ahead.participantIds).execute(),
    ).toHaveLength(4)
  })
})
