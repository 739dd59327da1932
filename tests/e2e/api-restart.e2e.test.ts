import { randomUUID } from 'node:crypto'
import { RoomServiceClient } from 'livekit-server-sdk'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hashToken, newLinkToken } from '../../packages/links/src/index.ts'
import { sparePort, startApiReplica } from '../support/api-process.ts'
import { readInboundMedia } from '../support/browser.ts'
import { createOrganisationWithAdvisor, signIn } from '../support/fixtures.ts'
import { enterWaitingRoom } from '../support/participant.ts'
import { freePort, startPortalPreview } from '../support/portal-process.ts'
import { e2eClients, mediaContext, openAppointmentAs, waitFor } from '../support/scenario.ts'
import { apiEnv, testEnv } from '../support/test-env.ts'

const rooms = new RoomServiceClient(
  testEnv.LIVEKIT_URL.replace(/^ws/, 'http'),
  testEnv.LIVEKIT_API_KEY,
  testEnv.LIVEKIT_API_SECRET,
)

/** Every Server-Sent Events stream a page opened successfully, in order. */
function recordStreams(page: Page, path: string): number[] {
  const opened: number[] = []
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === path && response.status() === 200) opened.push(Date.now())
  })
  return opened
}

describe('the api restarts in the middle of a call (real processes, Chromium)', () => {
  const clients = e2eClients()

  it('the call goes on, the live view and the waiting citizen reconnect, nobody waiting is lost', async () => {
    // The restarted api must come back on the same port, behind the same portal.
    const apiPort = await sparePort(3500)
    const portalPort = await freePort()
    const publicUrl = `http://localhost:${portalPort}`
    const env = { ...apiEnv(), PUBLIC_URL: publicUrl }
    // Generous: on a loaded machine a cold start (imports, connections) can take half a minute.
    let api = await startApiReplica(env, apiPort, { readyTimeoutMs: 60_000 })
    const portal = await startPortalPreview({ apiOrigin: api.url, livekitUrl: testEnv.LIVEKIT_URL, port: portalPort })
    const contexts: BrowserContext[] = []
    try {
      const { advisor } = await createOrganisationWithAdvisor(clients.db)
      const staff = await signIn(api.url, advisor.email, advisor.password)
      const booking = await staff.request('POST', '/api/staff/appointments', {
        citizen: { firstName: 'Rita', lastName: 'Neustart', email: `citizen-${randomUUID()}@test.example` },
        furtherParticipants: [
          { role: 'interpreter', firstName: 'Wanda', lastName: 'Wartend', email: `wanda-${randomUUID()}@test.example` },
        ],
        startsAt: new Date(Date.now() + 60_000).toISOString(),
        durationMinutes: 30,
      })
      expect(booking.status).toBe(201)
      const { id: appointmentId } = (await booking.json()) as { id: string }
      const roomName = `appointment-${appointmentId}`
      // The links were mailed (only their hashes are stored): issue fresh ones to open here.
      const participants = await clients.db
        .selectFrom('participants')
        .select(['id', 'role'])
        .where('appointment_id', '=', appointmentId)
        .execute()
      const links = new Map<string, { id: string; token: string }>()
      for (const p of participants) {
        const token = newLinkToken()
        await clients.db
          .updateTable('participants')
          .set({ link_token_hash: hashToken(token) })
          .where('id', '=', p.id)
          .execute()
        links.set(p.role, { id: p.id, token })
      }

      /** Opens the personal link, consents on the page, stores a device check, enters the waiting room. */
      const citizenWaits = async (role: string) => {
        const context = await mediaContext(clients.browser)
        contexts.push(context)
        const page = await context.newPage()
        const streams = recordStreams(page, '/api/p/events')
        await enterWaitingRoom(page, `${publicUrl}/t/${links.get(role)?.token}`, api.url)
        await waitFor(
          async () => streams.length,
          (n) => n > 0,
          `the ${role}'s status stream`,
        )
        return { page, streams }
      }
      const citizen = await citizenWaits('citizen')
      const waiting = await citizenWaits('interpreter')

      // The advisor's live view, joined to the call; the citizen is let in, the interpreter keeps waiting.
      const advisorContext = await mediaContext(clients.browser)
      contexts.push(advisorContext)
      const host = await advisorContext.newPage()
      const liveView = recordStreams(host, '/api/staff/events')
      await openAppointmentAs(host, advisor, appointmentId, publicUrl)
      await host.getByRole('button', { name: 'Gespräch beitreten' }).click()
      await host.getByRole('button', { name: 'Rita Neustart hereinholen' }).click()
      const flowing = async (page: Page, who: string, above: number) => {
        await page.bringToFront()
        return waitFor(
          () => page.evaluate(readInboundMedia),
          (m) => m.videoFramesDecoded > above + 20 && m.audioPacketsReceived > 0,
          `${who} to receive video`,
          30_000,
        )
      }
      await flowing(citizen.page, 'the citizen', 0)
      await flowing(host, 'the advisor', 0)
      await host.getByRole('button', { name: 'Wanda Wartend hereinholen' }).waitFor()
      const inCall = await rooms.listParticipants(roomName)
      expect(inCall).toHaveLength(2)
      const waitingSince = await clients.db
        .selectFrom('participants')
        .select('waiting_since')
        .where('id', '=', links.get('interpreter')?.id ?? '')
        .executeTakeFirstOrThrow()
      expect(waitingSince.waiting_since).toBeInstanceOf(Date)

      // Restart: SIGTERM (graceful: open streams are ended), then a new process on the same port.
      const framesBefore = {
        citizen: (await citizen.page.evaluate(readInboundMedia)).videoFramesDecoded,
        host: (await host.evaluate(readInboundMedia)).videoFramesDecoded,
      }
      const streamsBefore = { liveView: liveView.length, waiting: waiting.streams.length }
      expect(await api.stop()).toBe(0)
      api = await startApiReplica(env, apiPort, { readyTimeoutMs: 60_000 })

      // The call never depended on the api: the same two LiveKit sessions, media still flowing.
      await flowing(citizen.page, 'the citizen after the restart', framesBefore.citizen)
      await flowing(host, 'the advisor after the restart', framesBefore.host)
      const afterRestart = await rooms.listParticipants(roomName)
      expect(afterRestart.map((p) => p.sid).sort()).toEqual(inCall.map((p) => p.sid).sort())

      // Both streams are open again, to the new process, without a reload.
      await waitFor(
        async () => liveView.length,
        (n) => n > streamsBefore.liveView,
        'the live view to reconnect',
        30_000,
      )
      await waitFor(
        async () => waiting.streams.length,
        (n) => n > streamsBefore.waiting,
        'the waiting page to reconnect',
        30_000,
      )

      // Nothing waiting was lost: still waiting since the same moment, still shown so.
      const stillWaiting = await clients.db
        .selectFrom('participants')
        .select(['waiting_since', 'admitted_at'])
        .where('id', '=', links.get('interpreter')?.id ?? '')
        .executeTakeFirstOrThrow()
      expect(stillWaiting).toEqual({ waiting_since: waitingSince.waiting_since, admitted_at: null })
      await host.getByRole('button', { name: 'Wanda Wartend hereinholen' }).waitFor()
      await waiting.page.getByRole('heading', { name: 'Sie sind im Wartebereich' }).waitFor()

      // Admitted through the restarted api (from elsewhere, so only the streams can tell the pages):
      // the waiting page hears it and joins, the live view updates.
      const admitted = await staff.request(
        'POST',
        `/api/staff/appointments/${appointmentId}/participants/${links.get('interpreter')?.id}/admit`,
      )
      expect(admitted.status).toBe(204)
      await waiting.page.getByText('Sie werden jetzt ins Gespräch geholt.').waitFor()
      await host.getByRole('button', { name: 'Wanda Wartend hereinholen' }).waitFor({ state: 'detached' })
      await waitFor(
        async () => (await rooms.listParticipants(roomName)).length,
        (n) => n === 3,
        'the interpreter to join the call',
        30_000,
      )
    } finally {
      for (const context of contexts) await context.close().catch(() => {})
      await api.stop()
      await portal.stop()
    }
  }, 180_000)
})
