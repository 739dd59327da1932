import type { BookAppointmentBody } from '@videotermin/contracts'
import { ErrorCode } from '@videotermin/contracts'
import type { Db } from '@videotermin/db'
import { hashToken, newLinkToken, personalLinkUrl, sealToken } from '@videotermin/links'
import { AppError } from '../../errors.ts'
import { findOrganisationLanguages } from '../organisation/organisation.repository.ts'
import type { StaffPrincipal } from '../staff-auth/staff-session.repository.ts'
import {
  insertOutboxRows,
  notifyOutbox,
  type OutboxInsert,
  reminderOffsets,
  reminderRows,
} from './appointment-mail.repository.ts'
import { requestedStart } from './appointment-time.ts'
import { findActiveStaffInOrganisation, insertAppointment, insertParticipant } from './appointments.repository.ts'

export interface BookingContext {
  db: Db
  linkEncryptionKey: string
  publicUrl: string
  now: Date
}

/**
 * Books an appointment for one citizen: appointment, participants (link stored as hash, and
 * sealed for the mails) and their invitation and reminder outbox rows are written in one
 * transaction, so a booking never exists without its e-mails and vice versa. Returns the personal link for callers that need to
 * show it once (the demo seed); the HTTP response does not carry it.
 */
export async function bookAppointment(
  ctx: BookingContext,
  staff: Pick<StaffPrincipal, 'userId' | 'organisationId' | 'role'>,
  input: BookAppointmentBody,
) {
  const startsAt = requestedStart(input, ctx.now)

  const advisorId = input.advisorId ?? staff.userId
  if (advisorId !== staff.userId && staff.role !== 'admin') {
    throw new AppError(ErrorCode.forbidden, 'Only admins can book appointments for other advisors.')
  }

  const token = newLinkToken()
  const result = await ctx.db.transaction().execute(async (trx) => {
    const advisor = await findActiveStaffInOrganisation(trx, staff.organisationId, advisorId)
    if (!advisor) throw new AppError(ErrorCode.badRequest, 'The chosen advisor does not exist in your organisation.')
    const languageOf = await invitationLanguages(trx, staff.organisationId)
    const appointment = await insertAppointment(trx, {
      organisationId: staff.organisationId,
      advisorId,
      startsAt,
      durationMinutes: input.durationMinutes,
    })
    const participant = await insertParticipant(trx, {
      appointmentId: appointment.id,
      role: 'citizen',
      firstName: input.citizen.firstName.trim(),
      lastName: input.citizen.lastName.trim(),
      email: input.citizen.email.trim(),
      customerNumber: input.citizen.customerNumber?.trim() ?? null,
      language: languageOf(input.citizen.language),
      linkTokenHash: hashToken(token),
      linkTokenSealed: sealToken(token, ctx.linkEncryptionKey),
    })
    const participantIds = [participant.id]
    // Everyone else agreed beforehand gets a link, consent and check of their own.
    for (const further of input.furtherParticipants ?? []) {
      const furtherToken = newLinkToken()
      const row = await insertParticipant(trx, {
        appointmentId: appointment.id,
        role: further.role,
        firstName: further.firstName.trim(),
        lastName: further.lastName.trim(),
        email: further.email.trim(),
        customerNumber: null,
        language: languageOf(further.language),
        linkTokenHash: hashToken(furtherToken),
        linkTokenSealed: sealToken(furtherToken, ctx.linkEncryptionKey),
      })
      participantIds.push(row.id)
    }
    const mails: OutboxInsert[] = participantIds.map((participantId) => ({
      kind: 'invitation',
      participantId,
      sequence: appointment.sequence,
    }))
    mails.push(
      ...reminderRows(participantIds, {
        startsAt,
        offsetsMinutes: await reminderOffsets(trx, staff.organisationId),
        sequence: appointment.sequence,
        now: ctx.now,
      }),
    )
    await insertOutboxRows(trx, mails)
    await notifyOutbox(trx)
    return { appointment, advisor, participantId: participant.id }
  })

  return {
    appointment: {
      id: result.appointment.id,
      startsAt: result.appointment.starts_at.toISOString(),
      durationMinutes: result.appointment.duration_minutes,
      status: result.appointment.status,
      advisor: { id: result.advisor.id, displayName: result.advisor.display_name },
      citizen: { firstName: input.citizen.firstName.trim(), lastName: input.citizen.lastName.trim() },
      delivery: 'pending' as const,
    },
    participantId: result.participantId,
    personalLink: personalLinkUrl(ctx.publicUrl, token),
  }
}

/**
 * Picks each invitation's language among those the organisation offers: the one asked for
 * (refused with 400 if not offered), else German where offered, else the first offered.
 */
async function invitationLanguages(db: Pick<Db, 'selectFrom'>, organisationId: string) {
  const offered = await findOrganisationLanguages(db, organisationId)
  return (asked: string | undefined): string => {
    if (asked === undefined) return offered.includes('de') ? 'de' : (offered[0] ?? 'de')
    if (!offered.includes(asked)) {
      throw new AppError(
        ErrorCode.badRequest,
        `Your organisation does not offer invitations in this language (${asked}).`,
      )
    }
    return asked
  }
}
