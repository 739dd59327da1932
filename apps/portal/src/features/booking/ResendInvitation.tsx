import { ErrorCode, type StaffParticipant } from '@videotermin/contracts'
import type { MessageKey } from '@videotermin/i18n'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { ApiError, api } from '../../api/client.ts'
import { useI18n } from '../../i18n/i18n.tsx'
import { checkEmail, type FieldError } from './booking-form.ts'
import { describedInput, FormField } from './form-fields.tsx'
import './booking.css'

/**
 * "Send the invitation again" for one participant of the appointment's page: for a mail that
 * went astray (spam folder, a typo in the address). Opens a small form with the address to
 * correct; the API sends a new invitation with a new link, and the old link stops working.
 */
export function ResendInvitation({
  appointmentId,
  participant,
  name,
  onSent,
}: {
  appointmentId: string
  participant: Pick<StaffParticipant, 'id' | 'email'>
  name: string
  /** Sent: the page reloads the appointment and announces it. */
  onSent: (email: string) => void
}) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const [email, setEmail] = useState(participant.email)
  const [fieldError, setFieldError] = useState<FieldError>()
  const [failure, setFailure] = useState<MessageKey>()
  const [sending, setSending] = useState(false)
  const formId = useId()
  const inputId = `${formId}-email`
  const toggleRef = useRef<HTMLButtonElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const opened = useRef(false)

  // Opening moves the focus into the form, closing back to the button that opened it.
  useEffect(() => {
    if (open) inputRef.current?.focus()
    else if (opened.current) toggleRef.current?.focus()
  }, [open])

  const toggle = (next: boolean) => {
    opened.current = true
    setOpen(next)
    setFailure(undefined)
    setFieldError(undefined)
    if (next) setEmail(participant.email)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (sending) return
    const address = email.trim()
    const problem = checkEmail(address)
    setFieldError(problem)
    setFailure(undefined)
    if (problem) {
      inputRef.current?.focus()
      return
    }
    setSending(true)
    try {
      const body = address === participant.email ? {} : { email: address }
      await api<void>(
        'POST',
        `/api/staff/appointments/${appointmentId}/participants/${participant.id}/invitation`,
        body,
      )
      toggle(false)
      onSent(address)
    } catch (error) {
      const code = error instanceof ApiError ? error.code : undefined
      setFailure(
        code === ErrorCode.appointmentClosed
          ? 'booking.resend.closed'
          : code === ErrorCode.conflict
            ? 'booking.resend.withdrawn'
            : 'booking.server.failed',
      )
    } finally {
      setSending(false)
    }
  }

  return (
    <div className="resend-invitation">
      <button
        type="button"
        ref={toggleRef}
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        // The name is in the list item above: seen there, heard here, where the button stands alone.
        aria-label={t('booking.resend.toggleNamed', { name })}
        onClick={() => toggle(!open)}
      >
        {t('booking.resend.toggle')}
      </button>
      {open && (
        <form id={formId} className="resend-invitation-form" noValidate onSubmit={(event) => void submit(event)}>
          <p>{t('booking.resend.intro')}</p>
          <FormField id={inputId} label={t('booking.resend.email')} error={fieldError}>
            <input
              {...describedInput(inputId, fieldError)}
              ref={inputRef}
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </FormField>
          {failure && (
            <p role="alert" className="error">
              {t(failure)}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="button-primary" aria-disabled={sending || undefined}>
              {sending ? t('booking.resend.sending') : t('booking.resend.send')}
            </button>
            <button type="button" onClick={() => toggle(false)}>
              {t('booking.resend.abort')}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
