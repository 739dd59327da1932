import type { DeliveryStatus, StaffAppointment, StaffAppointmentDetail, StaffSession } from '@videotermin/contracts'
import { useEffect, useRef, useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import type { SlotField } from './booking-form.ts'
import { ErrorSummary, SlotFields } from './form-fields.tsx'
import { useAppointmentAdvisor, useCancel, useMoveForm } from './hooks/useAppointmentChanges.ts'
import type { ServerFailure } from './hooks/useBookingForm.ts'
import { useOverlaps } from './hooks/useOverlaps.ts'
import './booking.css'

const SLOT_FIELDS: readonly SlotField[] = ['date', 'time', 'durationMinutes']

/**
 * "Move appointment" and "Cancel appointment" on the appointment's page. Moving opens the
 * booking form's date, time and duration fields with the double-booking warning; cancelling
 * asks in a modal <dialog>. The page reloads the appointment and announces the outcome.
 */
export function AppointmentChanges({
  session,
  appointment,
  onMoved,
  onCancelled,
  onStale,
}: {
  session: StaffSession
  appointment: StaffAppointmentDetail
  onMoved: (moved: StaffAppointment) => void
  onCancelled: () => void
  /** The appointment changed under our feet (cancelled or over): reload it. */
  onStale: () => void
}) {
  const { t, formatDateTime } = useI18n()
  const timeZone = session.user.organisation.timeZone
  const [moving, setMoving] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const moveButtonRef = useRef<HTMLButtonElement>(null)
  const cancelButtonRef = useRef<HTMLButtonElement>(null)
  const firstMoveField = useRef(false)

  useEffect(() => {
    if (moving && firstMoveField.current) document.getElementById('move-date')?.focus()
    if (!moving && firstMoveField.current) moveButtonRef.current?.focus()
  }, [moving])

  const toggleMove = (open: boolean) => {
    firstMoveField.current = true
    setMoving(open)
  }

  return (
    <section className="appointment-changes" aria-labelledby="appointment-changes-title">
      <h2 id="appointment-changes-title">{t('booking.change.title')}</h2>
      <div className="actions">
        <button
          type="button"
          ref={moveButtonRef}
          aria-expanded={moving}
          aria-controls={moving ? 'move-form' : undefined}
          onClick={() => toggleMove(!moving)}
        >
          {t('booking.change.move')}
        </button>
        <button
          type="button"
          className="button-danger appointment-cancel"
          ref={cancelButtonRef}
          onClick={() => setConfirming(true)}
        >
          {t('booking.change.cancel')}
        </button>
      </div>
      {moving && (
        <MoveForm
          session={session}
          appointment={appointment}
          timeZone={timeZone}
          onMoved={(moved) => {
            toggleMove(false)
            onMoved(moved)
          }}
          onStale={onStale}
          onAbort={() => toggleMove(false)}
        />
      )}
      <CancelDialog
        open={confirming}
        appointmentId={appointment.id}
        when={formatDateTime(new Date(appointment.startsAt), timeZone)}
        onClose={() => {
          setConfirming(false)
          cancelButtonRef.current?.focus()
        }}
        onCancelled={() => {
          setConfirming(false)
          onCancelled()
        }}
        onStale={onStale}
      />
    </section>
  )
}

function MoveForm({
  session,
  appointment,
  timeZone,
  onMoved,
  onStale,
  onAbort,
}: {
  session: StaffSession
  appointment: StaffAppointmentDetail
  timeZone: string
  onMoved: (moved: StaffAppointment) => void
  onStale: () => void
  onAbort: () => void
}) {
  const { t } = useI18n()
  const form = useMoveForm(appointment, timeZone, onMoved, onStale)
  const advisor = useAppointmentAdvisor(session, appointment.id, appointment.startsAt)
  const overlaps = useOverlaps(form.check.start, form.check.durationMinutes, advisor?.id, appointment.id)
  const entries = SLOT_FIELDS.flatMap((field) => {
    const error = form.errors[field]
    return error ? [{ target: `move-${field}`, text: t(`booking.errors.${error}`) }] : []
  })
  return (
    <form
      id="move-form"
      className="booking-form move-form"
      aria-labelledby="move-form-title"
      onSubmit={form.submit}
      noValidate
    >
      <h3 id="move-form-title">{t('booking.change.moveTitle')}</h3>
      <p className="booking-hint">{t('booking.change.moveIntro')}</p>
      {(entries.length > 0 || form.serverFailure) && (
        <ErrorSummary
          id="move-summary"
          title={form.serverFailure ? t('booking.change.moveFailedTitle') : t('booking.errorSummaryTitle')}
          problem={form.serverFailure && <ChangeProblem failure={form.serverFailure} />}
          entries={entries}
          summaryRef={form.summaryRef}
        />
      )}
      <fieldset>
        <legend>{t('booking.whenLegend')}</legend>
        <SlotFields
          idPrefix="move"
          values={form.values}
          errors={form.errors}
          onChange={form.setValue}
          timeZone={timeZone}
          durations={form.durations}
          notices={form.check.notices}
          overlaps={overlaps}
          {...(advisor && advisor.id !== session.user.id ? { advisorName: advisor.displayName } : {})}
        />
      </fieldset>
      <div className="actions">
        <button type="submit" className="button-primary" aria-disabled={form.submitting || undefined}>
          {form.submitting ? t('booking.change.moving') : t('booking.change.moveSubmit')}
        </button>
        <button type="button" onClick={onAbort}>
          {t('booking.change.moveAbort')}
        </button>
      </div>
    </form>
  )
}

/**
 * The confirmation before cancelling: a native modal <dialog>, so the page behind is inert
 * and Escape closes it. The focus starts on the harmless choice and returns to the button
 * that opened it.
 */
function CancelDialog({
  open,
  appointmentId,
  when,
  onClose,
  onCancelled,
  onStale,
}: {
  open: boolean
  appointmentId: string
  when: string
  onClose: () => void
  onCancelled: () => void
  onStale: () => void
}) {
  const { t } = useI18n()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const keepRef = useRef<HTMLButtonElement>(null)
  const cancel = useCancel(appointmentId, onCancelled, onStale)
  const { reset } = cancel

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) {
      reset()
      dialog.showModal()
      keepRef.current?.focus()
    }
    if (!open && dialog.open) dialog.close()
  }, [open, reset])

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby="cancel-dialog-title"
      aria-describedby="cancel-dialog-body"
      // Escape and close() both end here.
      onClose={() => {
        if (open) onClose()
      }}
    >
      <h2 id="cancel-dialog-title">{t('booking.change.cancelTitle')}</h2>
      <p id="cancel-dialog-body">{t('booking.change.cancelBody', { when })}</p>
      {cancel.failure && (
        <div role="alert" className="booking-dialog-error">
          <p>
            <strong>{t('booking.change.cancelFailedTitle')}</strong>
          </p>
          <ChangeProblem failure={cancel.failure} />
        </div>
      )}
      <div className="actions">
        <button type="button" ref={keepRef} onClick={() => dialogRef.current?.close()}>
          {t('booking.change.cancelKeep')}
        </button>
        <button
          type="button"
          className="button-danger"
          aria-disabled={cancel.submitting || undefined}
          onClick={() => void cancel.confirm()}
        >
          {cancel.submitting ? t('booking.change.cancelling') : t('booking.change.cancelConfirm')}
        </button>
      </div>
    </dialog>
  )
}

function ChangeProblem({ failure }: { failure: ServerFailure }) {
  const { t } = useI18n()
  return (
    <p>
      {t(`booking.change.problems.${failure.problem}`, { message: failure.message.trim() })}
      {failure.problem === 'signedOut' && (
        <>
          {' '}
          <a href="/staff/login">{t('booking.server.signIn')}</a>
        </>
      )}
    </p>
  )
}

/**
 * Whether someone's mail reached the mail server, in words; a failed one is a warning that
 * says so in text, not only in colour.
 */
export function DeliveryNote({ status, label }: { status: DeliveryStatus | undefined; label?: boolean }) {
  const { t } = useI18n()
  if (!status) return null
  const text = t(`booking.delivery.${status}`)
  if (status !== 'failed') {
    return (
      <span className={`delivery delivery-${status}`}>{label ? `${t('booking.delivery.label')}: ${text}` : text}</span>
    )
  }
  return (
    <span className="delivery delivery-failed">
      <span aria-hidden="true">⚠ </span>
      <strong>{t('booking.delivery.warning')}</strong> {label ? `${t('booking.delivery.label')}: ${text}` : text}
    </span>
  )
}
