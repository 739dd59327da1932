import { type ReceivedChatMessage, useRoomContext } from '@livekit/components-react'
import { type Participant, RoomEvent } from 'livekit-client'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useI18n } from '../../../i18n/i18n.tsx'

export interface Announcement {
  id: number
  text: string
}

const KEEP = 3

/**
 * Texts for a polite live region: who joined or left, and new messages from others. Each
 * announcement is a new element, so a screen reader reads it even if the same text came before.
 */
export function useAnnouncements(messages: readonly ReceivedChatMessage[]): Announcement[] {
  const { t } = useI18n()
  const room = useRoomContext()
  const [items, setItems] = useState<Announcement[]>([])
  const nextId = useRef(0)
  const seenMessages = useRef(messages.length)

  const announce = useCallback((text: string) => {
    nextId.current += 1
    const item = { id: nextId.current, text }
    setItems((previous) => [...previous.slice(1 - KEEP), item])
  }, [])

  const nameOf = useCallback((participant: Participant | undefined) => participant?.name || t('call.someone'), [t])

  useEffect(() => {
    const joined = (participant: Participant) => announce(t('call.joined', { name: nameOf(participant) }))
    const left = (participant: Participant) => announce(t('call.left', { name: nameOf(participant) }))
    room.on(RoomEvent.ParticipantConnected, joined).on(RoomEvent.ParticipantDisconnected, left)
    return () => {
      room.off(RoomEvent.ParticipantConnected, joined).off(RoomEvent.ParticipantDisconnected, left)
    }
  }, [room, announce, nameOf, t])

  useEffect(() => {
    // The SDK starts the list afresh after a reconnect.
    const start = seenMessages.current > messages.length ? 0 : seenMessages.current
    seenMessages.current = messages.length
    for (const message of messages.slice(start)) {
      if (message.from?.isLocal) continue
      announce(t('call.newMessage', { name: nameOf(message.from), message: message.message }))
    }
  }, [messages, announce, nameOf, t])

  return items
}
