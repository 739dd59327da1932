import pino, { type DestinationStream, type Logger } from 'pino'

/**
 * What an error contributes to a log line: class, code and stack frames, not the message
 * (SMTP and pg messages may quote an address or a name).
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error }
  const code = (error as { code?: unknown }).code
  return {
    type: error.constructor.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    // The first line of a stack repeats the message.
    stack: (error.stack ?? '').split('\n').slice(1).join('\n'),
  }
}

/** The worker's JSON logger: errors logged as `err` lose their message, personal fields are redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'worker' },
    serializers: { err: safeError },
    redact: {
      paths: ['email', 'firstName', 'lastName', 'to', '*.email', '*.firstName', '*.lastName', '*.to'],
      censor: '[redacted]',
    },
  }
  return destination ? pino(options, destination) : pino(options)
}
