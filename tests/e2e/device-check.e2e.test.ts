import type { BrowserContext, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS } from '../support/browser.ts'
import { e2eClients, mediaContext } from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'

/** Runs the device check on the public start page (no appointment, nothing stored) up to its result. */
async function runCheck(page: Page) {
  await page.goto(`${testEnv.PUBLIC_URL}/check`)
  await page.getByRole('button', { name: 'Prüfung starten' }).click()
  await page.getByRole('button', { name: 'Testton abspielen' }).click()
  await page.getByRole('button', { name: 'Ja' }).click()
}

// Hides every camera from the page, as on a computer that has none.
const WITHOUT_CAMERA = `
  (() => {
    const devices = navigator.mediaDevices;
    const getUserMedia = devices.getUserMedia.bind(devices);
    const enumerate = devices.enumerateDevices.bind(devices);
    devices.getUserMedia = async (constraints) => {
      if (constraints && constraints.video) throw new DOMException('Requested device not found', 'NotFoundError');
      return getUserMedia(constraints);
    };
    devices.enumerateDevices = async () => (await enumerate()).filter((d) => d.kind !== 'videoinput');
  })();
`

describe('device check (real LiveKit, Chromium with fake devices)', () => {
  const clients = e2eClients()

  it('is green with working camera, microphone, speaker and connection', async () => {
    const context = await mediaContext(clients.browser)
    const page = await context.newPage()
    await runCheck(page)
    await page.getByText('Alles in Ordnung. Sie können am Videotermin teilnehmen.').first().waitFor({ timeout: 60_000 })
    // Sending and receiving are both measured, through the media server and back.
    for (const fact of ['Senden', 'Empfangen']) {
      expect(await page.locator(`dt:text-is("${fact}") + dd`).textContent(), fact).toMatch(/\d.*(kbit|Mbit)\/s$/)
    }
    await context.close()
  })

  it('is yellow, audio only, without a camera', async () => {
    const context = await mediaContext(clients.browser)
    await context.addInitScript(WITHOUT_CAMERA)
    const page = await context.newPage()
    await runCheck(page)
    await page.getByText('Der Videotermin ist möglich, aber mit Einschränkungen.').first().waitFor({ timeout: 60_000 })
    await page.getByText('Wir haben keine Kamera gefunden.').first().waitFor()
    await context.close()
  })

  it('is red, with next steps, when the media server cannot be reached', async () => {
    const context: BrowserContext = await mediaContext(clients.browser)
    const livekit = new URL(testEnv.LIVEKIT_URL)
    // The network between browser and media server is cut; the API still answers.
    await context.routeWebSocket(new RegExp(`^wss?://${livekit.host}/`), (ws) => ws.close())
    await context.route(new RegExp(`^https?://${livekit.host}/`), (route) => route.abort('connectionrefused'))
    const page = await context.newPage()
    await runCheck(page)
    await page.getByText('So ist ein Videotermin im Moment nicht möglich.').first().waitFor({ timeout: 90_000 })
    await page.getByText('Versuchen Sie es in einem anderen Netz.', { exact: false }).first().waitFor()
    await context.close()
  })

  it('explains how to undo a blocked camera and microphone', async () => {
    // A browser that answers the permission prompt with "block", as a user can.
    const denying = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'), '--deny-permission-prompts'],
    })
    try {
      const page = await (await denying.newContext()).newPage()
      await page.goto(`${testEnv.PUBLIC_URL}/check`)
      await page.getByRole('button', { name: 'Prüfung starten' }).click()
      await page.getByRole('heading', { name: 'Kamera und Mikrofon sind gesperrt' }).waitFor()
      await page.getByText('So heben Sie die Sperre auf:').waitFor()
      await page.getByRole('button', { name: 'Erneut versuchen' }).waitFor()
    } finally {
      await denying.close()
    }
  })
})
