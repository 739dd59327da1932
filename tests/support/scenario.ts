import { randomUUID } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { Db } from '../../packages/db/src/index.ts'
import { launchChromium, RECORD_PEER_CONNECTIONS } from './browser.ts'
import { createOrganisationWithAdvisor, openTestDb, type StaffClient, signIn } from './fixtures.ts'
import { personalLinkIn, waitForMail } from './inbox.ts'
import { testEnv } from './test-env.ts'

/** An advisor with a real session and an appointment booked through the API; the link read from the inbox. */
export async function bookedAppointment(
  db: Db,
  options: { startsInMinutes?: number; durationMinutes?: number; language?: 'de' | 'en'; lastName?: string } = {},
) {
  const { organisation, advisor } = await createOrganisationWithAdvisor(db)
  const staff: StaffClient = await signIn(testEnv.API_URL, advisor.email, advisor.password)
  const citizenEmail = `citizen-${randomUUID()}@test.example`
  const lastName = options.lastName ?? `Testperson${randomUUID().slice(0, 4)}`
  const response = await staff.request('POST', '/api/staff/appointments', {
    citizen: { firstName: 'Erika', lastName, email: citizenEmail, language: options.language ?? 'de' },
    startsAt: new Date(Date.now() + (options.startsInMinutes ?? 1) * 60_000).toISOString(),
    durationMinutes: options.durationMinutes ?? 30,
  })
  if (response.status !== 201) throw new Error(`booking failed: ${response.status} ${await response.text()}`)
  const appointment = (await response.json()) as { id: string }
  const [mail] = await waitForMail(citizenEmail)
  const link = personalLinkIn(mail?.Text ?? '')
  return {
    organisation,
    advisor,
    staff,
    appointmentId: appointment.id,
    roomName: `appointment-${appointment.id}`,
    citizenEmail,
    citizenName: `Erika ${lastName}`,
    link,
  }
}

/** A browser context with fake camera and microphone allowed, and WebRTC statistics recorded. */
export async function mediaContext(browser: Browser, options: { viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({
    permissions: ['camera', 'microphone'],
    ...(options.viewport ? { viewport: options.viewport } : {}),
  })
  await context.addInitScript(RECORD_PEER_CONNECTIONS)
  return context
}

/** Signs the advisor in through the staff page and opens the appointment's live view. */
export async function advisorOpensAppointment(
  context: BrowserContext,
  advisor: { email: string; password: string },
  appointmentId: string,
  publicUrl = testEnv.PUBLIC_URL,
): Promise<Page> {
  const page = await context.newPage()
  await openAppointmentAs(page, advisor, appointmentId, publicUrl)
  return page
}

/** The same in a page already open (one whose requests a test records from the start). */
export async function openAppointmentAs(
  page: Page,
  advisor: { email: string; password: string },
  appointmentId: string,
  publicUrl = testEnv.PUBLIC_URL,
): Promise<void> {
  await page.goto(`${publicUrl}/staff/login`)
  await page.getByLabel('E-Mail-Adresse').fill(advisor.email)
  await page.getByLabel('Passwort').fill(advisor.password)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await page.waitForURL(`${publicUrl}/staff`)
  await page.goto(`${publicUrl}/staff/appointments/${appointmentId}`)
}

export async function waitFor<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T = await probe()
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
    last = await probe()
  }
  return last
}

/** The other side's video is rendered: a remote tile's <video> has frames and a size on screen. Runs in the browser. */
export const remoteVideoRendered = () => {
  const videos = [
    ...document.querySelectorAll<HTMLVideoElement>('.lk-participant-tile[data-lk-local-participant="false"] video'),
  ]
  return videos.some((v) => v.videoWidth > 0 && v.clientWidth > 0 && v.clientHeight > 0)
}

/**
 * A database connection and one Chromium for the tests of a describe block: opened before
 * them, closed after. Read `clients.db` and `clients.browser` inside the tests.
 */
export function e2eClients(): { readonly db: Db; readonly browser: Browser } {
  const clients = {} as { db: Db; browser: Browser }
  beforeAll(async () => {
    clients.db = openTestDb()
    clients.browser = await launchChromium()
  })
  afterAll(async () => {
    await clients.browser?.close()
    await clients.db?.destroy()
  })
  return clients
}
