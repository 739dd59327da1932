import { RoomServiceClient, TrackSource, TrackType } from 'livekit-server-sdk'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { readInboundMedia } from '../support/browser.ts'
import { serviceLogs } from '../support/logs.ts'
import {
  advisorOpensAppointment,
  bookedAppointment,
  e2eClients,
  mediaContext,
  remoteVideoRendered,
  waitFor,
} from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'

const rooms = new RoomServiceClient(
  testEnv.LIVEKIT_URL.replace(/^ws/, 'http'),
  testEnv.LIVEKIT_API_KEY,
  testEnv.LIVEKIT_API_SECRET,
)

/** What the call UI shows, for failure messages. Runs in the browser. */
const describeTiles = () =>
  [...document.querySelectorAll('.lk-participant-tile')].map((tile) => {
    const video = tile.querySelector('video')
    return {
      local: tile.getAttribute('data-lk-local-participant'),
      source: tile.getAttribute('data-lk-source'),
      video: video && { w: video.videoWidth, cw: video.clientWidth, ch: video.clientHeight },
    }
  })

async function receivesAudioAndVideo(page: Page, who: string) {
  // adaptiveStream pauses video a hidden page does not show, as a background tab would.
  await page.bringToFront()
  await waitFor(
    () => page.evaluate(readInboundMedia),
    (m) => m.videoFramesDecoded > 0 && m.audioPacketsReceived > 0 && m.audioSamplesReceived > 0,
    `${who} to receive the other side's audio and video`,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}\npage state: ${JSON.stringify(await page.evaluate(describeTiles))}`)
  })
  await waitFor(() => page.evaluate(remoteVideoRendered), Boolean, `${who} to render the remote video`)
}

describe('the citizen path, end to end (real stack, Chromium with fake devices)', () => {
  const clients = e2eClients()

  it('e-mailed link → consent → device check → waiting room → admission → call → survey', async () => {
    const booked = await bookedAppointment(clients.db, { startsInMinutes: 2 })
    expect(booked.link.startsWith(testEnv.PUBLIC_URL)).toBe(true)

    // Citizen: consent and device check.
    const citizenContext = await mediaContext(clients.browser)
    const citizen = await citizenContext.newPage()
    await citizen.goto(booked.link)
    await expect.poll(() => new URL(citizen.url()).pathname).toBe('/p')
    await citizen.getByRole('heading', { name: 'Ihre Einwilligung' }).waitFor()
    await citizen.getByRole('button', { name: 'Ich stimme zu' }).click()
    await citizen.getByRole('button', { name: 'Prüfung starten' }).click()
    await citizen.getByRole('button', { name: 'Testton abspielen' }).click()
    await citizen.getByRole('button', { name: 'Ja' }).click()
    const next = citizen.getByRole('button', { name: 'Weiter' })
    await waitFor(() => next.isEnabled(), Boolean, 'the device check result to be stored', 60_000)
    const [check] = await clients.db
      .selectFrom('device_checks as d')
      .innerJoin('participants as p', 'p.id', 'd.participant_id')
      .select(['d.overall', 'd.browser', 'd.os'])
      .where('p.appointment_id', '=', booked.appointmentId)
      .execute()
    expect(check?.overall).toBe('green')
    expect(check?.browser).toMatch(/Chrom/)
    await next.click()

    // Lobby → waiting room.
    await citizen.getByRole('button', { name: 'Beratungsraum betreten' }).click()
    await citizen.getByRole('heading', { name: 'Sie sind im Wartebereich' }).waitFor()

    // The advisor sees the citizen waiting, joins the call, and meanwhile nothing of the
    // citizen is in the room: not in LiveKit's list, not on the advisor's screen.
    const advisorContext = await mediaContext(clients.browser)
    const advisor = await advisorOpensAppointment(advisorContext, booked.advisor, booked.appointmentId)
    await advisor.getByText(/wartet seit/).waitFor()
    await advisor.getByRole('button', { name: 'Gespräch beitreten' }).click()
    await advisor.locator('.lk-participant-tile[data-lk-local-participant="true"]').first().waitFor()
    const whileWaiting = await rooms.listParticipants(booked.roomName)
    expect(whileWaiting.map((p) => p.identity)).toEqual([`staff-${booked.advisor.id}`])
    expect(await advisor.locator('.lk-participant-tile[data-lk-local-participant="false"]').count()).toBe(0)

    // Admission: the citizen hears a chime, sees the cue, and is in the call.
    await advisor.getByRole('button', { name: `${booked.citizenName} hereinholen` }).click()
    await citizen.getByText('Sie werden jetzt ins Gespräch geholt.').waitFor()
    await receivesAudioAndVideo(citizen, 'citizen')
    await receivesAudioAndVideo(advisor, 'advisor')
    const inCall = await rooms.listParticipants(booked.roomName)
    expect(inCall.map((p) => p.identity).sort()).toEqual(
      [expect.stringMatching(/^participant-[0-9a-f-]{36}$/), `staff-${booked.advisor.id}`].sort(),
    )
    expect(JSON.stringify(inCall.map((p) => p.identity))).not.toContain(booked.citizenEmail)
    const admittedAt = (
      await clients.db
        .selectFrom('participants')
        .select('admitted_at')
        .where('appointment_id', '=', booked.appointmentId)
        .executeTakeFirstOrThrow()
    ).admitted_at

    // Chat: a message from the citizen arrives on the advisor's side.
    await citizen.getByRole('button', { name: 'Chat' }).click()
    await citizen.getByLabel('Ihre Nachricht').fill('Guten Tag, können Sie mich hören?')
    await citizen.getByRole('button', { name: 'Senden' }).click()
    await advisor.getByRole('button', { name: /Chat/ }).click()
    await advisor.getByText('Guten Tag, können Sie mich hören?').first().waitFor()

    // Screen share from the advisor appears on the citizen's side.
    await advisor.getByRole('button', { name: 'Bildschirm teilen' }).click()
    await citizen.locator('.lk-participant-tile[data-lk-source="screen_share"]').first().waitFor({ timeout: 20_000 })

    // Microphone and camera: what the citizen switches off is off for the media server,
    // and so for everyone else; switched on again, it flows again.
    const citizenTrack = async (type: TrackType) => {
      const participants = await rooms.listParticipants(booked.roomName)
      const self = participants.find((p) => p.identity.startsWith('participant-'))
      return self?.tracks.find((track) => track.type === type && track.source !== TrackSource.SCREEN_SHARE)
    }
    const microphone = citizen.getByRole('button', { name: 'Mikrofon' })
    await microphone.click()
    await waitFor(async () => (await citizenTrack(TrackType.AUDIO))?.muted, Boolean, 'the microphone to be muted')
    await microphone.click()
    await waitFor(async () => (await citizenTrack(TrackType.AUDIO))?.muted === false, Boolean, 'the microphone back')
    const camera = citizen.getByRole('button', { name: 'Kamera' })
    await camera.click()
    await waitFor(
      async () => {
        const track = await citizenTrack(TrackType.VIDEO)
        return !track || track.muted
      },
      Boolean,
      'the camera to be off',
    )
    await camera.click()
    await waitFor(async () => (await citizenTrack(TrackType.VIDEO))?.muted === false, Boolean, 'the camera back')

    // Fullscreen on and off.
    const fullscreen = citizen.getByRole('button', { name: 'Vollbild' })
    await fullscreen.click()
    await expect.poll(() => citizen.evaluate(() => document.fullscreenElement !== null)).toBe(true)
    await fullscreen.click()
    await expect.poll(() => citizen.evaluate(() => document.fullscreenElement === null)).toBe(true)

    // The citizen's browser goes offline for 5 s: back in the call without a second admission.
    // (Chromium's offline emulation fails HTTP and WebSocket traffic but leaves WebRTC's own
    // sockets alone; network-drop.e2e.test.ts cuts everything, media included.)
    await citizenContext.setOffline(true)
    await new Promise((resolve) => setTimeout(resolve, 5000))
    await citizenContext.setOffline(false)
    const framesBefore = (await citizen.evaluate(readInboundMedia)).videoFramesDecoded
    await waitFor(
      () => citizen.evaluate(readInboundMedia),
      (m) => m.videoFramesDecoded > framesBefore + 10,
      'video to flow again after the network came back',
      30_000,
    )
    const afterDrop = await clients.db
      .selectFrom('participants')
      .select('admitted_at')
      .where('appointment_id', '=', booked.appointmentId)
      .executeTakeFirstOrThrow()
    expect(afterDrop.admitted_at).toEqual(admittedAt)

    // Hang up → survey → thanks; the answer is stored without any link to the appointment.
    await citizen.getByRole('button', { name: 'Auflegen' }).click()
    await citizen.getByRole('heading', { name: 'Wie war Ihr Videotermin?' }).waitFor()
    await citizen
      .getByRole('group', { name: 'Wie zufrieden sind Sie insgesamt mit dem Videotermin?' })
      .getByLabel('5')
      .check()
    await citizen.getByRole('group', { name: 'Wie gut waren Bild und Ton?' }).getByLabel('4').check()
    await citizen.getByLabel('Ja').check()
    await citizen.getByRole('button', { name: 'Antworten senden' }).click()
    await citizen.getByRole('heading', { name: 'Vielen Dank' }).waitFor()
    const answers = await clients.db
      .selectFrom('survey_responses')
      .selectAll()
      .where('organisation_id', '=', booked.organisation.id)
      .execute()
    expect(answers).toEqual([
      expect.objectContaining({ satisfaction: 5, av_quality: 4, use_again: 'yes', day: expect.any(String) }),
    ])

    await advisor.getByRole('button', { name: 'Auflegen' }).click()
    await waitFor(
      async () => (await rooms.listRooms([booked.roomName])).length,
      (count) => count === 0,
      'the room to be gone from LiveKit',
      40_000,
    )
    await citizenContext.close()
    await advisorContext.close()

    // Nothing personal reached the services' logs: no address, no name, no link secret.
    const token = booked.link.split('/t/')[1] ?? ''
    const lastName = booked.citizenName.split(' ')[1] ?? ''
    for (const { file, text } of serviceLogs()) {
      for (const secret of [booked.citizenEmail, lastName, token]) {
        expect(text, `${file} contains ${secret}`).not.toContain(secret)
      }
    }
  })
})
