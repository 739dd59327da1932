// Creates the first admin of a new deployment (and the organisation, if it does not exist):
//   node apps/api/src/cli/create-admin.ts --organisation <slug> --organisation-name "<name>" \
//     --email <address> --name "<display name>" [--time-zone Europe/Berlin]
// The password is generated, printed once, and stored only as an argon2id hash.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { Env, loadConfigOrExit } from '@videotermin/config'
import { createDb } from '@videotermin/db'
import { Type } from 'typebox'
import Value from 'typebox/value'
import { hashPassword } from '../modules/staff-auth/passwords.ts'

const config = loadConfigOrExit(Type.Object({ DATABASE_URL: Env.databaseUrl() }))

const Args = Type.Object({
  organisation: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
  'organisation-name': Type.String({ minLength: 2, maxLength: 200 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  name: Type.String({ minLength: 2, maxLength: 200 }),
  'time-zone': Type.String({ default: 'Europe/Berlin' }),
})

const { values } = parseArgs({
  options: {
    organisation: { type: 'string' },
    'organisation-name': { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    'time-zone': { type: 'string' },
  },
})
const args = Value.Default(Args, { ...values })
if (!Value.Check(Args, args)) {
  const problems = [...Value.Errors(Args, args)].map((e) => `  --${e.instancePath.slice(1) || '?'} ${e.message}`)
  process.stderr.write(`Invalid arguments:\n${problems.join('\n')}\n`)
  process.exit(64)
}
try {
  new Intl.DateTimeFormat('en', { timeZone: args['time-zone'] })
} catch {
  process.stderr.write(`Invalid arguments:\n  --time-zone is not a known time zone\n`)
  process.exit(64)
}

const db = createDb(config.DATABASE_URL, { max: 1 })
try {
  const password = randomBytes(18).toString('base64url')
  const email = args.email.toLowerCase()
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('staff_users').select('id').where('email', '=', email).executeTakeFirst()
    if (existing) throw new Error(`A staff account for ${email} exists already.`)
    const organisation =
      (await trx.selectFrom('organisations').select('id').where('slug', '=', args.organisation).executeTakeFirst()) ??
      (await trx
        .insertInto('organisations')
        .values({ slug: args.organisation, name: args['organisation-name'], time_zone: args['time-zone'] })
        .returning('id')
        .executeTakeFirstOrThrow())
    await trx
      .insertInto('staff_users')
      .values({
        organisation_id: organisation.id,
        email,
        display_name: args.name,
        password_hash: await hashPassword(password),
        role: 'admin',
      })
      .execute()
  })
  process.stdout.write(`Admin ${email} created. Sign in with this password and change it: ${password}\n`)
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
} finally {
  await db.destroy()
}
