import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { RoomServiceClient } from 'livekit-server-sdk'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../packages/db/src/index.ts'
import { launchChromium, RECORD_PEER_CONNECTIONS, readInboundMedia } from '../support/browser.ts'
import { createOrganisationWithAdvisor, openTestDb, signIn } from '../support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../support/inbox.ts'
import { testEnv } from '../support/test-env.ts'

const rooms = new RoomServiceClient(
  testEnv.LIVEKIT_URL.replace(/^ws/, 'http'),
  testEnv.LIVEKIT_API_KEY,
  testEnv.LIVEKIT_API_SECRET,
)

/** The stack's service logs when run by `./run test` (none when pointed at a dev stack). */
function logFiles(): string[] {
  const dir = testEnv.STACK_LOG_DIR
  return dir ? readdirSync(dir).map((name) => path.join(dir, name)) : []
}

async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  let last: T = await probe()
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
    last = await probe()
  }
  return last
}

/** The other side's video is rendered: a remote tile's <video> has frames and a size on screen. */
async function remoteVideoRendered(page: Page) {
  return page.evaluate(() => {
    const videos = [
      ...document.querySelectorAll<HTMLVideoElement>('.lk-participant-tile[data-lk-local-participant="false"] video'),
    ]
    return videos.some((v) => v.videoWidth > 0 && v.clientWidth > 0 && v.clientHeight > 0)
  })
}

/** What the call UI shows, for failure messages. Runs in the browser. */
const describeTiles = () =>
  [...document.querySelectorAll('.lk-participant-tile')].map((tile) => {
    const video = tile.querySelector('video')
    return {
      local: tile.getAttribute('data-lk-local-participant'),
      source: tile.getAttribute('data-lk-source'),
      video: video && { w: video.videoWidth, cw: video.clientWidth, ch: video.clientHeight, paused: video.paused },
    }
  })

describe('two-party video call, end to end', () => {
  let db: Db
  let browser: Browser

  beforeAll(async () => {
    db = openTestDb()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await db?.destroy()
  })

  it('books through the API, mails the link, and connects citizen and advisor with audio and video', async () => {
    const { advisor } = await createOrganisationWithAdvisor(db)
    const staff = await signIn(testEnv.API_URL, advisor.email, advisor.password)
    const citizenEmail = `citizen-${randomUUID()}@test.example`

    const booking = await staff.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Erika', lastName: 'Testperson', email: citizenEmail, language: 'de' },
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      durationMinutes: 30,
    })
    expect(booking.status).toBe(201)
    const appointment = (await booking.json()) as { id: string }
    const roomName = `appointment-${appointment.id}`

    // The link comes from the SMTP server, as the citizen would get it.
    const [invitation] = await waitForMail(citizenEmail)
    const link = personalLinkIn(invitation?.Text ?? '')
    expect(link.startsWith(testEnv.PUBLIC_URL)).toBe(true)

    const citizenContext = await browser.newContext({ permissions: ['camera', 'microphone'] })
    await citizenContext.addInitScript(RECORD_PEER_CONNECTIONS)
    const citizen = await citizenContext.newPage()
    await citizen.goto(link)
    await expect.poll(() => new URL(citizen.url()).pathname).toBe('/p')
    await citizen.getByRole('button', { name: 'Videogespräch beginnen' }).click()

    const advisorContext = await browser.newContext({ permissions: ['camera', 'microphone'] })
    await advisorContext.addInitScript(RECORD_PEER_CONNECTIONS)
    const advisorPage = await advisorContext.newPage()
    await advisorPage.goto(`${testEnv.PUBLIC_URL}/staff/login`)
    await advisorPage.getByLabel('E-Mail-Adresse').fill(advisor.email)
    await advisorPage.getByLabel('Passwort').fill(advisor.password)
    await advisorPage.getByRole('button', { name: 'Anmelden' }).click()
    await advisorPage.getByRole('button', { name: 'Gespräch beitreten: Erika Testperson' }).click()

    for (const [who, page] of [
      ['citizen', citizen],
      ['advisor', advisorPage],
    ] as const) {
      // adaptiveStream pauses video a hidden page does not show, as a background tab would.
      await page.bringToFront()
      const media = await waitFor(
        () => page.evaluate(readInboundMedia),
        (m) => m.videoFramesDecoded > 0 && m.audioPacketsReceived > 0 && m.audioSamplesReceived > 0,
        `${who} to receive the other side's audio and video`,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}\npage state: ${JSON.stringify(await page.evaluate(describeTiles))}`)
      })
      expect(media.videoFramesDecoded, who).toBeGreaterThan(0)
      await waitFor(() => remoteVideoRendered(page), Boolean, `${who} to render the remote video`)
    }

    // LiveKit sees exactly the two, identified by ids only.
    const participants = await rooms.listParticipants(roomName)
    expect(participants.map((p) => p.identity).sort()).toEqual(
      [expect.stringMatching(/^participant-[0-9a-f-]{36}$/), `staff-${advisor.id}`].sort(),
    )
    expect(JSON.stringify(participants.map((p) => p.identity))).not.toContain(citizenEmail)

    await citizen.getByRole('button', { name: 'Auflegen' }).click()
    await advisorPage.getByRole('button', { name: 'Auflegen' }).click()
    await citizen.getByText('Das Gespräch ist beendet. Vielen Dank.').waitFor()

    await waitFor(
      async () => (await rooms.listRooms([roomName])).length,
      (count) => count === 0,
      'the room to be gone from LiveKit',
      40_000,
    )
    await citizenContext.close()
    await advisorContext.close()

    // Nothing personal reached the services' logs: no address, no name, no link secret.
    const token = link.split('/t/')[1] ?? ''
    for (const file of logFiles()) {
      const log = readFileSync(file, 'utf8')
      for (const secret of [citizenEmail, 'Testperson', token])
        expect(log, `${file} contains ${secret}`).not.toContain(secret)
    }
  })
})
