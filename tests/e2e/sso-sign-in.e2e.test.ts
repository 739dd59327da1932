import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MessageKey, translate } from '../../packages/i18n/src/index.ts'
import { axeViolations } from '../support/a11y.ts'
import { startApiReplica } from '../support/api-process.ts'
import { createOrganisationWithAdvisor } from '../support/fixtures.ts'
import { CLIENT_ID, CLIENT_SECRET, startProvider } from '../support/oidc-provider.ts'
import { freePort, startPortalPreview } from '../support/portal-process.ts'
import { e2eClients } from '../support/scenario.ts'
import { apiEnv, testEnv } from '../support/test-env.ts'

const t = (key: MessageKey, params?: Record<string, string>) => translate('de', key, params)

/**
 * SSO in a real browser: the portal's button, the IdP's own sign-in page, our callback and
 * the signed-in workspace. The test stack's API has no IdP configured, so this test runs its
 * own API process and portal in front of a real OpenID Provider.
 */
describe('an advisor signs in through the organisation’s identity provider', () => {
  const clients = e2eClients()
  let idp: Awaited<ReturnType<typeof startProvider>>
  let api: Awaited<ReturnType<typeof startApiReplica>>
  let portal: Awaited<ReturnType<typeof startPortalPreview>>
  let organisationId: string

  beforeAll(async () => {
    const portalPort = await freePort()
    const portalUrl = `http://localhost:${portalPort}`
    idp = await startProvider({ redirectUri: `${portalUrl}/api/staff/sso/callback`, loginForm: true })
    const { organisation } = await createOrganisationWithAdvisor(clients.db)
    organisationId = organisation.id
    const { slug } = await clients.db
      .selectFrom('organisations')
      .select('slug')
      .where('id', '=', organisation.id)
      .executeTakeFirstOrThrow()
    api = await startApiReplica(
      {
        ...apiEnv(),
        PUBLIC_URL: portalUrl,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_ORGANISATION: slug,
      },
      await freePort(),
    )
    portal = await startPortalPreview({ apiOrigin: api.url, livekitUrl: testEnv.LIVEKIT_URL, port: portalPort })
  })
  afterAll(async () => {
    await portal?.stop()
    await api?.stop()
    await idp?.close()
  })

  it('signs in with the IdP, lands in the workspace with the mapped role, and signs out', async () => {
    const suffix = randomUUID().slice(0, 8)
    const email = `sso-${suffix}@idp.example`
    idp.signInAs({ name: `Sven Sso ${suffix}`, email, roles: ['videotermin-advisor'] })

    const context = await clients.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${portal.url}/staff/login`)
    const ssoButton = page.getByRole('link', { name: t('staff.signInSso') })
    await ssoButton.waitFor()
    expect(await axeViolations(page, 'sign-in with SSO offered')).toEqual([])

    // Keyboard: the SSO link is reachable and starts the flow.
    await ssoButton.focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(`${idp.issuer}/interaction/**`)
    await page.getByLabel('IdP e-mail').fill(email)
    await page.getByRole('button', { name: 'Continue at the IdP' }).click()

    await page.waitForURL(`${portal.url}/staff`)
    await page.getByText(`Sven Sso ${suffix}`).first().waitFor()
    await page.getByRole('link', { name: t('nav.appointments') }).waitFor()
    // An advisor, as the IdP's role says: no admin sections.
    expect(await page.getByRole('link', { name: t('nav.team') }).count()).toBe(0)

    const user = await clients.db
      .selectFrom('staff_users')
      .select(['role', 'organisation_id', 'password_hash', 'email'])
      .where('sso_subject', 'like', `${idp.issuer} %`)
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    expect(user).toEqual({ role: 'advisor', organisation_id: organisationId, password_hash: null, email })

    // The session cookie is the same hardened one a local sign-in gets.
    const cookie = (await context.cookies()).find((c) => c.name === '__Host-vt_staff')
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })

    await page.getByRole('button', { name: t('staff.signOut') }).click()
    await page.getByRole('heading', { name: t('staff.signInTitle') }).waitFor()
    expect((await context.cookies()).find((c) => c.name === '__Host-vt_staff')).toBeUndefined()
    await context.close()
  })

  it('an IdP account without a Videotermin role is refused with a clear message', async () => {
    const suffix = randomUUID().slice(0, 8)
    const email = `norole-${suffix}@idp.example`
    idp.signInAs({ name: `Nora Norole ${suffix}`, email, roles: ['payroll'] })
    const context = await clients.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${portal.url}/staff/login`)
    await page.getByRole('link', { name: t('staff.signInSso') }).click()
    await page.getByLabel('IdP e-mail').fill(email)
    await page.getByRole('button', { name: 'Continue at the IdP' }).click()
    await page
      .getByRole('alert')
      .filter({ hasText: t('staff.ssoForbidden') })
      .waitFor()
    expect(await clients.db.selectFrom('staff_users').select('id').where('email', '=', email).execute()).toEqual([])
    expect(await axeViolations(page, 'sign-in after refused SSO')).toEqual([])
    await context.close()
  })
})
