import type { StaffSession } from '@videotermin/contracts'
import type { MessageKey } from '@videotermin/i18n'
import type { Ref } from 'react'
import { navigate } from '../../app/router.ts'
import { useI18n } from '../../i18n/i18n.tsx'
import {
  type CitizenLanguage,
  DURATIONS,
  errorEntries,
  FURTHER_ROLES,
  type FurtherRole,
  MAX_FURTHER_PARTICIPANTS,
  type ParticipantErrors,
  type ParticipantValues,
} from './booking-form.ts'
import { describedInput, ErrorSummary, FieldErrorText, FormField, hintIdOf, SlotFields } from './form-fields.tsx'
import { type AdvisorsState, useAdvisors } from './hooks/useAdvisors.ts'
import { type Booked, participantInputId, type ServerFailure, useBookingForm } from './hooks/useBookingForm.ts'
import { useOverlaps } from './hooks/useOverlaps.ts'
import './booking.css'

const LANGUAGE_LABEL: Record<CitizenLanguage, MessageKey> = {
  de: 'booking.languageDe',
  en: 'booking.languageEn',
}

/** The role names of the staff views, so the form and the appointment page say the same. */
export const ROLE_LABEL = {
  citizen: 'staff.roleCitizen',
  interpreter: 'staff.roleInterpreter',
  trusted_person: 'staff.roleTrustedPerson',
  second_advisor: 'staff.roleSecondAdvisor',
} as const satisfies Record<string, MessageKey>

const ADD_PARTICIPANT_ID = 'booking-add-participant'

/**
 * The advisor's booking form: the citizen, the invitation's language, further participants,
 * the advisor (admins only), and date, time and duration in the organisation's time zone.
 * Checks as the API does before sending, warns about overlapping appointments of the chosen
 * advisor, and confirms with the list of who is invited.
 */
