import { describe, expect, it } from 'vitest'
import {
  type BookingValues,
  checkBooking,
  checkSlot,
  emptyParticipant,
  errorEntries,
  explainServerError,
  fieldsWithErrors,
  initialValues,
  type ParticipantValues,
} from './booking-form.ts'

const timeZone = 'Europe/Berlin'
// 14 January 2026, 09:00 in Berlin.
const now = new Date('2026-01-14T08:00:00Z')

const valid: BookingValues = {
  firstName: ' Erika ',
  lastName: 'Mustermann',
  email: ' erika.mustermann@example.org ',
  customerNumber: '',
  language: 'en',
  date: '2026-01-15',
  time: '10:00',
  durationMinutes: '45',
  advisorId: 'me',
  furtherParticipants: [],
}
const check = (changes: Partial<BookingValues>, at = now) =>
  checkBooking({ ...valid, ...changes }, { now: at, timeZone })

describe('initialValues', () => {
  it('starts on today in the organisation time zone, without a time, for 30 minutes in German', () => {
    // 23:30 UTC on the 14th is already the 15th in Berlin.
    expect(initialValues(new Date('2026-01-14T23:30:00Z'), timeZone, { advisorId: 'me' })).toEqual({
      firstName: '',
      lastName: '',
      email: '',
      customerNumber: '',
      language: 'de',
      date: '2026-01-15',
      time: '',
      durationMinutes: '30',
      advisorId: 'me',
      furtherParticipants: [],
    })
  })

  it("starts in the organisation's first language when it does not offer German", () => {
    expect(initialValues(now, timeZone, { advisorId: 'me', languages: ['en'] }).language).toBe('en')
    expect(initialValues(now, timeZone, { advisorId: 'me', languages: ['en', 'de'] }).language).toBe('de')
  })
})

