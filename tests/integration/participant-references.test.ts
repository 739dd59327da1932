import { createHash, randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createOrganisationWithAdvisor, openTestDb } from '../support/fixtures.ts'
import { testEnv } from '../support/test-env.ts'

// Device checks, sessions, outbox rows and presence refer to a participant through triggers
// rather than foreign keys (migration 2200: the purge deletes participants set-based). These
// are the foreign keys' guarantees, each checked against the real database.
describe('references to participants (device checks, sessions, outbox, presence)', () => {
  const db = openTestDb()
  afterAll(() => db.destroy())

  async function participant() {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const appointment = await db
      .insertInto('appointments')
      .values({
        organisation_id: organisation.id,
        advisor_id: advisor.id,
        starts_at: new Date(Date.now() + 3600_000),
        duration_minutes: 30,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { id } = await db
      .insertInto('participants')
      .values({
        appointment_id: appointment.id,
        role: 'citizen',
        first_name: 'Rita',
        last_name: 'Referenz',
        email: `ref-${randomUUID()}@test.example`,
        link_token_hash: createHash('sha256').update(randomUUID()).digest(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { appointmentId: appointment.id, participantId: id }
  }

  /** One row in each table that refers to the participant. */
  async function children(appointmentId: string, participantId: string) {
    await db
      .insertInto('device_checks')
      .values({ participant_id: participantId, overall: 'green', measurement: '{}' })
      .execute()
    await db
      .insertInto('participant_sessions')
      .values({
        id_hash: createHash('sha256').update(randomUUID()).digest(),
        participant_id: participantId,
        expires_at: new Date(Date.now() + 3600_000),
      })
      .execute()
    await db.insertInto('outbox').values({ kind: 'invitation', participant_id: participantId }).execute()
    await db
      .insertInto('call_presence')
      .values({ appointment_id: appointmentId, participant_id: participantId, livekit_sid: `PA_${randomUUID()}` })
      .execute()
  }

  async function childCounts(participantId: string) {
    const row = await sql<{ checks: string; sessions: string; mails: string; presence: string }>`
      select (select count(*) from device_checks where participant_id = ${participantId}) as checks,
        (select count(*) from participant_sessions where participant_id = ${participantId}) as sessions,
        (select count(*) from outbox where participant_id = ${participantId}) as mails,
        (select count(*) from call_presence where participant_id = ${participantId}) as presence`.execute(db)
    const r = row.rows[0]
    return [r?.checks, r?.sessions, r?.mails, r?.presence].map(Number)
  }

  it('deleting participants deletes what refers to them, and nothing of anyone else', async () => {
    const gone = await participant()
    const gone2 = await participant()
    const stays = await participant()
    for (const p of [gone, gone2, stays]) await children(p.appointmentId, p.participantId)

    await db.deleteFrom('participants').where('id', 'in', [gone.participantId, gone2.participantId]).execute()

    expect(await childCounts(gone.participantId)).toEqual([0, 0, 0, 0])
    expect(await childCounts(gone2.participantId)).toEqual([0, 0, 0, 0])
    expect(await childCounts(stays.participantId)).toEqual([1, 1, 1, 1])
  })

  it('refuses a row naming a participant that does not exist, as a foreign key violation', async () => {
    const { appointmentId, participantId } = await participant()
    const missing = randomUUID()
    const attempts = [
      () =>
        db
          .insertInto('device_checks')
          .values({ participant_id: missing, overall: 'green', measurement: '{}' })
          .execute(),
      () =>
        db
          .insertInto('participant_sessions')
          .values({ id_hash: Buffer.from(randomUUID()), participant_id: missing, expires_at: new Date() })
          .execute(),
      () => db.insertInto('outbox').values({ kind: 'invitation', participant_id: missing }).execute(),
      () =>
        db
          .insertInto('call_presence')
          .values({ appointment_id: appointmentId, participant_id: missing, livekit_sid: `PA_${randomUUID()}` })
          .execute(),
    ]
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: '23503' })

    // Moving an existing row to a missing participant is refused the same way.
    await children(appointmentId, participantId)
    await expect(
      db.updateTable('outbox').set({ participant_id: missing }).where('participant_id', '=', participantId).execute(),
    ).rejects.toMatchObject({ code: '23503' })
    // A staff member's presence names no participant, which is allowed.
    const { advisor_id } = await db
      .selectFrom('appointments')
      .select('advisor_id')
      .where('id', '=', appointmentId)
      .executeTakeFirstOrThrow()
    await db
      .insertInto('call_presence')
      .values({ appointment_id: appointmentId, staff_user_id: advisor_id, livekit_sid: `PA_${randomUUID()}` })
      .execute()
  })

  it("refuses to change a participant's id", async () => {
    const { participantId } = await participant()
    await expect(
      db.updateTable('participants').set({ id: randomUUID() }).where('id', '=', participantId).execute(),
    ).rejects.toMatchObject({ code: '23503' })
  })

  describe('concurrently', () => {
    const clients: pg.Client[] = []
    const connect = async () => {
      const client = new pg.Client({ connectionString: testEnv.DATABASE_URL })
      await client.connect()
      clients.push(client)
      return client
    }
    afterAll(() => Promise.all(clients.map((c) => c.end())))

    /** Resolves once the given backend waits for a lock (never by time). */
    async function waitsForLock(pid: number) {
      for (;;) {
        const r = await sql<{ waiting: boolean }>`
          select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = ${pid}`.execute(db)
        if (r.rows[0]?.waiting) return
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    const pidOf = async (client: pg.Client) => (await client.query('select pg_backend_pid() as pid')).rows[0].pid

    it('a delete waits for a transaction that adds a row for the participant, then takes that row with it', async () => {
      const { participantId } = await participant()
      const writer = await connect()
      const deleter = await connect()
      const deleterPid = await pidOf(deleter)
      await writer.query('begin')
      await writer.query(
        `insert into device_checks (participant_id, overall, measurement) values ($1, 'green', '{}')`,
        [participantId],
      )
      const deleting = deleter.query('delete from participants where id = $1', [participantId])
      await waitsForLock(deleterPid)
      await writer.query('commit')
      await deleting
      expect(await childCounts(participantId)).toEqual([0, 0, 0, 0])
    })

    it('a row added while the participant is being deleted waits, then is refused', async () => {
      const { participantId } = await participant()
      const deleter = await connect()
      const writer = await connect()
      const writerPid = await pidOf(writer)
      await deleter.query('begin')
      await deleter.query('delete from participants where id = $1', [participantId])
      const writing = writer
        .query(`insert into device_checks (participant_id, overall, measurement) values ($1, 'green', '{}')`, [
          participantId,
        ])
        .then(
          () => 'inserted',
          (error: { code?: string }) => error.code,
        )
      await waitsForLock(writerPid)
      await deleter.query('commit')
      expect(await writing).toBe('23503')
      expect(await childCounts(participantId)).toEqual([0, 0, 0, 0])
    })
  })
})
