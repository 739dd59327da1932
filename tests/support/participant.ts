import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import type { DeviceCheckMeasurement } from '../../packages/contracts/src/index.ts'
import { testEnv } from './test-env.ts'

/** A device check where everything works, as the page would post it. */
export const GREEN_DEVICE_CHECK: DeviceCheckMeasurement = {
  camera: { status: 'ok', framesSeen: 30 },
  microphone: { status: 'ok', peakLevel: 0.5 },
  speaker: { status: 'ok' },
  connection: { status: 'ok', signalling: true, webrtc: true, protocol: 'udp', publishAudio: true, publishVideo: true },
  network: { uploadKbps: 2000, downloadKbps: null, rttMs: 5, packetLossPercent: 0 },
}

/** Where a participant's requests go: the portal their cookie belongs to, and its API. */
export interface StackAddresses {
  publicUrl: string
  apiUrl: string
}

/** Calls the API as the browser context's participant: its HttpOnly cookie, read through Playwright. */
export async function asParticipant(
  context: BrowserContext,
  method: string,
  apiPath: string,
  body?: unknown,
  where: StackAddresses = { publicUrl: testEnv.PUBLIC_URL, apiUrl: testEnv.API_URL },
) {
  const cookies = await context.cookies(where.publicUrl)
  return fetch(`${where.apiUrl}${apiPath}`, {
    method,
    headers: {
      cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/**
 * Takes a citizen's page from the personal link to the waiting room: consents on the page,
 * stores a passed device check as the page would (the check itself is tested elsewhere),
 * enters. `apiUrl`: the API behind the link's portal, when it is not the stack's.
 */
export async function enterWaitingRoom(page: Page, link: string, apiUrl = testEnv.API_URL): Promise<void> {
  await page.goto(link)
  await page.getByRole('button', { name: 'Ich stimme zu' }).click()
  await page.getByRole('button', { name: 'Prüfung starten' }).waitFor()
  const where = { publicUrl: new URL(link).origin, apiUrl }
  const stored = await asParticipant(page.context(), 'POST', '/api/p/device-check/result', GREEN_DEVICE_CHECK, where)
  expect(stored.status).toBe(201)
  await page.reload()
  await page.getByRole('button', { name: 'Beratungsraum betreten' }).click()
  await page.getByRole('heading', { name: 'Sie sind im Wartebereich' }).waitFor()
}
