import type { ReceivedChatMessage } from '@livekit/components-react'
import { LANGUAGES } from '@videotermin/i18n'
import { type FormEvent, type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'

const MAX_LENGTH = 2000

/**
 * The chat: messages travel over the LiveKit data channel only, nothing is stored. Kept
 * mounted while closed (hidden) so a half-written message survives closing the panel.
 */
export function ChatPanel({
  open,
  messages,
  send,
  onClose,
}: {
  open: boolean
  messages: readonly ReceivedChatMessage[]
  send: (message: string) => Promise<unknown>
  onClose: () => void
}) {
  const { t, language } = useI18n()
  const titleId = useId()
  const inputId = useId()
  const errorId = useId()
  const [draft, setDraft] = useState('')
  const [failed, setFailed] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLOListElement>(null)
  const time = useMemo(
    () => new Intl.DateTimeFormat(LANGUAGES[language].locale, { hour: '2-digit', minute: '2-digit' }),
    [language],
  )

  useEffect(() => {
    if (open) inputRef.current?.focus()
  }, [open])

  // Keep the newest message in view.
  const count = messages.length
  useEffect(() => {
    const list = listRef.current
    if (open && list && count > 0) list.scrollTop = list.scrollHeight
  }, [open, count])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const text = draft.trim()
    if (!text) return
    setFailed(false)
    setDraft('')
    try {
      await send(text)
    } catch {
      setFailed(true)
      setDraft((current) => current || text)
    }
  }

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      onClose()
    }
  }

  return (
    <section id="call-chat" className="incall-panel" aria-labelledby={titleId} hidden={!open} onKeyDown={closeOnEscape}>
      <div className="incall-panel-head">
        <h2 id={titleId}>{t('call.chatTitle')}</h2>
        <button type="button" className="incall-panel-close" onClick={onClose}>
          {t('call.close')}
        </button>
      </div>
      <p className="incall-panel-hint">{t('call.chatNotStored')}</p>
      {messages.length === 0 ? (
        <p className="incall-chat-empty">{t('call.chatEmpty')}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the list scrolls and must be scrollable by keyboard
        <ol ref={listRef} className="incall-chat-list" aria-label={t('call.messages')} tabIndex={0}>
          {messages.map((message) => {
            const own = message.from?.isLocal === true
            const sender = own ? t('call.youWithoutName') : message.from?.name || t('call.someone')
            const sent = new Date(message.timestamp)
            return (
              <li key={`${message.from?.identity ?? ''}:${message.id}`} className="incall-chat-message" data-own={own}>
                <p className="incall-chat-meta">
                  <span className="incall-chat-sender">{sender}</span>{' '}
                  <time dateTime={sent.toISOString()}>{time.format(sent)}</time>
                </p>
                <p className="incall-chat-text">{message.message}</p>
              </li>
            )
          })}
        </ol>
      )}
      <form className="incall-chat-form" onSubmit={submit}>
        <label htmlFor={inputId}>{t('call.messageLabel')}</label>
        <div className="incall-chat-row">
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            autoComplete="off"
            maxLength={MAX_LENGTH}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            aria-describedby={failed ? errorId : undefined}
            aria-invalid={failed || undefined}
          />
          <button type="submit" className="incall-chat-send">
            {t('call.send')}
          </button>
        </div>
        {failed && (
          <p id={errorId} role="alert" className="incall-chat-error">
            {t('call.sendFailed')}
          </p>
        )}
      </form>
    </section>
  )
}
