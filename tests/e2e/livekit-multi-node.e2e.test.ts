import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { RoomServiceClient } from 'livekit-server-sdk'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApiReplica } from '../support/api-process.ts'
import { launchChromium, RECORD_PEER_CONNECTIONS, readInboundMedia } from '../support/browser.ts'
import { createOrganisationWithAdvisor, openTestDb, signIn } from '../support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../support/inbox.ts'
import {
  type ClusterNode,
  clearClusterState,
  type NodeName,
  startClusterNode,
  stopClusterNode,
} from '../support/livekit-cluster.ts'
import { waitFor } from '../support/scenario.ts'
import { apiEnv, testEnv } from '../support/test-env.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const API_PORT = 3403
// A page of a loopback origin of its own (a secure context, and loopback may reach loopback
// under Chromium's local-network rules) with nothing but livekit-client: the portal's CSP
// allows only the stack's LiveKit.
const PAGE_PORT = 3499
const PAGE_URL = `http://127.0.0.1:${PAGE_PORT}/`
const PAGE = `<!doctype html><title>node test</title><body><script>${readFileSync(
  path.join(ROOT, 'apps/portal/node_modules/livekit-client/dist/livekit-client.umd.js'),
  'utf8',
)}</script></body>`

/** Joins a room from a bare page with fake camera and microphone; remote tracks are played. */
async function joinFromPage(browser: Browser, serverUrl: string, token: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] })
  await context.addInitScript(RECORD_PEER_CONNECTIONS)
  const page = await context.newPage()
  await page.goto(PAGE_URL)
  await page.evaluate(
    async ({ serverUrl, token }) => {
      // The UMD bundle's global, typed as far as used here (livekit-client is the portal's dependency).
      type Track = { attach: () => HTMLMediaElement }
      type LiveKitRoom = {
        on: (event: string, listener: (track: Track) => void) => void
        connect: (url: string, token: string) => Promise<void>
        localParticipant: { enableCameraAndMicrophone: () => Promise<void> }
      }
      const { Room, RoomEvent } = (
        window as unknown as {
          LivekitClient: { Room: new () => LiveKitRoom; RoomEvent: { TrackSubscribed: string } }
        }
      ).LivekitClient
      const room = new Room()
      room.on(RoomEvent.TrackSubscribed, (track) => document.body.append(track.attach()))
      await room.connect(serverUrl, token)
      await room.localParticipant.enableCameraAndMicrophone()
    },
    { serverUrl, token },
  )
  return page
}

describe('LiveKit with two nodes sharing Redis: one appointment, participants on different nodes', () => {
  const db = openTestDb()
  const nodes: Partial<Record<NodeName, ClusterNode>> = {}
  let browser: Browser
  let replica: Awaited<ReturnType<typeof startApiReplica>> | undefined
  let pageServer: Server | undefined

  beforeAll(async () => {
    await clearClusterState()
    // One after the other: each registers in Redis before anything is placed on the cluster.
    nodes.a = await startClusterNode('a')
    nodes.b = await startClusterNode('b')
    // The API knows node A only.
    replica = await startApiReplica({ ...apiEnv(), LIVEKIT_URL: nodes.a.url }, API_PORT)
    pageServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE))
    await new Promise<void>((resolve) => pageServer?.listen(PAGE_PORT, '127.0.0.1', resolve))
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    pageServer?.close()
    await replica?.stop()
    // A node drains its rooms first; nothing here needs that.
    await Promise.all(Object.values(nodes).map((node) => stopClusterNode(node)))
    await clearClusterState()
    await db.destroy()
  })

  it('the citizen joins through node A, the advisor through node B; each receives the other’s audio and video', async () => {
    const api = replica?.url ?? ''
    const [a, b] = [nodes.a as ClusterNode, nodes.b as ClusterNode]
    const { advisor } = await createOrganisationWithAdvisor(db)
    const staff = await signIn(api, advisor.email, advisor.password)
    const email = `cluster-${randomUUID()}@test.example`
    const booking = await staff.request('POST', '/api/staff/appointments', {
      citizen: { firstName: 'Nora', lastName: 'Knoten', email },
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      durationMinutes: 30,
    })
    expect(booking.status).toBe(201)
    const { id: appointmentId } = (await booking.json()) as { id: string }

    // The citizen's path up to admission, through the API.
    const [mail] = await waitForMail(email)
    const token = personalLinkIn(mail?.Text ?? '').split('/t/')[1]
    const opened = await fetch(`${api}/t/${token}`, { redirect: 'manual' })
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const citizen = (apiPath: string, body?: unknown) =>
      fetch(`${api}${apiPath}`, {
        method: 'POST',
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    expect((await citizen('/api/p/consent', { version: 0 })).status).toBe(204)
    expect((await citizen('/api/p/waiting-room')).status).toBe(200)
    const participant = await db
      .selectFrom('participants')
      .select('id')
      .where('appointment_id', '=', appointmentId)
      .executeTakeFirstOrThrow()
    // Admission creates the room through node A; the cluster places it on either node.
    const admit = await staff.request(
      'POST',
      `/api/staff/appointments/${appointmentId}/participants/${participant.id}/admit`,
    )
    expect(admit.status).toBe(204)

    const citizenAccess = (await (await citizen('/api/p/room-token')).json()) as { serverUrl: string; token: string }
    const advisorAccess = (await (
      await staff.request('POST', `/api/staff/appointments/${appointmentId}/room-token`)
    ).json()) as { serverUrl: string; token: string }
    expect(citizenAccess.serverUrl).toBe(a.url)

    const citizenPage = await joinFromPage(browser, a.url, citizenAccess.token)
    // The advisor's token is the API's; only the address differs: node B.
    const advisorPage = await joinFromPage(browser, b.url, advisorAccess.token)

    for (const [page, who] of [
      [citizenPage, 'citizen (node A)'],
      [advisorPage, 'advisor (node B)'],
    ] as const) {
      await page.bringToFront()
      await waitFor(
        () => page.evaluate(readInboundMedia),
        (m) => m.videoFramesDecoded > 0 && m.audioPacketsReceived > 0,
        `${who} to receive the other side's audio and video`,
        30_000,
      )
    }

    // Either node answers for the room: both participants are in it, wherever it lives.
    const roomName = `appointment-${appointmentId}`
    for (const node of [a, b]) {
      const rooms = new RoomServiceClient(node.httpUrl, testEnv.LIVEKIT_API_KEY, testEnv.LIVEKIT_API_SECRET)
      const identities = (await rooms.listParticipants(roomName)).map((p) => p.identity).sort()
      expect(identities).toEqual([`participant-${participant.id}`, `staff-${advisor.id}`].sort())
    }
  })
})