describe('checkBooking', () => {
  it('builds the API body from trimmed values with the start as an instant', () => {
    const result = check({})
    expect(result.errors).toEqual({})
    expect(result.notices).toEqual([])
    expect(result.body).toEqual({
      citizen: { firstName: 'Erika', lastName: 'Mustermann', email: 'erika.mustermann@example.org', language: 'en' },
      startsAt: '2026-01-15T09:00:00.000Z',
      durationMinutes: 45,
    })
  })

  it('sends the customer number only when there is one', () => {
    expect(check({ customerNumber: '  123D456789 ' }).body?.citizen.customerNumber).toBe('123D456789')
    expect(check({ customerNumber: '   ' }).body?.citizen).not.toHaveProperty('customerNumber')
  })

  it('reports every missing required field at once, in the order of the form', () => {
    const result = checkBooking(initialValues(now, timeZone, { advisorId: 'me' }), { now, timeZone })
    expect(result.body).toBeUndefined()
    expect(result.errors).toEqual({
      firstName: 'firstNameMissing',
      lastName: 'lastNameMissing',
      email: 'emailMissing',
      time: 'timeMissing',
    })
    expect(fieldsWithErrors({ time: 'timeMissing', firstName: 'firstNameMissing' })).toEqual(['firstName', 'time'])
    expect(check({ firstName: '   ', date: '' }).errors).toEqual({ firstName: 'firstNameMissing', date: 'dateMissing' })
  })

  it('applies the limits of the API schema', () => {
    expect(check({ firstName: 'x'.repeat(101) }).errors).toEqual({ firstName: 'firstNameTooLong' })
    expect(check({ lastName: ` ${'x'.repeat(100)} ` }).errors).toEqual({})
    expect(check({ email: `${'a'.repeat(250)}@x.de` }).errors).toEqual({ email: 'emailTooLong' })
    expect(check({ customerNumber: '1'.repeat(41) }).errors).toEqual({ customerNumber: 'customerNumberTooLong' })
    expect(check({ customerNumber: 'AB 12/3.4-5' }).errors).toEqual({})
    expect(check({ customerNumber: 'Müller#1' }).errors).toEqual({ customerNumber: 'customerNumberInvalid' })
    expect(check({ durationMinutes: '20' }).errors).toEqual({ durationMinutes: 'durationInvalid' })
    expect(check({ language: 'fr' as 'de' }).errors).toEqual({ language: 'languageInvalid' })
  })

  it('accepts the e-mail addresses the API accepts and refuses the others', () => {
    for (const email of ['a@b.de', 'first.last+tag@sub.example.org', "o'brien@example.ie"]) {
      expect(check({ email }).errors, email).toEqual({})
    }
    for (const email of ['erika', 'erika@', '@example.org', 'erika@localhost', 'a b@c.de', 'a..b@c.de', 'ä@ö.de']) {
      expect(check({ email }).errors, email).toEqual({ email: 'emailInvalid' })
    }
  })

  it('refuses dates and times that do not exist', () => {
    expect(check({ date: '2026-02-30' }).errors).toEqual({ date: 'dateInvalid' })
    expect(check({ time: '25:00' }).errors).toEqual({ time: 'timeInvalid' })
    expect(check({ date: '2026-02-30', time: '25:00' }).errors).toEqual({ date: 'dateInvalid', time: 'timeInvalid' })
  })

  it('reads date and time in the organisation time zone, across the clock change', () => {
    const march = new Date('2026-03-20T08:00:00Z')
    expect(check({ date: '2026-03-28', time: '10:00' }, march).body?.startsAt).toBe('2026-03-28T09:00:00.000Z')
    expect(check({ date: '2026-03-30', time: '10:00' }, march).body?.startsAt).toBe('2026-03-30T08:00:00.000Z')
    const inNewYork = checkBooking(
      { ...valid, date: '2026-01-15', time: '10:00' },
      { now, timeZone: 'America/New_York' },
    )
    expect(inNewYork.body?.startsAt).toBe('2026-01-15T15:00:00.000Z')
  })

  it('refuses a time skipped by the clock change and takes the earlier of a doubled one, saying so', () => {
    const march = new Date('2026-03-20T08:00:00Z')
    const skipped = check({ date: '2026-03-29', time: '02:30' }, march)
    expect(skipped.errors).toEqual({ time: 'timeSkipped' })
    expect(skipped.start).toBeUndefined()
    const october = new Date('2026-10-20T08:00:00Z')
    const doubled = check({ date: '2026-10-25', time: '02:30' }, october)
    expect(doubled.errors).toEqual({})
    expect(doubled.notices).toEqual(['ambiguousTime'])
    expect(doubled.body?.startsAt).toBe('2026-10-25T00:30:00.000Z')
  })

  it('refuses an appointment that would be over, like the API, but books one that is running', () => {
    expect(check({ date: '2026-01-13' }).errors).toEqual({ date: 'dateInPast' })
    // Now is 09:00 in Berlin.
    expect(check({ date: '2026-01-14', time: '08:00', durationMinutes: '60' }).errors).toEqual({ time: 'timeInPast' })
    expect(check({ date: '2026-01-14', time: '08:30', durationMinutes: '15' }).errors).toEqual({ time: 'timeInPast' })
    const running = check({ date: '2026-01-14', time: '08:45', durationMinutes: '30' })
    expect(running.errors).toEqual({})
    expect(running.notices).toEqual(['alreadyStarted'])
    expect(check({ date: '2026-01-14', time: '09:00', durationMinutes: '30' }).notices).toEqual(['alreadyStarted'])
    expect(check({ date: '2026-01-14', time: '09:05' }).notices).toEqual([])
  })

  it('uses the date in the organisation time zone for "today"', () => {
    // 23:30 UTC on the 14th is 00:30 on the 15th in Berlin: the 14th is over there.
    const lateEvening = new Date('2026-01-14T23:30:00Z')
    expect(check({ date: '2026-01-14', time: '23:00' }, lateEvening).errors).toEqual({ date: 'dateInPast' })
    expect(check({ date: '2026-01-15', time: '08:00' }, lateEvening).errors).toEqual({})
  })

  it('warns about a date more than a year ahead without refusing it', () => {
    const far = check({ date: '2027-01-15' })
    expect(far.notices).toEqual(['farAhead'])
    expect(far.body).toBeDefined()
    expect(check({ date: '2027-01-14' }).notices).toEqual([])
  })

  it('gives the start for the overlap check even when other fields still have errors', () => {
    const result = check({ firstName: '', email: 'nope' })
    expect(result.body).toBeUndefined()
    expect(result.start?.toISOString()).toBe('2026-01-15T09:00:00.000Z')
  })
})

