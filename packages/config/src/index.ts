import { type Static, type TObject, Type } from 'typebox'
import Value from 'typebox/value'

/** Raised when the environment does not satisfy an app's config schema; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Reads the variables named by `schema` from the environment, applies defaults and
 * converts strings to numbers/booleans, and throws a ConfigError naming each missing or
 * invalid variable. This and the apps' config modules are the only readers of process.env.
 */
export function loadConfig<S extends TObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Static<S> {
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(schema.properties)) {
    const raw = env[key]
    if (raw !== undefined && raw !== '') picked[key] = raw
  }
  const value = Value.Convert(schema, Value.Default(schema, picked))
  if (Value.Check(schema, value)) return value as Static<S>
  const problems = new Map<string, string>()
  for (const error of Value.Errors(schema, value)) {
    const missing = error.keyword === 'required'
    const names: string[] = missing
      ? ((error.params as { requiredProperties?: string[] }).requiredProperties ?? [])
      : [error.instancePath.replace(/^\//, '')]
    for (const name of names) {
      if (!problems.has(name)) problems.set(name, missing ? 'is required but not set' : error.message)
    }
  }
  const lines = [...problems].map(([name, problem]) => `  ${name} ${problem}`)
  throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`)
}

/** Loads config or exits the process with the ConfigError's message: apps fail at boot, not at first use. */
export function loadConfigOrExit<S extends TObject>(schema: S): Static<S> {
  try {
    return loadConfig(schema)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exit(78) // EX_CONFIG
  }
}

/** Schema pieces several apps share, so a variable means the same everywhere. */
export const Env = {
  databaseUrl: () => Type.String({ pattern: '^postgres(ql)?://', description: 'Postgres connection URL' }),
  redisUrl: () => Type.String({ pattern: '^rediss?://', description: 'Redis connection URL' }),
  publicUrl: () =>
    Type.String({ pattern: '^https?://[^/]+$', description: 'Origin citizens and staff open, no trailing slash' }),
  linkEncryptionKey: () =>
    Type.String({
      pattern: '^[A-Za-z0-9+/]{43}=$',
      description: '32 random bytes, base64: encrypts personal links while they wait in the outbox',
    }),
  logLevel: () =>
    Type.Union(
      [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug')],
      {
        default: 'info',
      },
    ),
}
