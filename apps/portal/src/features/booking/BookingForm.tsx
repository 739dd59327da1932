import type { StaffSession } from '@videotermin/contracts'
import type { MessageKey } from '@videotermin/i18n'
import type { ReactNode, Ref } from 'react'
import { navigate } from '../../app/router.ts'
import { useI18n } from '../../i18n/i18n.tsx'
import {
  type BookingValues,
  type CitizenLanguage,
  DURATIONS,
  type Field,
  type FieldErrors,
  fieldsWithErrors,
} from './booking-form.ts'
import { type Booked, type ServerFailure, useBookingForm } from './hooks/useBookingForm.ts'
import { useOverlaps } from './hooks/useOverlaps.ts'
import './booking.css'

const LANGUAGE_OPTIONS: { value: CitizenLanguage; label: MessageKey }[] = [
  { value: 'de', label: 'booking.languageDe' },
  { value: 'en', label: 'booking.languageEn' },
]

const inputId = (field: Field) => `booking-${field}`
const errorId = (field: Field) => `booking-${field}-error`
const hintId = (field: Field) => `booking-${field}-hint`

/** The element a link in the error summary moves to: the field, or the chosen radio button. */
function focusField(field: Field, values: BookingValues) {
  const id = field === 'language' ? `booking-language-${values.language}` : inputId(field)
  const element = document.getElementById(id)
  element?.focus()
  element?.scrollIntoView({ block: 'center' })
}

/**
 * The advisor's booking form: the citizen, the invitation's language, and date, time and
 * duration in the organisation's time zone. Checks as the API does before sending, warns
 * about overlapping appointments, and confirms with links to the appointment and the next booking.
 */