describe('explainServerError', () => {
  it('keeps a 400 as a refusal and marks the field its message names', () => {
    expect(
      explainServerError({
        code: 'bad_request',
        status: 400,
        message: 'The appointment would be over already: choose a later time.',
      }),
    ).toEqual({ problem: 'rejected', field: 'time', fieldError: 'timeInPast' })
    expect(
      explainServerError({ code: 'bad_request', status: 400, message: 'body/citizen/email must match format "email"' }),
    ).toEqual({ problem: 'rejected', field: 'email', fieldError: 'serverRejected' })
    expect(
      explainServerError({
        code: 'bad_request',
        status: 400,
        message: 'body/citizen/customerNumber must match pattern',
      }),
    ).toEqual({ problem: 'rejected', field: 'customerNumber', fieldError: 'serverRejected' })
    expect(
      explainServerError({
        code: 'bad_request',
        status: 400,
        message: 'The chosen advisor does not exist in your organisation.',
      }),
    ).toEqual({ problem: 'rejected', field: 'advisorId', fieldError: 'serverRejected' })
    expect(
      explainServerError({
        code: 'bad_request',
        status: 400,
        message: 'body/furtherParticipants/1/email must match format "email"',
      }),
    ).toEqual({ problem: 'rejected', participant: { index: 1, field: 'email' }, fieldError: 'serverRejected' })
    expect(explainServerError({ code: 'bad_request', status: 400, message: 'something else' })).toEqual({
      problem: 'rejected',
    })
  })

  it('reads a 409 as an appointment that can no longer be changed', () => {
    for (const code of ['appointment_cancelled', 'appointment_over', 'appointment_closed'] as const) {
      expect(explainServerError({ code, status: 409, message: 'x' }).problem).toBe('closed')
    }
  })

  it('tells an expired session, a refusal, throttling, outages and a lost connection apart', () => {
    expect(explainServerError({ code: 'unauthenticated', status: 401, message: 'x' }).problem).toBe('signedOut')
    expect(explainServerError({ code: 'csrf_failed', status: 403, message: 'x' }).problem).toBe('signedOut')
    expect(explainServerError({ code: 'forbidden', status: 403, message: 'x' }).problem).toBe('forbidden')
    expect(explainServerError({ code: 'rate_limited', status: 429, message: 'x' }).problem).toBe('rateLimited')
    expect(explainServerError({ code: 'unavailable', status: 503, message: 'x' }).problem).toBe('unavailable')
    expect(explainServerError({ code: 'internal', status: 500, message: 'x' }).problem).toBe('failed')
    expect(explainServerError({ code: 'network', status: 0, message: 'x' }).problem).toBe('network')
  })
})

const interpreter = (changes: Partial<ParticipantValues> = {}): ParticipantValues => ({
  ...emptyParticipant('p1'),
  firstName: ' Ivan ',
  lastName: 'Petrov',
  email: 'ivan@example.org ',
  language: 'en',
  ...changes,
})

