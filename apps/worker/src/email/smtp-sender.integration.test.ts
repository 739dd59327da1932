import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { mailsTo, startOwnMailpit, waitForMails } from '../../../../tests/support/mail-pipeline.ts'
import { composeMessage } from './mime-message.ts'
import { createMailSender } from './smtp-sender.ts'

const message = (to: string, i: number) =>
  composeMessage({
    from: { name: 'Videotermin', address: 'noreply@test.example' },
    to: { name: `Person ${i}`, address: to },
    subject: `Nachricht ${i}`,
    text: `Hallo ${i}`,
    html: `<p>Hallo ${i}</p>`,
    calendar: { method: 'REQUEST', filename: 'termin.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
    messageId: `<sender-${randomUUID()}@videotermin>`,
    date: new Date(),
  })

describe('SMTP sender: pooled connections to a real SMTP server (a Mailpit of its own)', () => {
  it('sends more mails than it has connections, concurrently, each exactly once', async () => {
    const mailpit = await startOwnMailpit()
    const sender = createMailSender(mailpit.smtpUrl, { connections: 2 })
    try {
      const domain = `pool-${randomUUID().slice(0, 8)}.example`
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          sender.send({ from: 'noreply@test.example', to: `p${i}@${domain}` }, message(`p${i}@${domain}`, i)),
        ),
      )
      const mails = await mailsTo(mailpit.inboxUrl, domain)
      expect(mails.map((m) => m.to).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}@${domain}`).sort())
    } finally {
      sender.close()
      await mailpit.stop()
    }
  })

  it('gets over a server restart: the connection the server closed is dropped, the next mail opens a new one', async () => {
    const first = await startOwnMailpit()
    const sender = createMailSender(first.smtpUrl, { connections: 1 })
    const domain = `restart-${randomUUID().slice(0, 8)}.example`
    try {
      await sender.send({ from: 'noreply@test.example', to: `a@${domain}` }, message(`a@${domain}`, 1))
      await first.stop()
      const second = await startOwnMailpit({ smtpPort: first.smtpPort })
      try {
        await sender.send({ from: 'noreply@test.example', to: `b@${domain}` }, message(`b@${domain}`, 2))
        expect((await waitForMails(second.inboxUrl, domain, 1)).map((m) => m.to)).toEqual([`b@${domain}`])
      } finally {
        await second.stop()
      }
    } finally {
      sender.close()
    }
  })

  it('reports a refusal with its SMTP code and keeps sending the other mails', async () => {
    const domain = `refuse-${randomUUID().slice(0, 8)}.example`
    const mailpit = await startOwnMailpit({ flags: ['--smtp-allowed-recipients', `@${domain.replace(/\./g, '\\.')}$`] })
    const sender = createMailSender(mailpit.smtpUrl, { connections: 1 })
    try {
      await expect(
        sender.send(
          { from: 'noreply@test.example', to: 'someone@elsewhere.example' },
          message('someone@elsewhere.example', 0),
        ),
      ).rejects.toMatchObject({ responseCode: 550 })
      await sender.send({ from: 'noreply@test.example', to: `ok@${domain}` }, message(`ok@${domain}`, 1))
      expect((await waitForMails(mailpit.inboxUrl, domain, 1)).map((m) => m.to)).toEqual([`ok@${domain}`])
    } finally {
      sender.close()
      await mailpit.stop()
    }
  })

  it('signs in with the user and password of the URL when the server offers AUTH', async () => {
    const mailpit = await startOwnMailpit()
    const url = new URL(mailpit.smtpUrl)
    url.username = 'worker'
    url.password = 'p@ss word'
    const sender = createMailSender(url.toString(), { connections: 1 })
    const domain = `auth-${randomUUID().slice(0, 8)}.example`
    try {
      await sender.send({ from: 'noreply@test.example', to: `a@${domain}` }, message(`a@${domain}`, 1))
      await waitForMails(mailpit.inboxUrl, domain, 1)
      const search = await fetch(`${mailpit.inboxUrl}/api/v1/search?query=${encodeURIComponent(`to:${domain}`)}`)
      const { messages } = (await search.json()) as { messages: { Username?: string }[] }
      // Mailpit records who signed in for the message.
      expect(messages.map((m) => m.Username)).toEqual(['worker'])
    } finally {
      sender.close()
      await mailpit.stop()
    }
  })

  it('refuses to send once closed', async () => {
    const mailpit = await startOwnMailpit()
    const sender = createMailSender(mailpit.smtpUrl, { connections: 1 })
    sender.close()
    try {
      await expect(
        sender.send({ from: 'noreply@test.example', to: 'x@test.example' }, message('x@test.example', 0)),
      ).rejects.toThrow('closed')
    } finally {
      await mailpit.stop()
    }
  })
})
