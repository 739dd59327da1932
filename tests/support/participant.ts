import type { BrowserContext } from 'playwright-core'
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

/** Calls the API as the browser context's participant: its HttpOnly cookie, read through Playwright. */
export async function asParticipant(context: BrowserContext, method: string, apiPath: string, body?: unknown) {
  const cookies = await context.cookies(testEnv.PUBLIC_URL)
  return fetch(`${testEnv.API_URL}${apiPath}`, {
    method,
    headers: {
      cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}
