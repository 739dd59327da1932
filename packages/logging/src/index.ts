/**
 * What may reach a log line of the api and the worker: one censor for both processes.
 *
 * Keys whose values never reach a log line, at any depth of a logged object: secrets
 * (cookies, tokens, passwords, CSRF tokens) and personal fields (of our request bodies, of
 * a mail's envelope). Request bodies are never logged on purpose; the names are there so
 * that one that reaches a line by mistake (a debug line, an object logged whole) still loses them.
 */
const CENSORED_KEYS = new Set([
  'cookie',
  'set-cookie',
  'authorization',
  'x-csrf-token',
  'body',
  'email',
  'firstName',
  'lastName',
  'customerNumber',
  'token',
  'password',
  'to',
])
const CENSOR = '[redacted]'
/** Deeper than this a logged object is cut off (this also ends a walk round a cycle). */
const MAX_DEPTH = 6

/**
 * What an error contributes to a log line: its class, code and stack frames, never its
 * message or other fields. Messages of pg, SMTP or validation errors may quote the offending
 * value (an e-mail address, a name); only an error that says its message was written to be
 * shown (`safeToLog`, our API's AppError) keeps it.
 */
export function safeError(error: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(error instanceof Error)) return { type: typeof error, message: CENSOR, stack: '' }
  const fields = error as Error & {
    code?: unknown
    statusCode?: unknown
    constraint?: unknown
    routine?: unknown
    safeToLog?: unknown
  }
  return {
    type: error.constructor.name,
    ...(typeof fields.code === 'string' || typeof fields.code === 'number' ? { code: fields.code } : {}),
    ...(typeof fields.statusCode === 'number' ? { statusCode: fields.statusCode } : {}),
    // Postgres names the violated constraint and the routine; neither carries a value.
    ...(typeof fields.constraint === 'string' ? { constraint: fields.constraint } : {}),
    ...(typeof fields.routine === 'string' ? { routine: fields.routine } : {}),
    message: fields.safeToLog === true ? error.message : CENSOR,
    // The first line of a stack repeats the message.
    stack: (error.stack ?? '').split('\n').slice(1).join('\n'),
  }
}

function censored(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Error) return safeError(value)
  if (value instanceof Date || ArrayBuffer.isView(value)) return value
  if (depth >= MAX_DEPTH) return '[too deep]'
  if (Array.isArray(value)) {
    const items = value.map((item) => censored(item, depth + 1))
    return items.some((item, index) => item !== value[index]) ? items : value
  }
  const fields = value as Record<string, unknown>
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(fields)) {
    const inner = fields[key]
    const outer = CENSORED_KEYS.has(key) ? CENSOR : censored(inner, depth + 1)
    if (outer !== inner) {
      copy ??= { ...fields }
      copy[key] = outer
    }
  }
  return copy ?? value
}

/**
 * A censor for pino's `formatters.log`: the line's object with every censored key's value
 * replaced at any depth and errors reduced to `safeError` wherever they sit. Objects are
 * copied only where something changes. `serialized` names the keys whose pino serializer
 * keeps only named, safe fields (a request reduced to method and route): the censor leaves
 * them to it, since it runs before the serializers.
 *
 * Why not pino's `redact`: its paths are fixed depths (`*.email`, `*.*.email`), and it
 * parses and walks every path for every key of every line. On the one line each API request
 * writes, that was a fifth of the CPU the room-token route cost.
 */
export function logCensor(serialized: readonly string[] = []) {
  const skip = new Set(serialized)
  return (object: Record<string, unknown>): Record<string, unknown> => {
    let copy: Record<string, unknown> | undefined
    for (const key of Object.keys(object)) {
      if (skip.has(key)) continue
      const inner = object[key]
      const outer = CENSORED_KEYS.has(key) ? CENSOR : censored(inner, 1)
      if (outer !== inner) {
        copy ??= { ...object }
        copy[key] = outer
      }
    }
    return copy ?? object
  }
}