describe('further participants', () => {
  it('are sent trimmed, in order, with their role and language', () => {
    const result = check({
      furtherParticipants: [interpreter(), interpreter({ key: 'p2', role: 'trusted_person', language: 'de' })],
    })
    expect(result.errors).toEqual({})
    expect(result.body?.furtherParticipants).toEqual([
      { role: 'interpreter', firstName: 'Ivan', lastName: 'Petrov', email: 'ivan@example.org', language: 'en' },
      { role: 'trusted_person', firstName: 'Ivan', lastName: 'Petrov', email: 'ivan@example.org', language: 'de' },
    ])
    expect(check({}).body).not.toHaveProperty('furtherParticipants')
  })

  it('are checked by the same rules as the citizen, each row on its own', () => {
    const result = check({
      furtherParticipants: [
        interpreter(),
        interpreter({ key: 'p2', firstName: ' ', email: 'ivan@', lastName: 'x'.repeat(101) }),
        interpreter({ key: 'p3', role: 'boss' as 'interpreter' }),
      ],
    })
    expect(result.body).toBeUndefined()
    expect(result.errors).toEqual({})
    expect(result.participantErrors).toEqual([
      {},
      { firstName: 'firstNameMissing', lastName: 'lastNameTooLong', email: 'emailInvalid' },
      { role: 'roleInvalid' },
    ])
  })

  it('are at most four', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((key) => interpreter({ key }))
    expect(check({ furtherParticipants: five.slice(0, 4) }).body?.furtherParticipants).toHaveLength(4)
    expect(check({ furtherParticipants: five }).body).toBeUndefined()
  })

  it("offer only the organisation's languages, for the citizen and for everyone else", () => {
    const languages = ['de'] as const
    expect(checkBooking({ ...valid, language: 'en' }, { now, timeZone, languages }).errors).toEqual({
      language: 'languageInvalid',
    })
    const row = checkBooking(
      { ...valid, language: 'de', furtherParticipants: [interpreter()] },
      { now, timeZone, languages },
    )
    expect(row.participantErrors).toEqual([{ language: 'languageInvalid' }])
  })
})

describe('the advisor', () => {
  it('is sent only when it is someone other than the signed-in user', () => {
    expect(checkBooking(valid, { now, timeZone, selfId: 'me' }).body).not.toHaveProperty('advisorId')
    expect(checkBooking({ ...valid, advisorId: 'colleague' }, { now, timeZone, selfId: 'me' }).body?.advisorId).toBe(
      'colleague',
    )
    expect(check({ advisorId: '' }).errors).toEqual({ advisorId: 'advisorInvalid' })
  })
})

describe('errorEntries', () => {
  it('lists the citizen, then each further participant, then the appointment, as the form shows them', () => {
    expect(
      errorEntries({ time: 'timeMissing', firstName: 'firstNameMissing', language: 'languageInvalid' }, [
        {},
        { email: 'emailMissing', role: 'roleInvalid' },
      ]),
    ).toEqual([
      { field: 'firstName', error: 'firstNameMissing' },
      { field: 'language', error: 'languageInvalid' },
      { participant: 1, field: 'role', error: 'roleInvalid' },
      { participant: 1, field: 'email', error: 'emailMissing' },
      { field: 'time', error: 'timeMissing' },
    ])
  })
})

describe('checkSlot', () => {
  it('is the booking form’s date, time and duration check on its own, for moving an appointment', () => {
    const slot = checkSlot({ date: '2026-01-15', time: '10:00', durationMinutes: '45' }, { now, timeZone })
    expect(slot).toEqual({ errors: {}, notices: [], start: new Date('2026-01-15T09:00:00Z'), durationMinutes: 45 })
    expect(checkSlot({ date: '2026-01-15', time: '', durationMinutes: '45' }, { now, timeZone }).errors).toEqual({
      time: 'timeMissing',
    })
  })

  it('accepts the durations it is offered, such as an appointment’s current one', () => {
    const values = { date: '2026-01-15', time: '10:00', durationMinutes: '20' }
    expect(checkSlot(values, { now, timeZone }).errors).toEqual({ durationMinutes: 'durationInvalid' })
    expect(checkSlot(values, { now, timeZone, durations: [15, 20, 30] }).durationMinutes).toBe(20)
  })
})
