import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { createOrganisationWithAdvisor, openTestDb, signIn } from '../support/fixtures.ts'
import { personalLinkIn, waitForMail } from '../support/inbox.ts'
import { serviceLogs } from '../support/logs.ts'
import { testEnv } from '../support/test-env.ts'

const logFile = (name: string) => serviceLogs().find((log) => log.file.endsWith(`/${name}.log`))?.text ?? ''

describe.skipIf(!testEnv.STACK_LOG_DIR)(
  'the stack’s api and worker logs (JSON lines, request ids, no personal data)',
  () => {
    const db = openTestDb()
    afterAll(() => db.destroy())

    it('book → invitation sent → link and hand-over link opened: no token, address or name in any log line', async () => {
      const { advisor } = await createOrganisationWithAdvisor(db)
      const staff = await signIn(testEnv.API_URL, advisor.email, advisor.password)
      const suffix = randomUUID().slice(0, 8)
      const citizen = {
        firstName: `Vorname${suffix}`,
        lastName: `Nachname${suffix}`,
        email: `log-${suffix}@test.example`,
        customerNumber: `KN-${suffix}`,
      }
      const bookingId = `booking-${suffix}`
      const booking = await fetch(`${testEnv.API_URL}/api/staff/appointments`, {
        method: 'POST',
        headers: {
          cookie: staff.cookie,
          'x-csrf-token': staff.csrfToken,
          'content-type': 'application/json',
          'x-request-id': bookingId,
        },
        body: JSON.stringify({ citizen, startsAt: new Date(Date.now() + 60_000).toISOString(), durationMinutes: 30 }),
      })
      expect(booking.status).toBe(201)
      expect(booking.headers.get('x-request-id')).toBe(bookingId)

      // The worker sends the invitation; the citizen opens the link.
      const [mail] = await waitForMail(citizen.email)
      const token = personalLinkIn(mail?.Text ?? '').split('/t/')[1] ?? ''
      const linkId = `link-${suffix}`
      const opened = await fetch(`${testEnv.API_URL}/t/${token}`, {
        redirect: 'manual',
        headers: { 'x-request-id': linkId },
      })
      expect(opened.status).toBe(303)
      expect(opened.headers.get('x-request-id')).toBe(linkId)
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      const handoff = await fetch(`${testEnv.API_URL}/api/p/handoff`, { method: 'POST', headers: { cookie } })
      const handoffToken = ((await handoff.json()) as { url: string }).url.split('/h/')[1] ?? ''
      expect(handoffToken).toHaveLength(43)
      expect((await fetch(`${testEnv.API_URL}/h/${handoffToken}`, { redirect: 'manual' })).status).toBe(303)
      // A failed lookup with the secret in the path, and a malformed one.
      await fetch(`${testEnv.API_URL}/t/${token}x`, { redirect: 'manual' })
      await fetch(`${testEnv.API_URL}/api/p/me?email=${encodeURIComponent(citizen.email)}`, { headers: { cookie } })

      // An id that is too long or has unsafe characters is replaced by a fresh one.
      for (const bad of ['x'.repeat(65), 'a b', '"}{"']) {
        const answer = await fetch(`${testEnv.API_URL}/healthz`, { headers: { 'x-request-id': bad } })
        expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
      }

      await new Promise((resolve) => setTimeout(resolve, 500)) // let the log files catch up
      const logs = serviceLogs()
      expect(logFile('api')).not.toBe('')
      expect(logFile('worker')).not.toBe('')
      for (const { file, text } of logs) {
        for (const secret of [
          token,
          handoffToken,
          citizen.email,
          citizen.firstName,
          citizen.lastName,
          citizen.customerNumber,
        ]) {
          expect(text.includes(secret), `${file} contains ${secret}`).toBe(false)
        }
      }

      // Every api line is JSON; every line about a request carries its id, ours where we set it.
      const lines = logFile('api')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { msg?: string; reqId?: string; req?: { route?: string } })
      const requestLines = lines.filter((l) => l.msg === 'request completed')
      expect(requestLines.length).toBeGreaterThan(4)
      for (const line of requestLines) expect(line.reqId, JSON.stringify(line)).toBeTruthy()
      // One line per request, once it is answered.
      expect(lines.filter((l) => l.reqId === linkId)).toEqual([
        expect.objectContaining({
          msg: 'request completed',
          req: { method: 'GET', route: '/t/:token' },
          res: { statusCode: 303 },
          responseTime: expect.any(Number),
        }),
      ])
      expect(lines.filter((l) => l.reqId === bookingId)).toContainEqual(
        expect.objectContaining({
          msg: 'request completed',
          req: { method: 'POST', route: '/api/staff/appointments' },
        }),
      )
      // No URLs and no client addresses in request lines, only the route template.
      for (const line of requestLines) expect(JSON.stringify(line)).not.toMatch(/"url"|remoteAddress|127\.0\.0\.1/)

      // The worker logs JSON too.
      for (const line of logFile('worker').split('\n').filter(Boolean))
        expect(() => JSON.parse(line), line).not.toThrow()
    })
  },
)
