import type { App } from '../../apps/api/src/app.ts'
import { STAFF_COOKIE } from '../../apps/api/src/modules/staff-auth/require-staff.ts'
import { cookieFrom } from './app.ts'

let addressCounter = 0

/** Signs in through the real endpoint of an in-process app; returns an inject helper carrying cookie and CSRF token. */
export async function injectAsStaff(app: App, email: string, password: string) {
  addressCounter += 1
  const response = await app.inject({
    method: 'POST',
    url: '/api/staff/login',
    payload: { email, password },
    remoteAddress: `10.1.${Math.floor(addressCounter / 250)}.${addressCounter % 250}`,
  })
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`)
  const cookie = cookieFrom(response.headers['set-cookie'], STAFF_COOKIE) ?? ''
  const csrf = response.json().csrfToken as string
  return (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie, 'x-csrf-token': csrf },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
}
