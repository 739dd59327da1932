import { useEffect, useState } from 'react'
import { countUnread } from '../call-status.ts'

/** How many messages from others arrived while the chat was closed. */
export function useUnreadMessages(messages: readonly { from?: { isLocal: boolean } | undefined }[], open: boolean) {
  const [readCount, setReadCount] = useState(0)
  useEffect(() => {
    if (open) setReadCount(messages.length)
  }, [open, messages.length])
  return open ? 0 : countUnread(messages, readCount)
}
