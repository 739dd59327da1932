import { randomUUID } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hashToken, newLinkToken } from '../../packages/links/src/index.ts'
import { sparePort, startApiReplica } from '../support/api-process.ts'
import { readInboundMedia } from '../support/browser.ts'
import { createOrganisationWithAdvisor, signIn } from '../support/fixtures.ts'
import { startIsolatedLiveKit, startIsolatedNetwork } from '../support/isolated-network.ts'
import { enterWaitingRoom } from '../support/participant.ts'
import { startPortalPreview } from '../support/portal-process.ts'
import { advisorOpensAppointment, e2eClients, mediaContext, waitFor } from '../support/scenario.ts'
import { apiEnv } from '../support/test-env.ts'

/** Decoded video frames so far, over all of a page's peer connections. */
const framesOf = async (page: Page) => (await page.evaluate(readInboundMedia)).videoFramesDecoded

describe('the citizen’s network drops mid-call (a real cut: own network namespace, Chromium)', () => {
  const clients = e2eClients()

  it('5 s without any network: back in the call without a second admission, within 10 s', async () => {
    // Ports of their own, clear of the stacks' ranges (LiveKit UDP 50000–50599, cluster 51000–51199).
    const apiPort = await sparePort(3600)
    const portalPort = await sparePort(4600)
    const livekitPorts = {
      http: await sparePort(8600),
      tcp: await sparePort(8700),
      udp: [52000, 52099] as [number, number],
    }
    const publicUrl = `http://localhost:${portalPort}`
    // Whatever started is stopped again, also when a later start fails.
    const stops: (() => Promise<unknown>)[] = []
    const contexts: BrowserContext[] = []
    try {
      // The link first: LiveKit listens on its address.
      const network = await startIsolatedNetwork([portalPort, livekitPorts.http, livekitPorts.tcp])
      stops.push(() => network.close())
      const livekit = await startIsolatedLiveKit(livekitPorts)
      stops.push(() => livekit.stop())
      const api = await startApiReplica({ ...apiEnv(), PUBLIC_URL: publicUrl, LIVEKIT_URL: livekit.url }, apiPort, {
        readyTimeoutMs: 60_000,
      })
      stops.push(() => api.stop())
      const portal = await startPortalPreview({
        apiOrigin: api.url,
        livekitUrl: livekit.url,
        port: portalPort,
        host: '0.0.0.0',
      })
      stops.push(() => portal.stop())

      const { advisor } = await createOrganisationWithAdvisor(clients.db)
      const staff = await signIn(api.url, advisor.email, advisor.password)
      const booking = await staff.request('POST', '/api/staff/appointments', {
        citizen: { firstName: 'Nele', lastName: 'Funkloch', email: `citizen-${randomUUID()}@test.example` },
        startsAt: new Date(Date.now() + 60_000).toISOString(),
        durationMinutes: 30,
      })
      expect(booking.status).toBe(201)
      const { id: appointmentId } = (await booking.json()) as { id: string }
      // The link was mailed with the stack's address; issue a fresh one to open here.
      const citizenRow = await clients.db
        .selectFrom('participants')
        .select('id')
        .where('appointment_id', '=', appointmentId)
        .executeTakeFirstOrThrow()
      const token = newLinkToken()
      await clients.db
        .updateTable('participants')
        .set({ link_token_hash: hashToken(token) })
        .where('id', '=', citizenRow.id)
        .execute()

      // The citizen's browser lives behind the link; it opens the page as anyone would.
      const isolatedBrowser: Browser = await network.launchBrowser()
      const citizenContext = await mediaContext(isolatedBrowser)
      contexts.push(citizenContext)
      const citizen = await citizenContext.newPage()
      await enterWaitingRoom(citizen, `${publicUrl}/t/${token}`, api.url)

      // The advisor, on this machine's own network, joins and lets the citizen in.
      const advisorContext = await mediaContext(clients.browser)
      contexts.push(advisorContext)
      const host = await advisorOpensAppointment(advisorContext, advisor, appointmentId, publicUrl)
      await host.getByRole('button', { name: 'Gespräch beitreten' }).click()
      await host.getByRole('button', { name: 'Nele Funkloch hereinholen' }).click()
      const flowing = (page: Page, who: string, above: number, timeoutMs = 30_000) =>
        waitFor(
          () => framesOf(page),
          (frames) => frames > above + 20,
          `${who} to receive video`,
          timeoutMs,
        )
      await flowing(citizen, 'the citizen', 0)
      await flowing(host, 'the advisor', 0)
      const { admitted_at: admittedAt } = await clients.db
        .selectFrom('participants')
        .select('admitted_at')
        .where('id', '=', citizenRow.id)
        .executeTakeFirstOrThrow()
      expect(admittedAt).toBeInstanceOf(Date)

      // The cut: for 5 s nothing reaches the citizen's browser, media included.
      network.cut()
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const duringCut = await framesOf(citizen)
      await new Promise((resolve) => setTimeout(resolve, 4000))
      // A frame or two may still have been in flight when the cut began; no stream flows through it.
      expect(await framesOf(citizen)).toBeLessThanOrEqual(duringCut + 2)
      const framesAtReturn = await framesOf(citizen)
      network.restore()
      const restoredAt = Date.now()

      // Back in the call by itself: video flows both ways again, within 10 s of the network's return.
      const hostFrames = await framesOf(host)
      await flowing(citizen, 'the citizen after the cut', framesAtReturn, 10_000)
      await flowing(host, 'the advisor after the cut', hostFrames, 10_000 - (Date.now() - restoredAt))
      process.stderr.write(
        `[network-drop] frames decoded by the citizen: ${duringCut} one second into the cut, ${framesAtReturn} at its` +
          ` end; video back at both ${Date.now() - restoredAt} ms after the network\n`,
      )
      // Without a second admission.
      const after = await clients.db
        .selectFrom('participants')
        .select(['admitted_at', 'waiting_since'])
        .where('id', '=', citizenRow.id)
        .executeTakeFirstOrThrow()
      expect(after).toEqual({ admitted_at: admittedAt, waiting_since: null })
    } finally {
      for (const context of contexts) await context.close().catch(() => {})
      for (const stop of stops.reverse()) await stop().catch(() => {})
    }
  }, 180_000)
})
