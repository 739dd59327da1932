import { describe, expect, it } from 'vitest'
import { translate } from '../../packages/i18n/src/index.ts'
import { axeViolations } from '../support/a11y.ts'
import { serviceLogs } from '../support/logs.ts'
import { asParticipant, enterWaitingRoom, GREEN_DEVICE_CHECK } from '../support/participant.ts'
import { bookedAppointment, e2eClients, mediaContext } from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'

describe('citizen pages for every state', () => {
  const clients = e2eClients()

  it('an unknown link shows a clear page and sets no cookie', async () => {
    const context = await clients.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${testEnv.PUBLIC_URL}/t/${'x'.repeat(43)}`)
    await expect.poll(() => new URL(page.url()).pathname).toBe('/p/link-unknown')
    await page.getByRole('heading', { name: 'Dieser Link funktioniert nicht' }).waitFor()
    expect(await context.cookies()).toEqual([])
    await context.close()
  })

  it('a cancelled appointment and a past one each show their page', async () => {
    const cancelled = await bookedAppointment(clients.db)
    await clients.db
      .updateTable('appointments')
      .set({ status: 'cancelled' })
      .where('id', '=', cancelled.appointmentId)
      .execute()
    const past = await bookedAppointment(clients.db)
    await clients.db
      .updateTable('appointments')
      .set({ starts_at: new Date(Date.now() - 3 * 3600_000) })
      .where('id', '=', past.appointmentId)
      .execute()
    const context = await clients.browser.newContext()
    const page = await context.newPage()
    await page.goto(cancelled.link)
    await page.getByRole('heading', { name: 'Dieser Termin wurde abgesagt' }).waitFor()
    await page.getByText(cancelled.organisation.name).first().waitFor()
    await page.goto(past.link)
    await page.getByRole('heading', { name: 'Dieser Termin ist vorbei' }).waitFor()
    await context.close()
  })

  /** Opens the link, consents, has a device check on record and enters the waiting room. */
  async function waitingCitizen(booked: Awaited<ReturnType<typeof bookedAppointment>>) {
    const context = await mediaContext(clients.browser)
    const page = await context.newPage()
    await enterWaitingRoom(page, booked.link)
    const { id: participantId } = await clients.db
      .selectFrom('participants')
      .select('id')
      .where('appointment_id', '=', booked.appointmentId)
      .executeTakeFirstOrThrow()
    const staffCalls = (action: 'invitation' | 'admit', body?: unknown) =>
      booked.staff.request(
        'POST',
        `/api/staff/appointments/${booked.appointmentId}/participants/${participantId}/${action}`,
        body,
      )
    return { context, page, staffCalls }
  }

  it('a waiting citizen whose link was sent anew is told at once, without a reload', async () => {
    const booked = await bookedAppointment(clients.db)
    const { context, page, staffCalls } = await waitingCitizen(booked)
    let loads = 0
    page.on('load', () => loads++)

    // The advisor sends the invitation again (the first may have reached the wrong person).
    expect((await staffCalls('invitation', {})).status).toBe(204)
    // The open page says so by itself, well before anyone would think of reloading it.
    await page.getByRole('heading', { name: translate('de', 'states.sessionEndedTitle') }).waitFor({ timeout: 10_000 })
    await page.getByText(translate('de', 'states.sessionEndedBody')).waitFor()
    expect(loads).toBe(0)
    expect(await axeViolations(page, 'de: session ended')).toEqual([])
    await context.close()
  })

  it('a citizen in the call whose link was sent anew is taken out and told the same, not offered the survey', async () => {
    const booked = await bookedAppointment(clients.db)
    const { context, page, staffCalls } = await waitingCitizen(booked)
    expect((await staffCalls('admit')).status).toBe(204)
    await page.getByRole('button', { name: 'Auflegen' }).waitFor({ timeout: 30_000 })

    expect((await staffCalls('invitation', {})).status).toBe(204)
    await page.getByRole('heading', { name: translate('de', 'states.sessionEndedTitle') }).waitFor({ timeout: 10_000 })
    expect(await page.getByRole('heading', { name: 'Wie war Ihr Videotermin?' }).count()).toBe(0)
    await context.close()
  })

  it('refusing consent explains the consequence, offers the contact, and opens no device check', async () => {
    const booked = await bookedAppointment(clients.db)
    const context = await mediaContext(clients.browser)
    const page = await context.newPage()
    await page.goto(booked.link)
    await page.getByRole('heading', { name: 'Ihre Einwilligung' }).waitFor()
    await page.getByRole('button', { name: 'Ich stimme nicht zu' }).click()
    await page.getByRole('heading', { name: 'Ohne Einwilligung ist kein Videotermin möglich' }).waitFor()
    await page.getByRole('link', { name: '01234 0000-000' }).first().waitFor()
    expect((await asParticipant(context, 'POST', '/api/p/device-check/token')).status).toBe(403)
    expect((await asParticipant(context, 'POST', '/api/p/waiting-room')).status).toBe(403)
    const row = await clients.db
      .selectFrom('participants as p')
      .select(['p.consented_at'])
      .where('p.appointment_id', '=', booked.appointmentId)
      .executeTakeFirstOrThrow()
    expect(row.consented_at).toBeNull()
    await context.close()
  })

  it('before the lobby opens, the page counts down and the server refuses entry', async () => {
    const booked = await bookedAppointment(clients.db, { startsInMinutes: 60 })
    const context = await mediaContext(clients.browser)
    const page = await context.newPage()
    await page.goto(booked.link)
    await page.getByRole('button', { name: 'Ich stimme zu' }).click()
    await page.getByRole('button', { name: 'Prüfung starten' }).waitFor()
    // Skip the device check's UI here: store a result as the page would.
    expect((await asParticipant(context, 'POST', '/api/p/device-check/result', GREEN_DEVICE_CHECK)).status).toBe(201)
    await page.reload()
    await page.getByRole('heading', { name: 'Bereit für Ihren Termin' }).waitFor()
    const enter = page.getByRole('button', { name: 'Beratungsraum betreten' })
    expect(await enter.isDisabled()).toBe(true)
    await page.getByText(/Der Beratungsraum öffnet in 5\d:\d\d\./).waitFor()
    const refused = await asParticipant(context, 'POST', '/api/p/waiting-room')
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_early')

    // Continue on a phone: the page shows a QR code of a one-time hand-over link.
    await page.getByRole('button', { name: 'Auf Smartphone oder Tablet weitermachen' }).click()
    await page.getByRole('img', { name: 'QR-Code zum Weitermachen auf einem anderen Gerät' }).waitFor()
    const { url } = (await (await asParticipant(context, 'POST', '/api/p/handoff')).json()) as { url: string }
    const phone = await clients.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })
    const phonePage = await phone.newPage()
    await phonePage.goto(url)
    await phonePage.getByRole('heading', { name: 'Bereit für Ihren Termin' }).waitFor()
    await phone.close()
    const handoffToken = url.split('/h/')[1] ?? ''
    for (const { file, text } of serviceLogs()) expect(text, file).not.toContain(handoffToken)
    await context.close()
  })

  it('fits a phone-sized screen: no sideways scrolling on consent, device check and lobby', async () => {
    const booked = await bookedAppointment(clients.db, { startsInMinutes: 2 })
    const phone = await clients.browser.newContext({
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
      permissions: ['camera', 'microphone'],
    })
    const page = await phone.newPage()
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
    await page.goto(booked.link)
    await page.getByRole('heading', { name: 'Ihre Einwilligung' }).waitFor()
    expect(await fits()).toBe(true)
    await page.getByRole('button', { name: 'Ich stimme zu' }).click()
    await page.getByRole('button', { name: 'Prüfung starten' }).waitFor()
    expect(await fits()).toBe(true)
    expect((await asParticipant(phone, 'POST', '/api/p/device-check/result', GREEN_DEVICE_CHECK)).status).toBe(201)
    await page.reload()
    await page.getByRole('heading', { name: 'Bereit für Ihren Termin' }).waitFor()
    expect(await fits()).toBe(true)
    await phone.close()
  })
})
