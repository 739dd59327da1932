import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashPassword } from '../../apps/api/src/modules/staff-auth/passwords.ts'
import { type Language, type MessageKey, translate } from '../../packages/i18n/src/index.ts'
import { axeViolations, tabTo } from '../support/a11y.ts'
import { bookedAppointment, e2eClients } from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'

const t = (key: MessageKey, params?: Record<string, string>, language: Language = 'de') =>
  translate(language, key, params)

// Smallest valid PNG (1×1).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

describe('the admin manages the organisation and its staff in the browser', () => {
  const clients = e2eClients()

  /** The booked appointment's organisation gets an admin; returns a signed-in admin page. */
  async function adminOf(organisationId: string) {
    const email = `admin-${randomUUID()}@org.example`
    const password = `pw-${randomUUID()}`
    await clients.db
      .insertInto('staff_users')
      .values({
        organisation_id: organisationId,
        email,
        display_name: 'Alex Admin',
        password_hash: await hashPassword(password),
        role: 'admin',
      })
      .execute()
    const context = await clients.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${testEnv.PUBLIC_URL}/staff/login`)
    await page.getByLabel(t('staff.email')).fill(email)
    await page.getByLabel(t('staff.password')).fill(password)
    await page.getByRole('button', { name: t('staff.signIn') }).click()
    await page.waitForURL(`${testEnv.PUBLIC_URL}/staff`)
    return { context, page }
  }

  it('edits contact details, logo and consent text; citizens see them; axe finds nothing in German and English', async () => {
    const booked = await bookedAppointment(clients.db)
    const { context, page } = await adminOf(booked.organisation.id)
    const violations: string[] = []

    // Keyboard: the section is reachable from the navigation.
    await tabTo(page, t('nav.organisation'))
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: t('admin.organisation.title') }).waitFor()
    violations.push(...(await axeViolations(page, 'organisation settings (de)')))

    // An invalid value is explained at the field and nothing is saved.
    await page.getByLabel(t('admin.organisation.website')).fill('http://insecure.example')
    await page.getByRole('button', { name: t('admin.organisation.save') }).click()
    await page.getByText(t('admin.organisation.errors.websiteInvalid')).first().waitFor()
    violations.push(...(await axeViolations(page, 'organisation settings with errors')))

    const name = `Jobcenter Beispielstadt ${randomUUID().slice(0, 4)}`
    await page.getByLabel(t('admin.organisation.name')).fill(name)
    await page.getByLabel(t('admin.organisation.website')).fill('https://jobcenter-beispielstadt.example')
    await page.getByLabel(t('admin.organisation.supportPhone')).fill('0987 654 321-0')
    await page.getByRole('button', { name: t('admin.organisation.save') }).click()
    await page
      .getByRole('status')
      .filter({ hasText: t('admin.saved') })
      .first()
      .waitFor()
    const stored = await clients.db
      .selectFrom('organisations')
      .select(['name', 'support_phone', 'website'])
      .where('id', '=', booked.organisation.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({
      name,
      support_phone: '0987 654 321-0',
      website: 'https://jobcenter-beispielstadt.example',
    })

    await page
      .getByLabel(t('admin.logo.choose'))
      .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG })
    await page.getByRole('button', { name: t('admin.logo.upload') }).click()
    await page.getByRole('img', { name: t('admin.logo.current') }).waitFor()

    await page
      .getByLabel(t('admin.consent.textIn', { language: t('booking.languageDe') }))
      .fill('Neuer Einwilligungstext.')
    await page.getByLabel(t('admin.consent.textIn', { language: t('booking.languageEn') })).fill('New consent text.')
    await page.getByRole('button', { name: t('admin.consent.publish') }).click()
    await page.getByText(t('admin.consent.published', { version: '1' })).waitFor()

    // English: the same page, fully translated and still clean for axe.
    await page.getByLabel(t('common.language')).selectOption('en')
    await page.getByRole('heading', { level: 1, name: t('admin.organisation.title', {}, 'en') }).waitFor()
    violations.push(...(await axeViolations(page, 'organisation settings (en)')))

    // The citizen's page shows the new name, phone and logo, and asks for the new consent.
    const citizen = await clients.browser.newContext()
    const citizenPage = await citizen.newPage()
    await citizenPage.goto(booked.link)
    await citizenPage.getByText('Neuer Einwilligungstext.').waitFor()
    await citizenPage.locator('.brand').getByText(name).waitFor()
    await citizenPage.locator('.brand img').waitFor()
    await citizenPage.getByRole('link', { name: '0987 654 321-0' }).first().waitFor()
    await citizen.close()

    expect(violations).toEqual([])
    await context.close()
  })

  it('invites a colleague who sets a password and signs in; deactivated, they are signed out', async () => {
    const booked = await bookedAppointment(clients.db)
    const { context, page } = await adminOf(booked.organisation.id)
    const violations: string[] = []

    await page.getByRole('link', { name: t('nav.team') }).click()
    await page.getByRole('heading', { level: 1, name: t('admin.team.title') }).waitFor()
    violations.push(...(await axeViolations(page, 'staff management')))

    const email = `kollege-${randomUUID()}@org.example`
    await page.getByLabel(t('admin.team.name')).fill('Kai Kollege')
    await page.getByLabel(t('admin.team.email')).fill(email)
    await page.getByRole('button', { name: t('admin.team.invite') }).click()
    const setupUrl = (await page.getByTestId('invitation-url').textContent()) ?? ''
    expect(setupUrl).toMatch(new RegExp(`^${testEnv.PUBLIC_URL}/staff/welcome#[A-Za-z0-9_-]{43}$`))
    violations.push(...(await axeViolations(page, 'staff management with invitation link')))

    const colleague = await clients.browser.newContext()
    const welcome = await colleague.newPage()
    await welcome.goto(setupUrl)
    await welcome.getByRole('heading', { name: t('admin.welcome.title') }).waitFor()
    // The token leaves the address bar at once.
    expect(welcome.url()).toBe(`${testEnv.PUBLIC_URL}/staff/welcome`)
    violations.push(...(await axeViolations(welcome, 'welcome page')))
    await welcome.getByLabel(t('admin.welcome.password')).fill('too short')
    await welcome.getByLabel(t('admin.welcome.repeat')).fill('too short')
    await welcome.getByRole('button', { name: t('admin.welcome.submit') }).click()
    await welcome.getByText(t('admin.welcome.tooShort', { min: '12' })).waitFor()
    await welcome.getByLabel(t('admin.welcome.password')).fill('ein langer Satz als Passwort')
    await welcome.getByLabel(t('admin.welcome.repeat')).fill('ein langer Satz als Passwort')
    await welcome.getByRole('button', { name: t('admin.welcome.submit') }).click()
    await welcome.getByText(t('admin.welcome.done')).waitFor()
    await welcome.getByRole('link', { name: t('admin.welcome.toSignIn') }).click()
    await welcome.getByLabel(t('staff.email')).fill(email)
    await welcome.getByLabel(t('staff.password')).fill('ein langer Satz als Passwort')
    await welcome.getByRole('button', { name: t('staff.signIn') }).click()
    await welcome.waitForURL(`${testEnv.PUBLIC_URL}/staff`)
    // An advisor has no admin sections.
    await welcome.getByRole('link', { name: t('nav.appointments') }).waitFor()
    expect(await welcome.getByRole('link', { name: t('nav.team') }).count()).toBe(0)

    // The admin deactivates the colleague: their next request finds the session gone.
    await page.reload()
    await page.getByRole('button', { name: t('admin.team.deactivate', { name: 'Kai Kollege' }) }).click()
    await page.getByRole('button', { name: t('admin.team.activate', { name: 'Kai Kollege' }) }).waitFor()
    await welcome.reload()
    await welcome.getByRole('heading', { name: t('staff.signInTitle') }).waitFor()

    // The last admin cannot demote themselves.
    await page
      .getByRole('combobox', { name: t('admin.team.changeRole', { name: 'Alex Admin' }) })
      .selectOption('advisor')
    await page.getByText(t('admin.team.lastAdmin')).waitFor()

    expect(violations).toEqual([])
    await colleague.close()
    await context.close()
  })
})
