import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { type Language, type MessageKey, translate } from '../../packages/i18n/src/index.ts'
import { axeViolations, tabTo } from '../support/a11y.ts'
import { createOrganisationWithAdvisor } from '../support/fixtures.ts'
import { advisorOpensAppointment, bookedAppointment, e2eClients, mediaContext } from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'

const chooseLanguage = (language: Language) => `localStorage.setItem('videotermin.language', '${language}')`

/** Completes the device check on the page (the tone was heard). */
async function passDeviceCheck(page: Page, t: (key: MessageKey) => string) {
  await page.getByRole('button', { name: t('deviceCheck.start') }).click()
  await page.getByRole('button', { name: t('deviceCheck.speaker.play') }).click()
  await page.getByRole('button', { name: t('deviceCheck.speaker.yes'), exact: true }).click()
  await page.getByText(t('deviceCheck.result.green')).first().waitFor({ timeout: 60_000 })
}

describe.each(['de', 'en'] as const)('accessibility in %s: axe finds nothing on any page', (language) => {
  const t = (key: MessageKey, params?: Record<string, string>) => translate(language, key, params)
  const clients = e2eClients()

  async function newContext(): Promise<BrowserContext> {
    const context = await mediaContext(clients.browser)
    await context.addInitScript(chooseLanguage(language))
    return context
  }

  it('public pages, state pages and the staff sign-in', async () => {
    const violations: string[] = []
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(testEnv.PUBLIC_URL)
    await page.getByRole('heading', { name: t('home.title') }).waitFor()
    violations.push(...(await axeViolations(page, 'home')))
    await page.goto(`${testEnv.PUBLIC_URL}/check`)
    await page.getByRole('button', { name: t('deviceCheck.start') }).waitFor()
    violations.push(...(await axeViolations(page, 'public check, start')))
    await passDeviceCheck(page, t)
    violations.push(...(await axeViolations(page, 'public check, result')))
    await page.goto(`${testEnv.PUBLIC_URL}/t/${'x'.repeat(43)}`)
    await page.getByRole('heading', { name: t('states.unknownLinkTitle') }).waitFor()
    violations.push(...(await axeViolations(page, 'unknown link')))

    const cancelled = await bookedAppointment(clients.db, { language })
    await clients.db
      .updateTable('appointments')
      .set({ status: 'cancelled' })
      .where('id', '=', cancelled.appointmentId)
      .execute()
    await page.goto(cancelled.link)
    await page.getByRole('heading', { name: t('states.cancelledTitle') }).waitFor()
    violations.push(...(await axeViolations(page, 'cancelled')))

    const past = await bookedAppointment(clients.db, { language })
    await clients.db
      .updateTable('appointments')
      .set({ starts_at: new Date(Date.now() - 3 * 3600_000) })
      .where('id', '=', past.appointmentId)
      .execute()
    await page.goto(past.link)
    await page.getByRole('heading', { name: t('states.overTitle') }).waitFor()
    violations.push(...(await axeViolations(page, 'over')))

    await page.goto(`${testEnv.PUBLIC_URL}/staff/login`)
    await page.getByRole('heading', { name: t('staff.signInTitle') }).waitFor()
    violations.push(...(await axeViolations(page, 'staff sign-in')))

    const unsupportedContext = await clients.browser.newContext()
    await unsupportedContext.addInitScript(`${chooseLanguage(language)}; delete window.RTCPeerConnection;`)
    const old = await unsupportedContext.newPage()
    const other = await bookedAppointment(clients.db, { language })
    await old.goto(other.link)
    await old.getByRole('heading', { name: t('states.unsupportedTitle') }).waitFor()
    violations.push(...(await axeViolations(old, 'browser not supported')))
    await unsupportedContext.close()
    await context.close()
    expect(violations).toEqual([])
  })

  it('the admin’s statistics page: every chart has its table, and the period can be chosen by keyboard', async () => {
    const { organisation, advisor: admin } = await createOrganisationWithAdvisor(clients.db, { role: 'admin' })
    const day = (daysAgo: number, held: number) => ({
      organisation_id: organisation.id,
      day: new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10),
      appointments_held: held,
      no_shows: 2,
      cancellations: 6,
      duration_median_minutes: 24,
      checks_green: held,
      checks_yellow: 5,
      checks_red: 1,
      browsers: JSON.stringify({ Firefox: held, Chrome: 7, other: 1 }),
      operating_systems: JSON.stringify({ Windows: held, Linux: 3 }),
      connections: JSON.stringify({ udp: held, tcp: 6 }),
      survey_count: 6,
      satisfaction_sum: 24,
      satisfaction_count: 6,
      av_quality_sum: 25,
      av_quality_count: 6,
      use_again: JSON.stringify({ yes: 5, no: 1, unsure: 0 }),
      final: true,
      computed_at: new Date(),
    })
    await clients.db
      .insertInto('daily_statistics')
      .values([day(3, 8), day(2, 3), day(1, 12)])
      .execute()
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(`${testEnv.PUBLIC_URL}/staff/login`)
    await page.getByLabel(t('staff.email')).fill(admin.email)
    await page.getByLabel(t('staff.password')).fill(admin.password)
    await page.getByRole('button', { name: t('staff.signIn') }).click()
    await page.waitForURL(`${testEnv.PUBLIC_URL}/staff`)
    await page.goto(`${testEnv.PUBLIC_URL}/staff/statistics`)
    await page.getByRole('heading', { name: t('statistics.title'), level: 1 }).waitFor()
    await page.getByRole('heading', { name: t('statistics.overview') }).waitFor()
    expect(await page.locator('figure.statistics-chart').count()).toBe(6)
    expect(await page.locator('figure.statistics-chart table').count()).toBe(6)
    // Small counts never reach the page as numbers.
    await page.getByRole('row', { name: new RegExp(`${t('statistics.red')} < 5`) }).waitFor()
    const violations = await axeViolations(page, 'statistics')

    // Keyboard only: a period without data, chosen with Tab and typing, shown with Enter.
    await tabTo(page, t('statistics.from'))
    await page.keyboard.type('01012020')
    await tabTo(page, t('statistics.to'))
    await page.keyboard.type('01022020')
    await tabTo(page, t('statistics.show'))
    await page.keyboard.press('Enter')
    await page.getByText(t('statistics.empty')).waitFor()
    violations.push(...(await axeViolations(page, 'statistics, empty period')))
    await context.close()
    expect(violations).toEqual([])
  })

  it('every step of the citizen path and the advisor’s pages, including the call and the survey', async () => {
    const violations: string[] = []
    const booked = await bookedAppointment(clients.db, { language, startsInMinutes: 2 })
    const context = await newContext()
    const citizen = await context.newPage()
    await citizen.goto(booked.link)
    await citizen.getByRole('heading', { name: t('consent.title') }).waitFor()
    violations.push(...(await axeViolations(citizen, 'consent')))
    await citizen.getByRole('button', { name: t('consent.disagree') }).click()
    await citizen.getByRole('heading', { name: t('consent.refusedTitle') }).waitFor()
    violations.push(...(await axeViolations(citizen, 'consent refused')))
    await citizen.getByRole('button', { name: t('consent.reconsider') }).click()
    await citizen.getByRole('button', { name: t('consent.agree') }).click()
    await citizen.getByRole('button', { name: t('deviceCheck.start') }).waitFor()
    violations.push(...(await axeViolations(citizen, 'device check, start')))
    await passDeviceCheck(citizen, t)
    violations.push(...(await axeViolations(citizen, 'device check, result')))
    const next = citizen.getByRole('button', { name: t('lobby.continue') })
    await expect.poll(() => next.isEnabled(), { timeout: 10_000 }).toBe(true)
    await next.click()
    await citizen.getByRole('heading', { name: t('lobby.title') }).waitFor()
    violations.push(...(await axeViolations(citizen, 'lobby')))
    await citizen.getByRole('button', { name: t('lobby.enter') }).click()
    await citizen.getByRole('heading', { name: t('waiting.title') }).waitFor()
    violations.push(...(await axeViolations(citizen, 'waiting room')))

    const staffContext = await newContext()
    const staffList = await staffContext.newPage()
    // advisorOpensAppointment signs in through the German form; the language is per browser.
    const advisor = await advisorOpensAppointment(staffContext, booked.advisor, booked.appointmentId).catch(
      async () => {
        await staffList.goto(`${testEnv.PUBLIC_URL}/staff/login`)
        await staffList.getByLabel(t('staff.email')).fill(booked.advisor.email)
        await staffList.getByLabel(t('staff.password')).fill(booked.advisor.password)
        await staffList.getByRole('button', { name: t('staff.signIn') }).click()
        await staffList.waitForURL(`${testEnv.PUBLIC_URL}/staff`)
        return staffList
      },
    )
    if (advisor === staffList) {
      await advisor.getByRole('table').waitFor()
      violations.push(...(await axeViolations(advisor, 'staff appointments')))
      await advisor.goto(`${testEnv.PUBLIC_URL}/staff/appointments/${booked.appointmentId}`)
    }
    const admitButton = advisor.getByRole('button', { name: t('staff.admitNamed', { name: booked.citizenName }) })
    await admitButton.waitFor()
    violations.push(...(await axeViolations(advisor, 'staff live view')))
    await advisor.getByRole('button', { name: t('staff.joinCall') }).click()
    await advisor.locator('.lk-participant-tile[data-lk-local-participant="true"]').first().waitFor()
    await admitButton.click()
    await citizen.locator('.lk-participant-tile[data-lk-local-participant="false"] video').first().waitFor()
    await advisor.locator('.lk-participant-tile[data-lk-local-participant="false"] video').first().waitFor()
    violations.push(...(await axeViolations(citizen, 'call (citizen)')))
    violations.push(...(await axeViolations(advisor, 'call (advisor)')))
    await citizen.getByRole('button', { name: t('call.chat') }).click()
    violations.push(...(await axeViolations(citizen, 'call with chat open')))

    await citizen.getByRole('button', { name: t('call.leave') }).click()
    await citizen.getByRole('heading', { name: t('survey.title') }).waitFor()
    violations.push(...(await axeViolations(citizen, 'survey')))
    await citizen.getByRole('button', { name: t('survey.skip') }).click()
    await citizen.getByRole('heading', { name: t('survey.thanksTitle') }).waitFor()
    violations.push(...(await axeViolations(citizen, 'thanks')))
    await advisor.getByRole('button', { name: t('call.leave') }).click()
    await context.close()
    await staffContext.close()
    expect(violations).toEqual([])
  }, 240_000) // the whole path on both sides with axe on every page took 107 s on a busy machine: more than the default leaves
})

