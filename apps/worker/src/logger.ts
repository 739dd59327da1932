import { logCensor, safeError } from '@videotermin/logging'
import pino, { type DestinationStream, type Logger } from 'pino'

/** The worker's JSON logger: errors lose their message, personal fields are censored at any depth. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'worker' },
    serializers: { err: safeError },
    formatters: { log: logCensor(['err']) },
  }
  return destination ? pino(options, destination) : pino(options)
}
