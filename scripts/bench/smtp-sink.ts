// A lean SMTP server for the e-mail benchmark, run as a child process (`fork`). It speaks real
// SMTP (smtp-server, the maintained server of the nodemailer project, which offers PIPELINING),
// reads every message to its end and answers 250, but parses and stores nothing: about what
// accepting a message costs a relay MTA, where Mailpit parses, indexes and stores each one.
// The parent asks over IPC how many messages reached a domain, and to how many distinct
// recipients, so the benchmark can still tell a lost or doubled mail.
import { SMTPServer } from 'smtp-server'

/** Per recipient domain: every accepted recipient address, and how many messages there were. */
const accepted = new Map<string, { messages: number; recipients: Set<string> }>()

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    stream.resume()
    stream.on('end', () => {
      for (const { address } of session.envelope.rcptTo) {
        const domain = address.slice(address.lastIndexOf('@') + 1)
        const entry = accepted.get(domain) ?? { messages: 0, recipients: new Set<string>() }
        entry.messages += 1
        entry.recipients.add(address)
        accepted.set(domain, entry)
      }
      callback()
    })
  },
})

process.on('message', (message: { domain: string }) => {
  const entry = accepted.get(message.domain)
  process.send?.({ domain: message.domain, messages: entry?.messages ?? 0, recipients: entry?.recipients.size ?? 0 })
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))

server.listen(0, '127.0.0.1', () => {
  const address = server.server.address()
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
})
