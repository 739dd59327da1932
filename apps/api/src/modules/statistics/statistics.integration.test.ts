import { describe, expect, it } from 'vitest'
import { testAppForFile } from '../../../../../tests/support/app.ts'
import { createOrganisationWithAdvisor, openTestDb } from '../../../../../tests/support/fixtures.ts'
import { injectAsStaff } from '../../../../../tests/support/staff-inject.ts'

const counts = (values: Record<string, number>) => JSON.stringify(values)

describe('GET /api/staff/statistics', () => {
  const db = openTestDb()
  const harness = testAppForFile(db)

  async function organisationWithStatistics() {
    const { organisation, advisor } = await createOrganisationWithAdvisor(db, { role: 'admin' })
    const day = (d: string, held: number, survey: { n: number; satisfaction: number }) => ({
      organisation_id: organisation.id,
      day: d,
      appointments_held: held,
      no_shows: 1,
      cancellations: 0,
      duration_median_minutes: 22.5,
      checks_green: held,
      checks_yellow: 2,
      checks_red: 0,
      browsers: counts({ Firefox: held, Safari: 1 }),
      operating_systems: counts({ Linux: held }),
      connections: counts({ udp: held, tcp: 2 }),
      survey_count: survey.n,
      satisfaction_sum: survey.satisfaction,
      satisfaction_count: survey.n,
      av_quality_sum: survey.n * 3,
      av_quality_count: survey.n,
      use_again: counts({ yes: survey.n, no: 0, unsure: 0 }),
      final: true,
      computed_at: new Date(),
    })
    await db
      .insertInto('daily_statistics')
      .values([
        day('2026-10-01', 3, { n: 2, satisfaction: 9 }),
        day('2026-10-02', 4, { n: 2, satisfaction: 8 }),
        day('2026-10-03', 7, { n: 3, satisfaction: 12 }),
        day('2026-09-01', 50, { n: 50, satisfaction: 250 }),
      ])
      .execute()
    return { organisation, advisor, asAdmin: await injectAsStaff(harness.app, advisor.email, advisor.password) }
  }

  it('sums the days of the range, and shows no count under 5 and no average of fewer than 5 answers', async () => {
    const { asAdmin } = await organisationWithStatistics()
    const response = await asAdmin('GET', '/api/staff/statistics?from=2026-10-01&to=2026-10-31')
    expect(response.statusCode).toBe(200)
    const report = response.json()
    expect(report.totals).toEqual({ appointmentsHeld: 14, noShows: '< 5', cancellations: '< 5' })
    expect(report.days).toEqual([
      { day: '2026-10-01', appointmentsHeld: '< 5', noShows: '< 5', cancellations: '< 5', durationMedianMinutes: null },
      { day: '2026-10-02', appointmentsHeld: '< 5', noShows: '< 5', cancellations: '< 5', durationMedianMinutes: null },
      { day: '2026-10-03', appointmentsHeld: 7, noShows: '< 5', cancellations: '< 5', durationMedianMinutes: 22.5 },
    ])
    expect(report.deviceChecks).toEqual({ green: 14, yellow: 6, red: '< 5' })
    expect(report.browsers).toEqual([
      { key: 'Firefox', count: 14 },
      { key: 'Safari', count: '< 5' },
    ])
    expect(report.connections).toEqual([
      { key: 'udp', count: 14 },
      { key: 'tcp', count: 6 },
    ])
    expect(report.survey).toEqual({
      responses: 7,
      satisfactionAverage: 4.1,
      avQualityAverage: 3,
      useAgain: { yes: 7, no: '< 5', unsure: '< 5' },
    })
    // The raw small numbers never leave the server.
    expect(response.body).not.toMatch(/"(?!satisfactionAverage|avQualityAverage)\w+":\s*[0-4][,}]/)

    const september = (await asAdmin('GET', '/api/staff/statistics?from=2026-09-01&to=2026-09-01')).json()
    expect(september.totals.appointmentsHeld).toBe(50)
    const few = (await asAdmin('GET', '/api/staff/statistics?from=2026-10-01&to=2026-10-02')).json()
    expect(few.survey).toMatchObject({ responses: '< 5', satisfactionAverage: null, avQualityAverage: null })
  })

  it('is for admins only, and refuses a bad range', async () => {
    const { organisation } = await organisationWithStatistics()
    const advisor = await createOrganisationWithAdvisor(db)
    await db
      .updateTable('staff_users')
      .set({ organisation_id: organisation.id })
      .where('id', '=', advisor.advisor.id)
      .execute()
    const asAdvisor = await injectAsStaff(harness.app, advisor.advisor.email, advisor.advisor.password)
    expect((await asAdvisor('GET', '/api/staff/statistics?from=2026-10-01&to=2026-10-31')).statusCode).toBe(403)
    expect((await harness.app.inject({ url: '/api/staff/statistics?from=2026-10-01&to=2026-10-31' })).statusCode).toBe(
      401,
    )
    const { asAdmin } = await organisationWithStatistics()
    for (const query of [
      'from=2026-10-31&to=2026-10-01',
      'from=2024-01-01&to=2026-01-01',
      'from=x&to=y',
      'from=2026-10-01',
    ]) {
      expect((await asAdmin('GET', `/api/staff/statistics?${query}`)).statusCode, query).toBe(400)
    }
  })
})
