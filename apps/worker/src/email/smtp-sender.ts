import { parseConnectionUrl } from 'nodemailer/lib/shared'
import SMTPConnection from 'nodemailer/lib/smtp-connection'

/** Hands finished messages to the SMTP server. */
export interface MailSender {
  /** Resolves once the server accepted the message (250 after DATA); rejects with its error otherwise. */
  send(envelope: { from: string; to: string }, message: Buffer): Promise<void>
  /** Closes every connection; sends after this fail. */
  close(): void
}

interface Pooled {
  connection: SMTPConnection
  messages: number
  closed: boolean
  idleTimer?: NodeJS.Timeout
  /** Rejects the send in progress when the connection ends under it. */
  abort?: (error: Error) => void
}

/**
 * A pool of SMTP connections (nodemailer's SMTPConnection: STARTTLS, AUTH, PIPELINING and
 * timeouts as nodemailer does them) that sends ready-made messages. nodemailer's own
 * transport parses and re-streams every message (addresses, headers, line ends) before
 * the connection sees it, which cost twice what the SMTP conversation does.
 *
 * `smtpUrl` is read as nodemailer reads it: `smtp://` or `smtps://`, `user:password@`, options
 * in the query (`?tls.rejectUnauthorized=false`, `requireTLS=true` …). A connection carries at
 * most `maxMessages` messages and is closed after `idleMs` without one; any error closes it.
 */
export function createMailSender(
  smtpUrl: string,
  options: { connections: number; maxMessages?: number; idleMs?: number },
): MailSender {
  const { auth, ...connectionOptions } = parseConnectionUrl(smtpUrl)
  const maxMessages = options.maxMessages ?? 1000
  const idleMs = options.idleMs ?? 30_000
  const idle: Pooled[] = []
  const waiting: (() => void)[] = []
  let open = 0
  let closed = false

  const wakeOne = () => waiting.shift()?.()

  /** Takes a connection out of the pool: QUIT when it is in good order, else just closed. */
  const drop = (pooled: Pooled, graceful = false) => {
    if (pooled.closed) return
    pooled.closed = true
    clearTimeout(pooled.idleTimer)
    open--
    const at = idle.indexOf(pooled)
    if (at >= 0) idle.splice(at, 1)
    if (graceful) pooled.connection.quit()
    else pooled.connection.close()
    wakeOne()
  }

  const connect = () =>
    new Promise<Pooled>((resolve, reject) => {
      const connection = new SMTPConnection(connectionOptions)
      const pooled: Pooled = { connection, messages: 0, closed: false }
      let ready = false
      const fail = (error: Error) => {
        if (ready) {
          pooled.abort?.(error)
          drop(pooled)
        } else if (!pooled.closed) {
          // acquire() gives the slot back.
          pooled.closed = true
          connection.close()
          reject(error)
        }
      }
      // While a message is under way its callback gets the same error; idle, the server may
      // have closed the connection (timeout, restart): either way it is not used again.
      connection.on('error', fail)
      connection.once('end', () => fail(Object.assign(new Error('SMTP connection closed'), { code: 'ECONNECTION' })))
      connection.connect((error) => {
        if (error) return fail(error)
        if (!auth || !(connection.allowsAuth || connectionOptions.forceAuth)) {
          ready = true
          resolve(pooled)
          return
        }
        connection.login(auth, (error) => {
          if (error) return fail(error)
          ready = true
          resolve(pooled)
        })
      })
    })

  const acquire = async (): Promise<Pooled> => {
    for (;;) {
      if (closed) throw Object.assign(new Error('mail sender closed'), { code: 'ECONNECTION' })
      const pooled = idle.pop()
      if (pooled) {
        clearTimeout(pooled.idleTimer)
        return pooled
      }
      if (open < options.connections) {
        open++
        try {
          return await connect()
        } catch (error) {
          // connect() failed before drop() could count it.
          open--
          wakeOne()
          throw error
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve))
    }
  }

  const release = (pooled: Pooled) => {
    pooled.abort = undefined
    if (pooled.closed) return
    if (closed || pooled.messages >= maxMessages) {
      drop(pooled, true)
      return
    }
    pooled.idleTimer = setTimeout(() => drop(pooled, true), idleMs)
    pooled.idleTimer.unref()
    idle.push(pooled)
    wakeOne()
  }

  return {
    async send(envelope, message) {
      const pooled = await acquire()
      try {
        await new Promise<void>((resolve, reject) => {
          pooled.abort = reject
          pooled.messages++
          pooled.connection.send({ from: envelope.from, to: [envelope.to], size: message.length }, message, (error) =>
            error ? reject(error) : resolve(),
          )
        })
      } catch (error) {
        // A refused message leaves the session in the middle of a transaction: start afresh.
        drop(pooled)
        throw error
      }
      release(pooled)
    },
    close() {
      closed = true
      for (const pooled of [...idle]) drop(pooled, true)
      for (const wake of waiting.splice(0)) wake()
    },
  }
}
