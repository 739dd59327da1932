import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type MessageKey, translate } from '../../packages/i18n/src/index.ts'
import { axeViolations } from '../support/a11y.ts'
import { createOrganisationWithAdvisor } from '../support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../support/inbox.ts'
import { e2eClients } from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'
import { daysAheadIn, wallClock } from '../support/wall-clock.ts'

const t = (key: MessageKey, params?: Record<string, string>) => translate('de', key, params)

describe('the advisor books an appointment through the form', () => {
  const clients = e2eClients()

  it('refuses the empty form, books tomorrow 10:00 in the organisation time zone, and the invitation arrives', async () => {
    const { organisation, advisor } = await createOrganisationWithAdvisor(clients.db)
    const { time_zone: timeZone } = await clients.db
      .selectFrom('organisations')
      .select('time_zone')
      .where('id', '=', organisation.id)
      .executeTakeFirstOrThrow()
    const bookedHere = () =>
      clients.db
        .selectFrom('appointments as a')
        .innerJoin('participants as p', 'p.appointment_id', 'a.id')
        .select(['a.id', 'a.starts_at', 'a.duration_minutes', 'a.advisor_id', 'p.first_name', 'p.email', 'p.language'])
        .where('a.organisation_id', '=', organisation.id)
        .execute()

    // A phone-sized window: the form must work at 360 px.
    const context = await clients.browser.newContext({ viewport: { width: 360, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${testEnv.PUBLIC_URL}/staff/login`)
    await page.getByLabel(t('staff.email')).fill(advisor.email)
    await page.getByLabel(t('staff.password')).fill(advisor.password)
    await page.getByRole('button', { name: t('staff.signIn') }).click()
    await page.waitForURL(`${testEnv.PUBLIC_URL}/staff`)
    // The navigation and the list both link to the form.
    await page
      .getByRole('link', { name: t('booking.newAppointment') })
      .first()
      .click()
    await page.waitForURL(`${testEnv.PUBLIC_URL}/staff/appointments/new`)
    await page.getByRole('heading', { name: t('booking.title') }).waitFor()
    expect(await axeViolations(page, 'booking form')).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    // Empty: every required field says what is missing, the summary takes the focus, nothing is booked.
    await page.getByRole('button', { name: t('booking.submit') }).click()
    const summary = page.getByRole('region', { name: t('booking.errorSummaryTitle') })
    await summary.waitFor()
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true)
    for (const key of ['firstNameMissing', 'lastNameMissing', 'emailMissing', 'timeMissing'] as const) {
      await summary.getByRole('link', { name: t(`booking.errors.${key}`) }).waitFor()
    }
    const firstName = page.getByLabel(t('booking.firstName'))
    expect(await firstName.getAttribute('aria-invalid')).toBe('true')
    expect(await firstName.evaluate((input) => input.getAttribute('aria-describedby'))).toMatch(/error/)
    expect(await axeViolations(page, 'booking form with errors')).toEqual([])
    expect(await bookedHere()).toEqual([])

    // Filled in: tomorrow 10:00 on the organisation's clock.
    const citizenEmail = `citizen-${randomUUID()}@test.example`
    const tomorrow = daysAheadIn(timeZone, 1)
    await firstName.fill('Erika')
    await page.getByLabel(t('booking.lastName')).fill('Musterfrau')
    await page.getByLabel(t('booking.email')).fill(citizenEmail)
    await page.getByLabel(t('booking.customerNumber')).fill('123D456789')
    await page.getByLabel(t('booking.date')).fill(tomorrow)
    await page.getByLabel(t('booking.time')).fill('10:00')
    await page.getByLabel(t('booking.duration')).selectOption('45')
    await page.getByRole('button', { name: t('booking.submit') }).click()

    const confirmation = page.getByRole('heading', { name: t('booking.success.title') })
    await confirmation.waitFor()
    expect(await confirmation.evaluate((element) => element === document.activeElement)).toBe(true)
    await page
      .getByText(
        t('booking.success.invitee', { name: 'Erika Musterfrau', role: t('staff.roleCitizen'), email: citizenEmail }),
      )
      .waitFor()
    expect(await axeViolations(page, 'booking confirmation')).toEqual([])

    const rows = await bookedHere()
    expect(rows).toHaveLength(1)
    const [row] = rows
    if (!row) throw new Error('no appointment')
    expect(wallClock(row.starts_at, timeZone)).toEqual({ date: tomorrow, time: '10:00' })
    expect(row.starts_at.getTime() % 60_000).toBe(0)
    expect(row).toMatchObject({
      duration_minutes: 45,
      advisor_id: advisor.id,
      first_name: 'Erika',
      email: citizenEmail,
      language: 'de',
    })
    const open = page.getByRole('link', { name: t('booking.success.open') })
    expect(await open.getAttribute('href')).toBe(`/staff/appointments/${row.id}`)
    await page.getByRole('button', { name: t('booking.success.another') }).waitFor()

    const [mail] = await waitForMail(citizenEmail)
    expect(mail?.Subject).toContain(organisation.name)
    expect(personalLinkIn(mail?.Text ?? '')).toMatch(/\/t\//)

    await open.click()
    await page.waitForURL(`${testEnv.PUBLIC_URL}/staff/appointments/${row.id}`)
    await context.close()
  })
})
