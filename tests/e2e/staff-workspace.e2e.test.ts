import { randomUUID } from 'node:crypto'
import { RoomServiceClient } from 'livekit-server-sdk'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createOrganisationWithAdvisor, signIn } from '../support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../support/inbox.ts'
import { enterWaitingRoom } from '../support/participant.ts'
import { advisorOpensAppointment, e2eClients, mediaContext, waitFor } from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'

const rooms = new RoomServiceClient(
  testEnv.LIVEKIT_URL.replace(/^ws/, 'http'),
  testEnv.LIVEKIT_API_KEY,
  testEnv.LIVEKIT_API_SECRET,
)

// Counts the advisor page's sound cues (each chime opens an AudioContext) and notifications.
const RECORD_CUES = `
  (() => {
    window.__cues = { sounds: 0, notifications: 0 };
    const Audio = window.AudioContext;
    window.AudioContext = class extends Audio {
      constructor(...args) { super(...args); window.__cues.sounds += 1; }
    };
    const Shown = window.Notification;
    window.Notification = class extends Shown {
      constructor(...args) { super(...args); window.__cues.notifications += 1; }
    };
  })();
`

/** Remote tiles with rendered video on a page. Runs in the browser. */
const renderedRemoteVideos = () =>
  [
    ...document.querySelectorAll<HTMLVideoElement>('.lk-participant-tile[data-lk-local-participant="false"] video'),
  ].filter((v) => v.videoWidth > 0 && v.clientWidth > 0).length

describe('staff workspace: live view, admitting one by one, host controls (real stack, Chromium)', () => {
  const clients = e2eClients()

  it('citizen and interpreter wait, are admitted one by one, see each other; interpreter removed; appointment ended', async () => {
    const { advisor } = await createOrganisationWithAdvisor(clients.db)
    const staff = await signIn(testEnv.API_URL, advisor.email, advisor.password)
    const citizenEmail = `citizen-${randomUUID()}@test.example`
    const interpreterEmail = `interpreter-${randomUUID()}@test.example`
    const booking = await staff.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Selin', lastName: 'Kaya', email: citizenEmail, language: 'de' },
      furtherParticipants: [{ role: 'interpreter', firstName: 'Omar', lastName: 'Haddad', email: interpreterEmail }],
      startsAt: new Date(Date.now() + 2 * 60_000).toISOString(),
      durationMinutes: 30,
    })
    expect(booking.status).toBe(201)
    const { id: appointmentId } = (await booking.json()) as { id: string }
    const roomName = `appointment-${appointmentId}`

    // The advisor signs in with the local account and keeps the live view open.
    const advisorContext = await mediaContext(clients.browser)
    await advisorContext.grantPermissions(['notifications'])
    await advisorContext.addInitScript(RECORD_CUES)
    const host = await advisorOpensAppointment(advisorContext, advisor, appointmentId)
    await host.getByText('Omar Haddad').waitFor()
    const cues = () => host.evaluate(() => (window as unknown as { __cues: { sounds: number } }).__cues.sounds)

    /** Opens the e-mailed link in a browser of its own, consents, has a check on record, enters the waiting room. */
    async function entersWaitingRoom(email: string): Promise<Page> {
      const [mail] = await waitForMail(email)
      const context = await mediaContext(clients.browser)
      const page = await context.newPage()
      await enterWaitingRoom(page, personalLinkIn(mail?.Text ?? ''))
      return page
    }

    const soundsBefore = await cues()
    const citizen = await entersWaitingRoom(citizenEmail)
    // Live: the advisor's view shows the citizen waiting, with the device check, and chimes.
    await host.getByRole('button', { name: 'Selin Kaya hereinholen' }).waitFor()
    await host
      .getByText(/Technikprüfung: grün – /)
      .first()
      .waitFor()
    await waitFor(cues, (n) => n > soundsBefore, 'the waiting sound')
    const interpreter = await entersWaitingRoom(interpreterEmail)
    await host.getByRole('button', { name: 'Omar Haddad hereinholen' }).waitFor()

    await host.bringToFront()
    await host.getByRole('button', { name: 'Gespräch beitreten' }).click()
    await host.locator('.lk-participant-tile[data-lk-local-participant="true"]').first().waitFor()
    await host.getByRole('button', { name: 'Selin Kaya hereinholen' }).click()
    await citizen.locator('.lk-participant-tile[data-lk-local-participant="false"]').first().waitFor()
    // One by one: the interpreter is still outside.
    expect((await rooms.listParticipants(roomName)).length).toBe(2)
    await host.getByRole('button', { name: 'Omar Haddad hereinholen' }).click()

    for (const [who, page] of [
      ['advisor', host],
      ['citizen', citizen],
      ['interpreter', interpreter],
    ] as const) {
      await page.bringToFront()
      await waitFor(
        () => page.evaluate(renderedRemoteVideos),
        (n) => n >= 2,
        `${who} to see both others`,
        30_000,
      )
    }

    // Remove the interpreter: their call ends, the others stay.
    await host.getByRole('button', { name: 'Omar Haddad aus dem Gespräch nehmen' }).click()
    await host.getByRole('dialog').getByRole('button', { name: 'Aus dem Gespräch nehmen' }).click()
    await interpreter.getByRole('heading', { name: 'Wie war Ihr Videotermin?' }).waitFor()
    await waitFor(
      async () => (await rooms.listParticipants(roomName)).length,
      (n) => n === 2,
      'the interpreter to be out of the room',
    )

    // End for everybody: every call ends, the room is gone.
    await host.getByRole('button', { name: 'Termin für alle beenden' }).click()
    await host.getByRole('dialog').getByRole('button', { name: 'Für alle beenden' }).click()
    await citizen.getByRole('heading', { name: 'Wie war Ihr Videotermin?' }).waitFor()
    await host.getByText('Dieser Termin ist beendet.').waitFor()
    await waitFor(
      async () => (await rooms.listRooms([roomName])).length,
      (n) => n === 0,
      'the room to be gone',
    )
    await advisorContext.close()
    await citizen.context().close()
    await interpreter.context().close()
  })
})
