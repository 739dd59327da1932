import { testEnv } from './test-env.ts'

interface MailpitSummary {
  ID: string
  Subject: string
  To: { Address: string }[]
}

/** Waits until Mailpit holds exactly `count` messages to `address` and returns their texts. */
export async function waitForMail(address: string, options: { count?: number; timeoutMs?: number } = {}) {
  const count = options.count ?? 1
  const deadline = Date.now() + (options.timeoutMs ?? 15_000)
  for (;;) {
    const search = await fetch(`${testEnv.INBOX_URL}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}`)
    const { messages } = (await search.json()) as { messages: MailpitSummary[] }
    if (messages.length >= count) {
      return Promise.all(
        messages.map(async (summary) => {
          const response = await fetch(`${testEnv.INBOX_URL}/api/v1/message/${summary.ID}`)
          return (await response.json()) as { Subject: string; Text: string; HTML: string; MessageID: string }
        }),
      )
    }
    if (Date.now() > deadline) throw new Error(`expected ${count} mail(s) to ${address}, found ${messages.length}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** How many messages to `address` Mailpit holds now. */
export async function mailCount(address: string): Promise<number> {
  const search = await fetch(`${testEnv.INBOX_URL}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}`)
  return ((await search.json()) as { messages: MailpitSummary[] }).messages.length
}

/** The personal link in an invitation's text. */
export function personalLinkIn(text: string): string {
  const match = text.match(/https?:\/\/\S+\/t\/[A-Za-z0-9_-]{43}/)
  if (!match) throw new Error('no personal link in the e-mail')
  return match[0]
}
