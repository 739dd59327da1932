import { randomUUID } from 'node:crypto'
import { createDb, poolOf } from '@videotermin/db'
import { afterAll, describe, expect, it } from 'vitest'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { testEnv } from '../../../../../tests/support/test-env.ts'
import { bookAppointment } from '../appointments/booking.service.ts'
import { createParticipantSession, findParticipantBySession } from './participant.repository.ts'

const HOUR = 3600_000

describe('session lookups of link holders, gathered per turn of the event loop (real Postgres)', () => {
  const db = openTestDb()
  afterAll(async () => {
    await db.destroy()
  })

  async function participant() {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db)
    const booked = await bookAppointment(
      { db, linkEncryptionKey: testEnv.LINK_ENCRYPTION_KEY, publicUrl: testEnv.PUBLIC_URL, now: new Date() },
      { userId: advisor.id, organisationId: organisation.id, role: 'advisor' },
      {
        citizen: { firstName: 'Sina', lastName: 'Sitzung', email: `citizen-${randomUUID()}@test.example` },
        startsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
        durationMinutes: 30,
      },
    )
    return booked.participantId
  }

  it('answers each of many lookups asked at once with its own row, in one query', async () => {
    const [first, second] = [await participant(), await participant()]
    const now = new Date()
    const later = new Date(now.getTime() + 2 * HOUR)
    const sessions = {
      first: await createParticipantSession(db, first, later),
      firstOnAnotherDevice: await createParticipantSession(db, first, later),
      second: await createParticipantSession(db, second, later),
      expired: await createParticipantSession(db, second, new Date(now.getTime() - 1000)),
    }
    let checkouts = 0
    const pool = poolOf(db)
    const count = () => {
      checkouts += 1
    }
    pool.on('acquire', count)
    const found = await Promise.all([
      findParticipantBySession(db, sessions.first, now),
      findParticipantBySession(db, sessions.second, now),
      findParticipantBySession(db, 'no-such-session', now),
      findParticipantBySession(db, sessions.expired, now),
      findParticipantBySession(db, sessions.firstOnAnotherDevice, now),
      findParticipantBySession(db, sessions.first, now),
      // The same session, asked with a time after its expiry: expiry is each request's own.
      findParticipantBySession(db, sessions.first, new Date(later.getTime() + 1000)),
    ])
    pool.off('acquire', count)
    expect(found.map((row) => row?.participant_id ?? null)).toEqual([first, second, null, null, first, first, null])
    expect(found[0]?.first_name).toBe('Sina')
    expect(checkouts).toBe(1)
  })

  it('asked one after the other, each lookup still gets its answer', async () => {
    const id = await participant()
    const session = await createParticipantSession(db, id, new Date(Date.now() + HOUR))
    for (let i = 0; i < 3; i++) {
      expect((await findParticipantBySession(db, session, new Date()))?.participant_id).toBe(id)
    }
  })

  it('a failing query fails every lookup of its turn, and the next turn works again', async () => {
    const id = await participant()
    const session = await createParticipantSession(db, id, new Date(Date.now() + HOUR))
    // Nothing listens on port 9: the query fails to connect.
    const broken = createDb('postgres://127.0.0.1:9/videotermin')
    const results = await Promise.allSettled([
      findParticipantBySession(broken, session, new Date()),
      findParticipantBySession(broken, 'other', new Date()),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    await broken.destroy()
    expect((await findParticipantBySession(db, session, new Date()))?.participant_id).toBe(id)
  })
})