export function BookingForm({ session }: { session: StaffSession }) {
  const { t } = useI18n()
  const timeZone = session.user.organisation.timeZone
  const form = useBookingForm(timeZone)
  const { values, setValue, check, errors, serverFailure, submitting, booked, refs } = form
  const duration = Number(values.durationMinutes)
  const overlaps = useOverlaps(
    booked ? undefined : check.start,
    Number.isInteger(duration) ? duration : undefined,
    session.user.id,
  )

  if (booked) {
    return (
      <Confirmation
        booked={booked}
        timeZone={timeZone}
        onAnother={form.bookAnother}
        headingRef={refs.confirmationRef}
      />
    )
  }

  const errorFields = fieldsWithErrors(errors)
  const describedBy = (field: Field, hasHint = false) =>
    [hasHint ? hintId(field) : undefined, errors[field] ? errorId(field) : undefined].filter(Boolean).join(' ') ||
    undefined
  const fieldProps = (field: Exclude<Field, 'language'>, hasHint = false) => ({
    id: inputId(field),
    name: field,
    value: values[field],
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': describedBy(field, hasHint),
  })

  return (
    <form className="booking-form" onSubmit={form.submit} noValidate>
      {(errorFields.length > 0 || serverFailure) && (
        <section
          className="booking-summary"
          aria-labelledby="booking-summary-title"
          tabIndex={-1}
          ref={refs.summaryRef}
        >
          <h2 id="booking-summary-title">
            {serverFailure ? t('booking.server.title') : t('booking.errorSummaryTitle')}
          </h2>
          {serverFailure && <ServerProblem failure={serverFailure} />}
          {errorFields.length > 0 && (
            <ul>
              {errorFields.map((field) => (
                <li key={field}>
                  <a
                    href={`#${inputId(field)}`}
                    onClick={(event) => {
                      event.preventDefault()
                      focusField(field, values)
                    }}
                  >
                    {t(`booking.errors.${errors[field] ?? 'serverRejected'}`)}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <fieldset>
        <legend>{t('booking.citizenLegend')}</legend>
        <FormField field="firstName" label={t('booking.firstName')} errors={errors}>
          <input
            {...fieldProps('firstName')}
            ref={refs.firstFieldRef}
            type="text"
            autoComplete="off"
            maxLength={200}
            onChange={(event) => setValue('firstName', event.target.value)}
          />
        </FormField>
        <FormField field="lastName" label={t('booking.lastName')} errors={errors}>
          <input
            {...fieldProps('lastName')}
            type="text"
            autoComplete="off"
            maxLength={200}
            onChange={(event) => setValue('lastName', event.target.value)}
          />
        </FormField>
        <FormField field="email" label={t('booking.email')} hint={t('booking.emailHint')} errors={errors}>
          <input
            {...fieldProps('email', true)}
            type="email"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setValue('email', event.target.value)}
          />
        </FormField>
        <FormField
          field="customerNumber"
          label={
            <>
              {t('booking.customerNumber')} <span className="booking-optional">{t('booking.optional')}</span>
            </>
          }
          hint={t('booking.customerNumberHint')}
          errors={errors}
        >
          <input
            {...fieldProps('customerNumber', true)}
            type="text"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setValue('customerNumber', event.target.value)}
          />
        </FormField>
      </fieldset>

      <fieldset aria-describedby={describedBy('language', true)}>
        <legend>{t('booking.language')}</legend>
        <p className="booking-hint" id={hintId('language')}>
          {t('booking.languageHint')}
        </p>
        <FieldError field="language" errors={errors} />
        <div className="booking-radios">
          {LANGUAGE_OPTIONS.map((option) => (
            <label key={option.value}>
              <input
                type="radio"
                id={`booking-language-${option.value}`}
                name="language"
                value={option.value}
                checked={values.language === option.value}
                onChange={() => setValue('language', option.value)}
              />
              {t(option.label)}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('booking.whenLegend')}</legend>
        <div className="booking-when">
          <FormField field="date" label={t('booking.date')} errors={errors}>
            <input {...fieldProps('date')} type="date" onChange={(event) => setValue('date', event.target.value)} />
          </FormField>
          <FormField field="time" label={t('booking.time')} hint={t('booking.timeHint', { timeZone })} errors={errors}>
            <input
              {...fieldProps('time', true)}
              type="time"
              step={300}
              onChange={(event) => setValue('time', event.target.value)}
            />
          </FormField>
          <FormField field="durationMinutes" label={t('booking.duration')} errors={errors}>
            <select
              {...fieldProps('durationMinutes')}
              onChange={(event) => setValue('durationMinutes', event.target.value)}
            >
              {DURATIONS.map((minutes) => (
                <option key={minutes} value={String(minutes)}>
                  {t('booking.durationOption', { minutes })}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <div className="booking-warnings" aria-live="polite">
          {check.notices.map((notice) => (
            <p key={notice} className="notice booking-warning">
              {t(`booking.notices.${notice}`)}
            </p>
          ))}
          <OverlapWarning check={overlaps} timeZone={timeZone} />
        </div>
      </fieldset>

      <div>
        <button type="submit" className="button-primary" aria-disabled={submitting || undefined}>
          {submitting ? t('booking.submitting') : t('booking.submit')}
        </button>
      </div>
    </form>
  )
}

function FormField({
  field,
  label,
  hint,
  errors,
  children,
}: {
  field: Field
  label: ReactNode
  hint?: string
  errors: FieldErrors
  children: ReactNode
}) {
  return (
    <div className={errors[field] ? 'booking-field booking-field-invalid' : 'booking-field'}>
      <label htmlFor={inputId(field)}>{label}</label>
      {hint && (
        <p className="booking-hint" id={hintId(field)}>
          {hint}
        </p>
      )}
      <FieldError field={field} errors={errors} />
      {children}
    </div>
  )
}

function FieldError({ field, errors }: { field: Field; errors: FieldErrors }) {
  const { t } = useI18n()
  const error = errors[field]
  if (!error) return null
  return (
    <p className="booking-field-error" id={errorId(field)}>
      <span className="visually-hidden">{t('booking.errorPrefix')} </span>
      {t(`booking.errors.${error}`)}
    </p>
  )
}

function ServerProblem({ failure }: { failure: ServerFailure }) {
  const { t } = useI18n()
  const message = failure.message.trim()
  return (
    <p>
      {t(`booking.server.${failure.problem}`, { message })}
      {failure.problem === 'signedOut' && (
        <>
          {' '}
          {/* A full load: the sign-in page then finds the session gone. */}
          <a href="/staff/login">{t('booking.server.signIn')}</a>
        </>
      )}
    </p>
  )
}

function OverlapWarning({ check, timeZone }: { check: ReturnType<typeof useOverlaps>; timeZone: string }) {
  const { t, formatTime } = useI18n()
  if (check.state === 'failed') return <p className="notice booking-warning">{t('booking.overlap.unchecked')}</p>
  if (check.state !== 'done' || check.overlaps.length === 0) return null
  return (
    <div className="notice booking-warning">
      <p>{t('booking.overlap.title')}</p>
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

function Confirmation({
  booked,
  timeZone,
  onAnother,
  headingRef,
}: {
  booked: Booked
  timeZone: string
  onAnother: () => void
  headingRef: Ref<HTMLHeadingElement>
}) {
  const { t, formatDateTime } = useI18n()
  const { appointment } = booked
  const href = `/staff/appointments/${appointment.id}`
  return (
    <section className="booking-confirmation" aria-labelledby="booking-confirmation-title">
      <h2 id="booking-confirmation-title" tabIndex={-1} ref={headingRef}>
        {t('booking.success.title')}
      </h2>
      <p>{t('booking.success.body', { email: booked.email })}</p>
      <dl className="facts">
        <dt>{t('booking.success.when')}</dt>
        <dd>{formatDateTime(new Date(appointment.startsAt), timeZone)}</dd>
        <dt>{t('booking.success.citizen')}</dt>
        <dd>
          {appointment.citizen.firstName} {appointment.citizen.lastName}
        </dd>
        <dt>{t('booking.success.duration')}</dt>
        <dd>{t('booking.durationOption', { minutes: appointment.durationMinutes })}</dd>
      </dl>
      <div className="actions">
        <a
          className="booking-link-button"
          href={href}
          onClick={(event) => {
            event.preventDefault()
            navigate(href)
          }}
        >
          {t('booking.success.open')}
        </a>
        <button type="button" onClick={onAnother}>
          {t('booking.success.another')}
        </button>
      </div>
    </section>
  )
}
