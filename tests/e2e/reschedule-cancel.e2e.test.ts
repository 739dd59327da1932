import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hashPassword } from '../../apps/api/src/modules/staff-auth/passwords.ts'
import type { Db } from '../../packages/db/src/index.ts'
import { type Language, type MessageKey, translate } from '../../packages/i18n/src/index.ts'
import { openToken, personalLinkUrl } from '../../packages/links/src/index.ts'
import { axeViolations, tabTo } from '../support/a11y.ts'
import { createOrganisationWithAdvisor, signIn } from '../support/fixtures.ts'
import { mailCount, personalLinkIn, waitForMail } from '../support/inbox.ts'
import { e2eClients, waitFor } from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'
import { daysAheadIn, wallClock } from '../support/wall-clock.ts'

const de = (key: MessageKey, params?: Record<string, string>) => translate('de', key, params)

/** Whether a subject is the catalogue's `key` in German or English (compared up to the first placeholder). */
const isSubject = (subject: string, key: MessageKey) =>
  (['de', 'en'] as const).some((language) => subject.startsWith(translate(language, key).split('{')[0] ?? '-'))

async function timeZoneOf(db: Db, organisationId: string) {
  const row = await db
    .selectFrom('organisations')
    .select('time_zone')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow()
  return row.time_zone
}

async function addColleague(db: Db, organisationId: string) {
  return db
    .insertInto('staff_users')
    .values({
      organisation_id: organisationId,
      email: `colleague-${randomUUID().slice(0, 8)}@test.example`,
      display_name: `Kollege ${randomUUID().slice(0, 4)}`,
      password_hash: await hashPassword(`pw-${randomUUID()}`),
      role: 'advisor',
    })
    .returning(['id', 'display_name'])
    .executeTakeFirstOrThrow()
}

async function signInThroughPage(page: Page, staff: { email: string; password: string }) {
  await page.goto(`${testEnv.PUBLIC_URL}/staff/login`)
  await page.getByLabel(de('staff.email')).fill(staff.email)
  await page.getByLabel(de('staff.password')).fill(staff.password)
  await page.getByRole('button', { name: de('staff.signIn') }).click()
  await page.waitForURL(`${testEnv.PUBLIC_URL}/staff`)
}

/** Switches the page language with the header's switch: the page keeps its state (open forms, dialogs aside). */
async function switchLanguage(page: Page, language: Language) {
  await page.locator('.language-switch select').selectOption(language)
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language)
}

const isFocused = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => element === document.activeElement)

