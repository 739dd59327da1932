import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

export const CLIENT_ID = 'videotermin-test'
export const CLIENT_SECRET = `secret-${randomUUID()}`

export interface TestAccount {
  name: string
  email: string
  roles?: string | string[]
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/**
 * A real OpenID Provider (oidc-provider) on a free loopback port. Without `loginForm` its
 * interaction signs in the account last registered, without a page (for API-level tests);
 * with it, the IdP shows a sign-in page where a browser enters the account's e-mail address.
 */
export async function startProvider(options: { redirectUri: string; loginForm?: boolean }) {
  const accounts = new Map<string, TestAccount>()
  const state = { nextAccount: '' }
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // As with many IdPs, the role claim travels with the profile (released at userinfo).
    claims: { openid: ['sub'], profile: ['name', 'roles'], email: ['email', 'email_verified'] },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id)
      if (!account) return undefined
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          name: account.name,
          email: account.email,
          email_verified: true,
          roles: account.roles,
        }),
      }
    },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: [randomUUID()] },
    ttl: { AccessToken: 300, AuthorizationCode: 60, Grant: 600, IdToken: 300, Interaction: 600, Session: 600 },
  })
  const handle = provider.callback()

  const finish = async (req: IncomingMessage, res: Parameters<typeof handle>[1], accountId: string) => {
    const details = await provider.interactionDetails(req, res)
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) })
    grant.addOIDCScope(String(details.params.scope))
    const grantId = await grant.save()
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } })
  }

  server.on('request', async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res)
    try {
      if (!options.loginForm) return await finish(req, res, state.nextAccount)
      if (req.method === 'GET') {
        const details = await provider.interactionDetails(req, res)
        res.setHeader('content-type', 'text/html; charset=utf-8')
        res.end(`<!doctype html><html lang="en"><head><title>Test IdP sign-in</title></head><body><main>
          <h1>Test IdP</h1>
          <form method="post" action="/interaction/${escapeHtml(details.uid)}">
            <label>IdP e-mail <input name="email" type="email" autocomplete="username"></label>
            <button type="submit">Continue at the IdP</button>
          </form></main></body></html>`)
        return
      }
      const email = (await formBody(req)).get('email') ?? ''
      const accountId = [...accounts].find(([, account]) => account.email === email)?.[0]
      if (!accountId) {
        res.statusCode = 401
        res.end('unknown account')
        return
      }
      await finish(req, res, accountId)
    } catch (error) {
      res.statusCode = 500
      res.end(String(error))
    }
  })
  return {
    issuer,
    /** Registers an account and makes it the one the next (form-less) interaction signs in. */
    signInAs(account: TestAccount) {
      const id = `user-${randomUUID()}`
      accounts.set(id, account)
      state.nextAccount = id
      return id
    },
    update(id: string, account: TestAccount) {
      accounts.set(id, account)
      state.nextAccount = id
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
