// `./run up`: the whole system on this machine, with a demo organisation to try it out.
import { execFileSync } from 'node:child_process'
import { PROFILES, ROOT, startStack } from './stack.ts'

const profile = PROFILES.dev
const stack = await startStack(profile)

const seed = JSON.parse(
  execFileSync(process.execPath, ['apps/api/src/cli/seed-demo.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: stack.env.DATABASE_URL,
      PUBLIC_URL: stack.env.PUBLIC_URL,
      LINK_ENCRYPTION_KEY: stack.env.LINK_ENCRYPTION_KEY,
    },
    encoding: 'utf8',
  }),
) as {
  advisorEmail: string
  advisorPassword: string
  adminEmail: string
  adminPassword: string
  citizenLink: string
  startsAt: string
}

const bold = (s: string) => `\x1b[1m${s}\x1b[0m`
process.stdout.write(`
${bold('Videotermin is running.')} Press Ctrl-C to stop everything.

  Portal (staff sign-in)   ${stack.env.PUBLIC_URL}/staff
  Staff account (advisor)  ${seed.advisorEmail}  /  ${seed.advisorPassword}
  Staff account (admin)    ${seed.adminEmail}  /  ${seed.adminPassword}
  Citizen's personal link  ${seed.citizenLink}
                           (demo appointment at ${new Date(seed.startsAt).toLocaleTimeString('de-DE', { timeZone: 'Europe/Berlin' })} Berlin time)
  E-mail inbox (Mailpit)   ${stack.env.INBOX_URL}
  API                      ${stack.env.API_URL}  (health: /healthz, /readyz)
  LiveKit                  ${stack.env.LIVEKIT_URL}

`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    process.stdout.write('\nstopping …\n')
    await stack.stop()
    process.exit(0)
  })
}