describe('keyboard only', () => {
  const clients = e2eClients()

  it('the citizen path can be completed with the Tab, Enter and Space keys alone', async () => {
    const t = (key: MessageKey, params?: Record<string, string>) => translate('de', key, params)
    const booked = await bookedAppointment(clients.db, { startsInMinutes: 2 })
    const context = await mediaContext(clients.browser)
    const citizen = await context.newPage()
    await citizen.goto(booked.link)
    await citizen.getByRole('heading', { name: t('consent.title') }).waitFor()
    const press = async (name: string, key = 'Enter') => {
      // Wait until it is there (steps load lazily), then reach it with the keyboard.
      await citizen.getByRole('button', { name, exact: true }).first().waitFor({ timeout: 60_000 })
      await tabTo(citizen, name)
      await citizen.keyboard.press(key)
    }
    await press(t('consent.agree'))
    await press(t('deviceCheck.start'))
    await citizen.getByRole('button', { name: t('deviceCheck.speaker.play') }).waitFor({ timeout: 30_000 })
    await press(t('deviceCheck.speaker.play'), 'Space')
    await citizen.getByRole('button', { name: t('deviceCheck.speaker.yes'), exact: true }).waitFor()
    await press(t('deviceCheck.speaker.yes'))
    const next = citizen.getByRole('button', { name: t('lobby.continue') })
    await expect.poll(() => next.isEnabled(), { timeout: 60_000 }).toBe(true)
    await press(t('lobby.continue'))
    await press(t('lobby.enter'))
    await citizen.getByRole('heading', { name: t('waiting.title') }).waitFor()

    const staff = await mediaContext(clients.browser)
    const advisor = await advisorOpensAppointment(staff, booked.advisor, booked.appointmentId)
    await advisor.getByRole('button', { name: t('staff.admitNamed', { name: booked.citizenName }) }).click()
    await citizen.locator('.lk-participant-tile').first().waitFor()
    await press(t('call.leave'))
    await citizen.getByRole('heading', { name: t('survey.title') }).waitFor()
    // Radio groups: Tab reaches the group, the arrow keys choose within it.
    await tabTo(citizen, '1')
    for (let i = 0; i < 3; i++) await citizen.keyboard.press('ArrowRight')
    await press(t('survey.submit'))
    await citizen.getByRole('heading', { name: t('survey.thanksTitle') }).waitFor()
    const [answer] = await clients.db
      .selectFrom('survey_responses')
      .select('satisfaction')
      .where('organisation_id', '=', booked.organisation.id)
      .execute()
    expect(answer?.satisfaction).toBe(4)
    await context.close()
    await staff.close()
  })
})