export function BookingForm({ session }: { session: StaffSession }) {
  const { t } = useI18n()
  const timeZone = session.user.organisation.timeZone
  const isAdmin = session.user.role === 'admin'
  const advisors = useAdvisors(isAdmin)
  const form = useBookingForm(session)
  const { values, setValue, check, errors, participantErrors, serverFailure, submitting, booked, refs } = form
  const duration = Number(values.durationMinutes)
  const overlaps = useOverlaps(
    booked ? undefined : check.start,
    Number.isInteger(duration) ? duration : undefined,
    values.advisorId,
  )
  const advisorChoices = advisorOptions(advisors, session)
  const otherAdvisor =
    values.advisorId === session.user.id
      ? undefined
      : advisorChoices.find((advisor) => advisor.id === values.advisorId)?.displayName

  if (booked) {
    return (
      <Confirmation
        booked={booked}
        timeZone={timeZone}
        showAdvisor={isAdmin}
        onAnother={form.bookAnother}
        headingRef={refs.confirmationRef}
      />
    )
  }

  const rowLegend = (index: number) => t('booking.participants.rowLegend', { number: index + 1 })
  const summaryEntries = errorEntries(errors, participantErrors).map((entry) => {
    const text = t(`booking.errors.${entry.error}`)
    if ('participant' in entry) {
      const row = values.furtherParticipants[entry.participant]
      return {
        target: row ? participantInputId(row.key, entry.field) : ADD_PARTICIPANT_ID,
        text: `${rowLegend(entry.participant)}: ${text}`,
      }
    }
    return {
      target: entry.field === 'language' ? `booking-language-${values.language}` : `booking-${entry.field}`,
      text,
    }
  })
  const textInput = (field: 'firstName' | 'lastName' | 'email' | 'customerNumber', hasHint = false) => ({
    ...describedInput(`booking-${field}`, errors[field], hasHint),
    name: field,
    value: values[field],
    autoComplete: 'off',
    onChange: (event: { target: { value: string } }) => setValue(field, event.target.value),
  })

  return (
    <form className="booking-form" onSubmit={form.submit} noValidate>
      {(summaryEntries.length > 0 || serverFailure) && (
        <ErrorSummary
          id="booking-summary"
          title={serverFailure ? t('booking.server.title') : t('booking.errorSummaryTitle')}
          problem={serverFailure && <ServerProblem failure={serverFailure} />}
          entries={summaryEntries}
          summaryRef={refs.summaryRef}
        />
      )}

      <fieldset>
        <legend>{t('booking.citizenLegend')}</legend>
        <FormField id="booking-firstName" label={t('booking.firstName')} error={errors.firstName}>
          <input {...textInput('firstName')} type="text" maxLength={200} />
        </FormField>
        <FormField id="booking-lastName" label={t('booking.lastName')} error={errors.lastName}>
          <input {...textInput('lastName')} type="text" maxLength={200} />
        </FormField>
        <FormField id="booking-email" label={t('booking.email')} hint={t('booking.emailHint')} error={errors.email}>
          <input {...textInput('email', true)} type="email" spellCheck={false} />
        </FormField>
        <FormField
          id="booking-customerNumber"
          label={
            <>
              {t('booking.customerNumber')} <span className="booking-optional">{t('booking.optional')}</span>
            </>
          }
          hint={t('booking.customerNumberHint')}
          error={errors.customerNumber}
        >
          <input {...textInput('customerNumber', true)} type="text" spellCheck={false} />
        </FormField>
      </fieldset>

      <fieldset aria-describedby={describedInput('booking-language', errors.language, true)['aria-describedby']}>
        <legend>{t('booking.language')}</legend>
        <p className="booking-hint" id={hintIdOf('booking-language')}>
          {t('booking.languageHint')}
        </p>
        <FieldErrorText id="booking-language" error={errors.language} />
        <div className="booking-radios">
          {form.languages.map((language) => (
            <label key={language}>
              <input
                type="radio"
                id={`booking-language-${language}`}
                name="language"
                value={language}
                checked={values.language === language}
                onChange={() => setValue('language', language)}
              />
              {t(LANGUAGE_LABEL[language])}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset aria-describedby="booking-participants-hint">
        <legend>{t('booking.participants.legend')}</legend>
        <p className="booking-hint" id="booking-participants-hint">
          {t('booking.participants.hint', { max: MAX_FURTHER_PARTICIPANTS })}
        </p>
        {values.furtherParticipants.map((participant, index) => (
          <ParticipantRow
            key={participant.key}
            legend={rowLegend(index)}
            participant={participant}
            errors={participantErrors[index] ?? {}}
            languages={form.languages}
            onChange={form.setParticipantValue}
            onRemove={() => form.removeParticipant(participant.key)}
          />
        ))}
        {values.furtherParticipants.length < MAX_FURTHER_PARTICIPANTS ? (
          <div>
            <button type="button" id={ADD_PARTICIPANT_ID} onClick={form.addParticipant}>
              {t('booking.participants.add')}
            </button>
          </div>
        ) : (
          <p className="booking-hint">{t('booking.participants.limit', { max: MAX_FURTHER_PARTICIPANTS })}</p>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('booking.whenLegend')}</legend>
        {isAdmin && (
          <FormField
            id="booking-advisorId"
            label={t('booking.advisor.label')}
            hint={t('booking.advisor.hint')}
            error={errors.advisorId}
          >
            <select
              {...describedInput('booking-advisorId', errors.advisorId, true)}
              name="advisorId"
              value={values.advisorId}
              onChange={(event) => setValue('advisorId', event.target.value)}
            >
              {advisorChoices.map((advisor) => (
                <option key={advisor.id} value={advisor.id}>
                  {advisor.id === session.user.id
                    ? t('booking.advisor.self', { name: advisor.displayName })
                    : advisor.displayName}
                </option>
              ))}
            </select>
          </FormField>
        )}
        {isAdmin && advisors.state === 'failed' && (
          <p className="notice booking-warning">{t('booking.advisor.loadFailed')}</p>
        )}
        <SlotFields
          idPrefix="booking"
          values={values}
          errors={errors}
          onChange={(field, value) => setValue(field, value)}
          timeZone={timeZone}
          durations={DURATIONS}
          notices={check.notices}
          overlaps={overlaps}
          {...(otherAdvisor ? { advisorName: otherAdvisor } : {})}
        />
      </fieldset>

      <div>
        <button type="submit" className="button-primary" aria-disabled={submitting || undefined}>
          {submitting ? t('booking.submitting') : t('booking.submit')}
        </button>
      </div>
    </form>
  )
}

/** The admin's choice of advisor: the organisation's active staff, the signed-in user always among them. */
function advisorOptions(advisors: AdvisorsState, session: StaffSession) {
  const self = { id: session.user.id, displayName: session.user.displayName }
  if (advisors.state !== 'done') return [self]
  return advisors.advisors.some((advisor) => advisor.id === self.id) ? advisors.advisors : [self, ...advisors.advisors]
}

function ParticipantRow({
  legend,
  participant,
  errors,
  languages,
  onChange,
  onRemove,
}: {
  legend: string
  participant: ParticipantValues
  errors: ParticipantErrors
  languages: readonly CitizenLanguage[]
  onChange: <K extends keyof ParticipantValues>(key: string, field: K, value: ParticipantValues[K]) => void
  onRemove: () => void
}) {
  const { t } = useI18n()
  const id = (field: keyof ParticipantValues) => participantInputId(participant.key, field)
  const textInput = (field: 'firstName' | 'lastName' | 'email') => ({
    ...describedInput(id(field), errors[field]),
    name: `${participant.key}-${field}`,
    value: participant[field],
    autoComplete: 'off',
    onChange: (event: { target: { value: string } }) => onChange(participant.key, field, event.target.value),
  })
  return (
    <fieldset className="booking-participant">
      <legend>{legend}</legend>
      <FormField id={id('role')} label={t('booking.participants.role')} error={errors.role}>
        <select
          {...describedInput(id('role'), errors.role)}
          name={`${participant.key}-role`}
          value={participant.role}
          onChange={(event) => onChange(participant.key, 'role', event.target.value as FurtherRole)}
        >
          {FURTHER_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(ROLE_LABEL[role])}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id={id('firstName')} label={t('booking.firstName')} error={errors.firstName}>
        <input {...textInput('firstName')} type="text" maxLength={200} />
      </FormField>
      <FormField id={id('lastName')} label={t('booking.lastName')} error={errors.lastName}>
        <input {...textInput('lastName')} type="text" maxLength={200} />
      </FormField>
      <FormField id={id('email')} label={t('booking.email')} error={errors.email}>
        <input {...textInput('email')} type="email" spellCheck={false} />
      </FormField>
      <FormField id={id('language')} label={t('booking.language')} error={errors.language}>
        <select
          {...describedInput(id('language'), errors.language)}
          name={`${participant.key}-language`}
          value={participant.language}
          onChange={(event) => onChange(participant.key, 'language', event.target.value as CitizenLanguage)}
        >
          {languages.map((language) => (
            <option key={language} value={language}>
              {t(LANGUAGE_LABEL[language])}
            </option>
          ))}
        </select>
      </FormField>
      <div>
        <button type="button" onClick={onRemove}>
          {t('booking.participants.remove', { name: legend })}
        </button>
      </div>
    </fieldset>
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

function Confirmation({
  booked,
  timeZone,
  showAdvisor,
  onAnother,
  headingRef,
}: {
  booked: Booked
  timeZone: string
  showAdvisor: boolean
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
      <p>{t('booking.success.body')}</p>
      <dl className="facts">
        <dt>{t('booking.success.when')}</dt>
        <dd>{formatDateTime(new Date(appointment.startsAt), timeZone)}</dd>
        <dt>{t('booking.success.duration')}</dt>
        <dd>{t('booking.durationOption', { minutes: appointment.durationMinutes })}</dd>
        {showAdvisor && (
          <>
            <dt>{t('booking.advisor.label')}</dt>
            <dd>{appointment.advisor.displayName}</dd>
          </>
        )}
      </dl>
      <h3>{t('booking.success.invitedTitle')}</h3>
      <ul className="booking-invitees">
        {booked.invitees.map((invitee) => (
          <li key={`${invitee.role}-${invitee.email}-${invitee.name}`}>
            {t('booking.success.invitee', {
              name: invitee.name,
              role: t(ROLE_LABEL[invitee.role]),
              email: invitee.email,
            })}
          </li>
        ))}
      </ul>
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