describe('booking with further participants, moving and cancelling, through the staff pages', () => {
  const clients = e2eClients()

  it('an admin books for a colleague with a citizen and an interpreter; both invitations arrive', async () => {
    const { organisation, advisor: admin } = await createOrganisationWithAdvisor(clients.db, { role: 'admin' })
    const colleague = await addColleague(clients.db, organisation.id)
    const timeZone = await timeZoneOf(clients.db, organisation.id)
    // A full hour tomorrow; the colleague already has an appointment from a quarter past.
    const slot = new Date(Math.ceil(Date.now() / 3600_000) * 3600_000 + 24 * 3600_000)
    const { date, time } = wallClock(slot, timeZone)
    const adminApi = await signIn(testEnv.API_URL, admin.email, admin.password)
    const earlier = await adminApi.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Otto', lastName: 'Vorher', email: `citizen-${randomUUID()}@test.example` },
      startsAt: new Date(slot.getTime() + 15 * 60_000).toISOString(),
      durationMinutes: 30,
      advisorId: colleague.id,
    })
    expect(earlier.status).toBe(201)

    const context = await clients.browser.newContext({ viewport: { width: 360, height: 800 } })
    const page = await context.newPage()
    await signInThroughPage(page, admin)
    await page.goto(`${testEnv.PUBLIC_URL}/staff/appointments/new`)
    await page.getByRole('heading', { name: de('booking.title') }).waitFor()

    // The admin chooses whom the appointment is for; it starts as the admin.
    const advisorSelect = page.getByLabel(de('booking.advisor.label'))
    await advisorSelect.locator(`option[value="${colleague.id}"]`).waitFor({ state: 'attached' })
    expect(await advisorSelect.inputValue()).toBe(admin.id)
    await advisorSelect.selectOption(colleague.id)

    const citizenEmail = `citizen-${randomUUID()}@test.example`
    const interpreterEmail = `interpreter-${randomUUID()}@test.example`
    const citizen = page.getByRole('group', { name: de('booking.citizenLegend') })
    await citizen.getByLabel(de('booking.firstName')).fill('Erika')
    await citizen.getByLabel(de('booking.lastName')).fill('Musterfrau')
    await citizen.getByLabel(de('booking.email'), { exact: true }).fill(citizenEmail)
    await page.getByLabel(de('booking.date')).fill(date)
    await page.getByLabel(de('booking.time')).fill(time)

    // The double-booking warning is about the chosen advisor's appointments, not the admin's.
    const overlap = page.getByText(de('booking.overlap.titleOther', { name: colleague.display_name }))
    await overlap.waitFor()
    await page.getByText(/Otto Vorher/).waitFor()
    await advisorSelect.selectOption(admin.id)
    await overlap.waitFor({ state: 'detached' })
    expect(await page.getByText(de('booking.overlap.title')).count()).toBe(0)
    await advisorSelect.selectOption(colleague.id)
    await overlap.waitFor()

    // A further person: the new row takes the focus; left empty, the summary names the row.
    await page.getByRole('button', { name: de('booking.participants.add') }).click()
    const row = page.getByRole('group', { name: de('booking.participants.rowLegend', { number: '1' }) })
    expect(await row.getByLabel(de('booking.participants.role')).evaluate((el) => el === document.activeElement)).toBe(
      true,
    )
    await page.getByRole('button', { name: de('booking.submit') }).click()
    const summary = page.getByRole('region', { name: de('booking.errorSummaryTitle') })
    await summary
      .getByRole('link', {
        name: `${de('booking.participants.rowLegend', { number: '1' })}: ${de('booking.errors.firstNameMissing')}`,
      })
      .waitFor()
    expect(await row.getByLabel(de('booking.firstName')).getAttribute('aria-invalid')).toBe('true')
    const violations = [...(await axeViolations(page, 'de: booking form, further person with errors'))]

    await row.getByLabel(de('booking.participants.role')).selectOption('interpreter')
    await row.getByLabel(de('booking.firstName')).fill('Ivan')
    await row.getByLabel(de('booking.lastName')).fill('Petrov')
    await row.getByLabel(de('booking.email')).fill(interpreterEmail)
    await row.getByLabel(de('booking.language')).selectOption('en')
    // Only the organisation's languages are offered (this one offers German and English).
    expect(await row.getByLabel(de('booking.language')).locator('option').count()).toBe(2)
    violations.push(...(await axeViolations(page, 'de: booking form with a further person')))
    await switchLanguage(page, 'en')
    await page
      .getByRole('group', { name: translate('en', 'booking.participants.rowLegend', { number: '1' }) })
      .waitFor()
    violations.push(...(await axeViolations(page, 'en: booking form with a further person')))
    await switchLanguage(page, 'de')
    expect(violations).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    await page.getByRole('button', { name: de('booking.submit') }).click()
    await page.getByRole('heading', { name: de('booking.success.title') }).waitFor()
    for (const text of [
      de('booking.success.invitee', { name: 'Erika Musterfrau', role: de('staff.roleCitizen'), email: citizenEmail }),
      de('booking.success.invitee', {
        name: 'Ivan Petrov',
        role: de('staff.roleInterpreter'),
        email: interpreterEmail,
      }),
    ]) {
      await page.getByText(text).waitFor()
    }

    const appointment = await clients.db
      .selectFrom('appointments')
      .select(['id', 'advisor_id', 'starts_at', 'duration_minutes'])
      .where('organisation_id', '=', organisation.id)
      .where('starts_at', '=', slot)
      .executeTakeFirstOrThrow()
    expect(appointment.advisor_id).toBe(colleague.id)
    expect(wallClock(appointment.starts_at, timeZone)).toEqual({ date, time })
    const participants = await clients.db
      .selectFrom('participants')
      .select(['role', 'first_name', 'last_name', 'email', 'language'])
      .where('appointment_id', '=', appointment.id)
      .orderBy('role')
      .execute()
    expect(participants).toEqual([
      { role: 'citizen', first_name: 'Erika', last_name: 'Musterfrau', email: citizenEmail, language: 'de' },
      { role: 'interpreter', first_name: 'Ivan', last_name: 'Petrov', email: interpreterEmail, language: 'en' },
    ])
    const [citizenMail] = await waitForMail(citizenEmail)
    const [interpreterMail] = await waitForMail(interpreterEmail)
    // Two different personal links.
    expect(personalLinkIn(citizenMail?.Text ?? '')).not.toBe(personalLinkIn(interpreterMail?.Text ?? ''))
    await context.close()
  })

  it('the advisor moves the appointment and then cancels it; everyone is told and the link shows it cancelled', async () => {
    const { organisation, advisor } = await createOrganisationWithAdvisor(clients.db)
    const timeZone = await timeZoneOf(clients.db, organisation.id)
    const staff = await signIn(testEnv.API_URL, advisor.email, advisor.password)
    const citizenEmail = `citizen-${randomUUID()}@test.example`
    const interpreterEmail = `interpreter-${randomUUID()}@test.example`
    const booking = await staff.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Erika', lastName: 'Musterfrau', email: citizenEmail, language: 'de' },
      furtherParticipants: [
        { role: 'interpreter', firstName: 'Ivan', lastName: 'Petrov', email: interpreterEmail, language: 'en' },
      ],
      startsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      durationMinutes: 30,
    })
    expect(booking.status).toBe(201)
    const { id: appointmentId } = (await booking.json()) as { id: string }
    const [invitation] = await waitForMail(citizenEmail)
    await waitForMail(interpreterEmail)
    const citizenLink = personalLinkIn(invitation?.Text ?? '')

    // The interpreter's invitation bounced: the mail server gave up on it.
    const interpreter = await clients.db
      .selectFrom('participants')
      .select('id')
      .where('appointment_id', '=', appointmentId)
      .where('role', '=', 'interpreter')
      .executeTakeFirstOrThrow()
    await clients.db
      .updateTable('outbox')
      .set({ failed_at: new Date() })
      .where('participant_id', '=', interpreter.id)
      .execute()

    const context = await clients.browser.newContext({ viewport: { width: 360, height: 800 } })
    const page = await context.newPage()
    await signInThroughPage(page, advisor)
    // The list says so in words, not colour alone.
    const failed = `${de('booking.delivery.warning')} ${de('booking.delivery.failed')}`
    await page
      .getByRole('row', { name: /Musterfrau/ })
      .getByText(failed)
      .waitFor()
    await page.goto(`${testEnv.PUBLIC_URL}/staff/appointments/${appointmentId}`)
    // Per participant: the citizen's invitation was sent, the interpreter's could not be delivered.
    const citizenItem = page.getByRole('listitem').filter({ hasText: 'Erika Musterfrau' })
    const interpreterItem = page.getByRole('listitem').filter({ hasText: 'Ivan Petrov' })
    await citizenItem.getByText(`${de('booking.delivery.label')}: ${de('booking.delivery.sent')}`).waitFor()
    await interpreterItem
      .getByText(`${de('booking.delivery.warning')} ${de('booking.delivery.label')}: ${de('booking.delivery.failed')}`)
      .waitFor()
    await interpreterItem.getByText(de('booking.delivery.failedHint')).waitFor()

    // Move: the form starts at the current time; day after tomorrow, 11:30, 45 minutes.
    const moveButton = page.getByRole('button', { name: de('booking.change.move') })
    await moveButton.click()
    const form = page.getByRole('form', { name: de('booking.change.moveTitle') })
    expect(await isFocused(page, '#move-date')).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    const newDate = daysAheadIn(timeZone, 2)
    await form.getByLabel(de('booking.date')).fill(newDate)
    await form.getByLabel(de('booking.time')).fill('')
    await form.getByRole('button', { name: de('booking.change.moveSubmit') }).click()
    await form.getByRole('region', { name: de('booking.errorSummaryTitle') }).waitFor()
    const violations = [...(await axeViolations(page, 'de: move form with an error'))]
    await form.getByLabel(de('booking.time')).fill('11:30')
    await form.getByLabel(de('booking.duration')).selectOption('45')
    violations.push(...(await axeViolations(page, 'de: move form')))
    await switchLanguage(page, 'en')
    await page.getByRole('form', { name: translate('en', 'booking.change.moveTitle') }).waitFor()
    violations.push(...(await axeViolations(page, 'en: move form')))
    await switchLanguage(page, 'de')

    // The connection drops: the summary says so, takes the focus, and nothing moved.
    const patchUrl = `${testEnv.PUBLIC_URL}/api/staff/appointments/${appointmentId}`
    await page.route(patchUrl, (route) => (route.request().method() === 'PATCH' ? route.abort() : route.continue()))
    await form.getByRole('button', { name: de('booking.change.moveSubmit') }).click()
    const failure = form.getByRole('region', { name: de('booking.change.moveFailedTitle') })
    await failure.getByText(de('booking.change.problems.network')).waitFor()
    expect(await failure.evaluate((element) => element === document.activeElement)).toBe(true)
    await page.unroute(patchUrl)
    await form.getByRole('button', { name: de('booking.change.moveSubmit') }).click()

    // The result is announced in the live region, the form closes and the focus returns.
    const status = page
      .getByRole('status')
      .filter({ hasText: de('booking.change.moved', { when: '' }).split(' auf ')[0] ?? '' })
    await status.waitFor()
    await waitFor(() => isFocused(page, '.appointment-changes button[aria-expanded]'), Boolean, 'focus back on "move"')
    const moved = await clients.db
      .selectFrom('appointments')
      .select(['starts_at', 'duration_minutes', 'status'])
      .where('id', '=', appointmentId)
      .executeTakeFirstOrThrow()
    expect(wallClock(moved.starts_at, timeZone)).toEqual({ date: newDate, time: '11:30' })
    expect(moved.duration_minutes).toBe(45)
    for (const address of [citizenEmail, interpreterEmail]) {
      const mails = await waitForMail(address, { count: 2 })
      expect(
        mails.map((mail) => mail.Subject),
        address,
      ).toContainEqual(expect.toSatisfy((subject: string) => isSubject(subject, 'email.updateSubject')))
    }

    // Cancel: a modal dialog; the focus starts on "keep", Escape closes it and the focus goes back.
    const cancelButton = page.getByRole('button', { name: de('booking.change.cancel'), exact: true })
    await tabTo(page, de('booking.change.cancel'))
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: de('booking.change.cancelTitle') })
    await dialog.waitFor()
    expect(
      await dialog
        .getByRole('button', { name: de('booking.change.cancelKeep') })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true)
    violations.push(...(await axeViolations(page, 'de: cancel dialog')))
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await cancelButton.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(
      (
        await clients.db
          .selectFrom('appointments')
          .select('status')
          .where('id', '=', appointmentId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('scheduled')

    await switchLanguage(page, 'en')
    await page.getByRole('button', { name: translate('en', 'booking.change.cancel'), exact: true }).click()
    await page.getByRole('dialog', { name: translate('en', 'booking.change.cancelTitle') }).waitFor()
    violations.push(...(await axeViolations(page, 'en: cancel dialog')))
    await page.keyboard.press('Escape')
    await switchLanguage(page, 'de')
    expect(violations).toEqual([])

    // By keyboard only: open, Tab to "yes, cancel", Enter.
    await cancelButton.focus()
    await page.keyboard.press('Enter')
    await dialog.waitFor()
    await tabTo(page, de('booking.change.cancelConfirm'), 5)
    await page.keyboard.press('Enter')
    await page
      .getByRole('status')
      .filter({ hasText: de('booking.change.cancelled') })
      .waitFor()
    const cancelledNotice = page.getByText(de('booking.change.stateCancelled'))
    await cancelledNotice.waitFor()
    await waitFor(
      () => cancelledNotice.evaluate((el) => el.closest('p') === document.activeElement),
      Boolean,
      'focus on the cancelled state',
    )
    expect(await page.getByRole('button', { name: de('booking.change.move') }).count()).toBe(0)
    expect(
      (
        await clients.db
          .selectFrom('appointments')
          .select('status')
          .where('id', '=', appointmentId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('cancelled')
    for (const address of [citizenEmail, interpreterEmail]) {
      const mails = await waitForMail(address, { count: 3 })
      expect(
        mails.map((mail) => mail.Subject),
        address,
      ).toContainEqual(expect.toSatisfy((subject: string) => isSubject(subject, 'email.cancellationSubject')))
    }

    // The citizen's link now shows the cancelled page.
    const citizenPage = await context.newPage()
    await citizenPage.goto(citizenLink)
    await citizenPage.getByRole('heading', { name: de('states.cancelledTitle') }).waitFor()
    await context.close()
  })

  it('the advisor sends a bounced invitation again, to a corrected address; the old link stops working', async () => {
    const { advisor } = await createOrganisationWithAdvisor(clients.db)
    const staff = await signIn(testEnv.API_URL, advisor.email, advisor.password)
    // The stack's mail server refuses `.invalid` addresses (550), as a real one refuses a typo.
    const mistyped = `citizen-${randomUUID()}@exampel.invalid`
    const corrected = `citizen-${randomUUID()}@example.test`
    const booking = await staff.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Erika', lastName: 'Vertippt', email: mistyped, language: 'de' },
      startsAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
      durationMinutes: 30,
    })
    expect(booking.status).toBe(201)
    const { id: appointmentId } = (await booking.json()) as { id: string }
    // The link the refused mail carried, from the participant's sealed copy.
    const participant = await clients.db
      .selectFrom('participants')
      .select('link_token_sealed')
      .where('appointment_id', '=', appointmentId)
      .executeTakeFirstOrThrow()
    if (!participant.link_token_sealed) throw new Error('no sealed link')
    const oldLink = personalLinkUrl(
      testEnv.PUBLIC_URL,
      openToken(participant.link_token_sealed, testEnv.LINK_ENCRYPTION_KEY),
    )
    // The stack's worker meets the refusal, gives up at once (no retry fixes a 550) and records it.
    const invitation = () =>
      clients.db
        .selectFrom('outbox as o')
        .innerJoin('participants as p', 'p.id', 'o.participant_id')
        .select(['o.failed_at', 'o.last_error', 'o.attempts'])
        .where('p.appointment_id', '=', appointmentId)
        .where('o.kind', '=', 'invitation')
        .executeTakeFirstOrThrow()
    await waitFor(invitation, (row) => row.failed_at !== null, 'the refused invitation recorded as failed')
    expect(await invitation()).toMatchObject({ last_error: 'smtp_550', attempts: 1 })

    const context = await clients.browser.newContext()
    const page = await context.newPage()
    await signInThroughPage(page, advisor)
    await page.goto(`${testEnv.PUBLIC_URL}/staff/appointments/${appointmentId}`)
    const item = page.getByRole('listitem').filter({ hasText: 'Erika Vertippt' })
    await item.getByText(de('booking.delivery.failedHint')).waitFor()

    // Keyboard only: open the form (the focus moves into the address), correct it, send.
    const toggle = item.getByRole('button', { name: de('booking.resend.toggleNamed', { name: 'Erika Vertippt' }) })
    await toggle.focus()
    await page.keyboard.press('Enter')
    const address = item.getByLabel(de('booking.resend.email'))
    await waitFor(() => address.evaluate((el) => el === document.activeElement), Boolean, 'focus on the address')
    expect(await address.inputValue()).toBe(mistyped)
    await address.fill('')
    await page.keyboard.press('Enter')
    await item.getByText(de('booking.errors.emailMissing')).waitFor()
    const violations = [...(await axeViolations(page, 'de: resend form with an error'))]
    await address.fill(corrected)
    violations.push(...(await axeViolations(page, 'de: resend form')))
    await page.keyboard.press('Enter')
    await page
      .getByRole('status')
      .filter({ hasText: de('booking.resend.sent', { email: corrected }) })
      .waitFor()
    await waitFor(() => toggle.evaluate((el) => el === document.activeElement), Boolean, 'focus back on the button')
    expect(violations).toEqual([])

    // The new invitation reaches the corrected address with a new link; the old link is dead.
    const [fresh] = await waitForMail(corrected)
    const freshLink = personalLinkIn(fresh?.Text ?? '')
    expect(freshLink).not.toBe(oldLink)
    // The worker announces the mail it sent: the open page shows it without a reload.
    await item.getByText(`${de('booking.delivery.label')}: ${de('booking.delivery.sent')}`).waitFor()
    const citizenPage = await context.newPage()
    await citizenPage.goto(oldLink)
    await citizenPage.getByRole('heading', { name: de('states.unknownLinkTitle') }).waitFor()
    await citizenPage.goto(freshLink)
    await citizenPage.getByRole('button', { name: 'Ich stimme zu' }).waitFor()
    await context.close()
    expect(await mailCount(mistyped)).toBe(0)
  })
})
