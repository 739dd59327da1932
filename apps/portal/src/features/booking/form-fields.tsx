import type { ReactNode, Ref } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import type { BookingNotice, FieldError, SlotErrors, SlotField, SlotValues } from './booking-form.ts'
import type { OverlapCheck } from './hooks/useOverlaps.ts'

export const errorIdOf = (inputId: string) => `${inputId}-error`
export const hintIdOf = (inputId: string) => `${inputId}-hint`

/** The attributes that tie an input to its hint and error text. */
export function describedInput(id: string, error: FieldError | undefined, hasHint = false) {
  const describedBy = [hasHint ? hintIdOf(id) : undefined, error ? errorIdOf(id) : undefined].filter(Boolean).join(' ')
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined } as const
}

/** A labelled field with its hint and, when there is one, its error (text, not colour alone). */
export function FormField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string
  label: ReactNode
  hint?: string
  error: FieldError | undefined
  children: ReactNode
}) {
  return (
    <div className={error ? 'booking-field booking-field-invalid' : 'booking-field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="booking-hint" id={hintIdOf(id)}>
          {hint}
        </p>
      )}
      <FieldErrorText id={id} error={error} />
      {children}
    </div>
  )
}

export function FieldErrorText({ id, error }: { id: string; error: FieldError | undefined }) {
  const { t } = useI18n()
  if (!error) return null
  return (
    <p className="booking-field-error" id={errorIdOf(id)}>
      <span className="visually-hidden">{t('booking.errorPrefix')} </span>
      {t(`booking.errors.${error}`)}
    </p>
  )
}

export interface SummaryEntry {
  /** The id of the element the link moves the focus to. */
  target: string
  text: string
}

/** The box above a refused form: what went wrong, with a link to each field. Takes the focus. */
export function ErrorSummary({
  id,
  title,
  problem,
  entries,
  summaryRef,
}: {
  id: string
  title: string
  problem?: ReactNode
  entries: SummaryEntry[]
  summaryRef: Ref<HTMLElement>
}) {
  return (
    <section className="booking-summary" aria-labelledby={`${id}-title`} tabIndex={-1} ref={summaryRef}>
      <h2 id={`${id}-title`}>{title}</h2>
      {problem}
      {entries.length > 0 && (
        <ul>
          {entries.map((entry) => (
            <li key={`${entry.target}-${entry.text}`}>
              <a
                href={`#${entry.target}`}
                onClick={(event) => {
                  event.preventDefault()
                  const element = document.getElementById(entry.target)
                  element?.focus()
                  element?.scrollIntoView({ block: 'center' })
                }}
              >
                {entry.text}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/**
 * Date, time and duration in the organisation's time zone, with the notices about them and
 * the double-booking warning: the same fields in the booking form and in "move appointment".
 */
export function SlotFields({
  idPrefix,
  values,
  errors,
  onChange,
  timeZone,
  durations,
  notices,
  overlaps,
  advisorName,
}: {
  idPrefix: string
  values: SlotValues
  errors: SlotErrors
  onChange: (field: SlotField, value: string) => void
  timeZone: string
  durations: readonly number[]
  notices: readonly BookingNotice[]
  overlaps: OverlapCheck
  /** Whose appointments the warning is about, when it is not the signed-in user's own. */
  advisorName?: string
}) {
  const { t } = useI18n()
  const id = (field: SlotField) => `${idPrefix}-${field}`
  return (
    <>
      <div className="booking-when">
        <FormField id={id('date')} label={t('booking.date')} error={errors.date}>
          <input
            {...describedInput(id('date'), errors.date)}
            name="date"
            type="date"
            value={values.date}
            onChange={(event) => onChange('date', event.target.value)}
          />
        </FormField>
        <FormField
          id={id('time')}
          label={t('booking.time')}
          hint={t('booking.timeHint', { timeZone })}
          error={errors.time}
        >
          <input
            {...describedInput(id('time'), errors.time, true)}
            name="time"
            type="time"
            step={300}
            value={values.time}
            onChange={(event) => onChange('time', event.target.value)}
          />
        </FormField>
        <FormField id={id('durationMinutes')} label={t('booking.duration')} error={errors.durationMinutes}>
          <select
            {...describedInput(id('durationMinutes'), errors.durationMinutes)}
            name="durationMinutes"
            value={values.durationMinutes}
            onChange={(event) => onChange('durationMinutes', event.target.value)}
          >
            {durations.map((minutes) => (
              <option key={minutes} value={String(minutes)}>
                {t('booking.durationOption', { minutes })}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <div className="booking-warnings" aria-live="polite">
        {notices.map((notice) => (
          <p key={notice} className="notice booking-warning">
            {t(`booking.notices.${notice}`)}
          </p>
        ))}
        <OverlapWarning check={overlaps} timeZone={timeZone} advisorName={advisorName} />
      </div>
    </>
  )
}

function OverlapWarning({
  check,
  timeZone,
  advisorName,
}: {
  check: OverlapCheck
  timeZone: string
  advisorName: string | undefined
}) {
  const { t, formatTime } = useI18n()
  if (check.state === 'failed') return <p className="notice booking-warning">{t('booking.overlap.unchecked')}</p>
  if (check.state !== 'done' || check.overlaps.length === 0) return null
  return (
    <div className="notice booking-warning">
      <p>{advisorName ? t('booking.overlap.titleOther', { name: advisorName }) : t('booking.overlap.title')}</p>
      <ul>
        {check.overlaps.map((appointment) => {
          const start = new Date(appointment.startsAt)
          const end = new Date(start.getTime() + appointment.durationMinutes * 60_000)
          return (
            <li key={appointment.id}>
              {t('booking.overlap.item', {
                start: formatTime(start, timeZone),
                end: formatTime(end, timeZone),
                name: `${appointment.citizen.firstName} ${appointment.citizen.lastName}`.trim(),
              })}
            </li>
          )
        })}
      </ul>
      <p>{t('booking.overlap.hint')}</p>
    </div>
  )
}
