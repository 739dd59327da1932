import { RoomServiceClient } from 'livekit-server-sdk'
import { describe, expect, it } from 'vitest'
import { axeViolations } from '../support/a11y.ts'
import { enterWaitingRoom } from '../support/participant.ts'
import { advisorOpensAppointment, bookedAppointment, e2eClients, mediaContext, waitFor } from '../support/scenario.ts'
import { testEnv } from '../support/test-env.ts'

const rooms = new RoomServiceClient(
  testEnv.LIVEKIT_URL.replace(/^ws/, 'http'),
  testEnv.LIVEKIT_API_KEY,
  testEnv.LIVEKIT_API_SECRET,
)

describe('host controls (through the API, which calls LiveKit’s RoomService)', () => {
  const clients = e2eClients()

  it('removes a participant (who needs a new admission to return) and ends the appointment for everybody', async () => {
    const booked = await bookedAppointment(clients.db, { startsInMinutes: 2 })
    const citizenContext = await mediaContext(clients.browser)
    const citizen = await citizenContext.newPage()
    await enterWaitingRoom(citizen, booked.link)

    const advisorContext = await mediaContext(clients.browser)
    const advisor = await advisorOpensAppointment(advisorContext, booked.advisor, booked.appointmentId)
    await advisor.getByRole('button', { name: 'Gespräch beitreten' }).click()
    await advisor.getByRole('button', { name: `${booked.citizenName} hereinholen` }).click()
    await citizen.locator('.lk-participant-tile[data-lk-local-participant="false"]').first().waitFor()

    // Remove: the citizen's call ends, LiveKit no longer has them, and coming back means waiting again.
    // Escape keeps everybody in; the dialog's own button removes.
    await advisor.getByRole('button', { name: `${booked.citizenName} aus dem Gespräch nehmen` }).click()
    await advisor.getByRole('dialog').waitFor()
    expect(await axeViolations(advisor, 'remove confirmation')).toEqual([])
    await advisor.keyboard.press('Escape')
    await advisor.getByRole('dialog').waitFor({ state: 'hidden' })
    expect((await rooms.listParticipants(booked.roomName)).length).toBe(2)
    await advisor.getByRole('button', { name: `${booked.citizenName} aus dem Gespräch nehmen` }).click()
    await advisor.getByRole('dialog').getByRole('button', { name: 'Aus dem Gespräch nehmen' }).click()
    await citizen.getByRole('heading', { name: 'Wie war Ihr Videotermin?' }).waitFor()
    await waitFor(
      async () => (await rooms.listParticipants(booked.roomName)).map((p) => p.identity),
      (identities) => identities.length === 1 && identities[0] === `staff-${booked.advisor.id}`,
      'the citizen to be gone from the room',
    )
    await citizen.goto(`${testEnv.PUBLIC_URL}/p`)
    await citizen.getByRole('button', { name: 'Beratungsraum betreten' }).click()
    await citizen.getByRole('heading', { name: 'Sie sind im Wartebereich' }).waitFor()

    // End for everybody: the advisor's call ends, the room is gone, the waiting citizen is told.
    await advisor.getByRole('button', { name: 'Termin für alle beenden' }).click()
    await advisor.getByRole('dialog').getByRole('button', { name: 'Für alle beenden' }).click()
    await advisor.getByText('Dieser Termin ist beendet.').waitFor()
    await waitFor(
      async () => (await rooms.listRooms([booked.roomName])).length,
      (count) => count === 0,
      'the room to be gone from LiveKit',
    )
    await citizen
      .getByRole('heading', { name: 'Dieser Termin ist vorbei' })
      .waitFor()
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\ncitizen page: ${await citizen.locator('main').textContent()}`)
      })
    expect(await advisor.locator('.lk-participant-tile').count()).toBe(0)
    await citizenContext.close()
    await advisorContext.close()
  })
})
