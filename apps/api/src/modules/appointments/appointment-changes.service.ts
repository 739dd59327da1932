import type { RescheduleAppointmentBody, ResendInvitationBody, StaffAppointment } from '@videotermin/contracts'
import { ErrorCode } from '@videotermin/contracts'
import type { Database, Db } from '@videotermin/db'
import { hashToken, newLinkToken, sealToken } from '@videotermin/links'
import type { Transaction } from 'kysely'
import { AppError } from '../../errors.ts'
import type { StaffPrincipal } from '../staff-auth/staff-session.repository.ts'
import {
  deliverySummaries,
  insertOutboxRows,
  notifyOutbox,
  obsoleteUnsentMails,
  participantsWithSentMail,
  refreshUnsentInvitations,
  reminderOffsets,
  reminderRows,
} from './appointment-mail.repository.ts'
import { requestedStart } from './appointment-time.ts'
import {
  findActiveStaffInOrganisation,
  lockAppointment,
  mailableParticipants,
  staffAppointmentNames,
  updateAppointment,
} from './appointments.repository.ts'
import { mayActOn } from './staff-access.ts'

type Staff = Pick<StaffPrincipal, 'userId' | 'organisationId' | 'role'>

interface LockedAppointment {
  id: string
  starts_at: Date
  duration_minutes: number
  status: 'scheduled' | 'cancelled'
  ended_at: Date | null
}

/** A cancelled or finished appointment is history: it cannot be moved or cancelled any more. */
function assertOpen(appointment: LockedAppointment, now: Date, action: 'reschedule' | 'cancel' | 'resend'): void {
  if (appointment.status === 'cancelled') {
    throw new AppError(ErrorCode.appointmentClosed, 'This appointment was cancelled; it cannot be changed any more.')
  }
  const endsAt = appointment.starts_at.getTime() + appointment.duration_minutes * 60_000
  if (appointment.ended_at || endsAt <= now.getTime()) {
    throw new AppError(
      ErrorCode.appointmentClosed,
      action === 'cancel'
        ? 'This appointment is over; there is nothing left to cancel.'
        : action === 'resend'
          ? 'This appointment is over; an invitation to it would be of no use.'
          : 'This appointment is over; book a new one instead.',
    )
  }
}

/** Locks the appointment (404 for other tenants) and checks the advisor's right to it (403). */
async function lockForStaff(trx: Transaction<Database>, staff: Staff, appointmentId: string) {
  return mayActOn(staff, await lockAppointment(trx, staff.organisationId, appointmentId))
}

async function staffAppointment(db: Db | Transaction<Database>, appointmentId: string, now: Date) {
  const a = await db
    .selectFrom('appointments')
    .select(['id', 'starts_at', 'duration_minutes', 'status'])
    .where('id', '=', appointmentId)
    .executeTakeFirstOrThrow()
  const names = await staffAppointmentNames(db, appointmentId)
  const delivery = (await deliverySummaries(db, [appointmentId], now)).get(appointmentId) ?? 'sent'
  return {
    id: a.id,
    startsAt: a.starts_at.toISOString(),
    durationMinutes: a.duration_minutes,
    status: a.status,
    advisor: { id: names.advisor_id, displayName: names.advisor_name },
    citizen: { firstName: names.first_name ?? '', lastName: names.last_name ?? '' },
    delivery,
  } satisfies StaffAppointment
}

/**
 * Moves an appointment. In one transaction with the change: mails not sent yet about the old
 * time become obsolete, an invitation still waiting simply shows the new time, everyone who
 * already had mail gets an update, and the reminders are written anew for the new time.
 * Handing it to another advisor alone changes no time and sends nothing.
 */
export async function rescheduleAppointment(
  ctx: { db: Db; now: Date },
  staff: Staff,
  appointmentId: string,
  input: RescheduleAppointmentBody,
): Promise<{ appointment: StaffAppointment; timeChanged: boolean }> {
  const timeChanged = await ctx.db.transaction().execute(async (trx) => {
    const current = await lockForStaff(trx, staff, appointmentId)
    // After the access check: someone else's appointment is a 404 or 403 whatever the body says.
    const startsAt = requestedStart(input, ctx.now)
    assertOpen(current, ctx.now, 'reschedule')
    const advisorId = input.advisorId ?? current.advisor_id
    if (advisorId !== current.advisor_id) {
      if (staff.role !== 'admin') {
        throw new AppError(ErrorCode.forbidden, 'Only admins can hand appointments to other advisors.')
      }
      const advisor = await findActiveStaffInOrganisation(trx, staff.organisationId, advisorId)
      if (!advisor) throw new AppError(ErrorCode.badRequest, 'The chosen advisor does not exist in your organisation.')
    }
    const moved =
      current.starts_at.getTime() !== startsAt.getTime() || current.duration_minutes !== input.durationMinutes
    const updated = await updateAppointment(trx, current.id, {
      startsAt,
      durationMinutes: input.durationMinutes,
      advisorId,
      raiseSequence: moved,
      now: ctx.now,
    })
    if (!moved) return false

    const participantIds = (await mailableParticipants(trx, current.id)).map((p) => p.id)
    await obsoleteUnsentMails(trx, participantIds, ['update', 'reminder'], ctx.now)
    const coveredByInvitation = await refreshUnsentInvitations(trx, participantIds, updated.sequence)
    await insertOutboxRows(trx, [
      ...participantIds
        .filter((id) => !coveredByInvitation.has(id))
        .map((participantId) => ({ kind: 'update' as const, participantId, sequence: updated.sequence })),
      ...reminderRows(participantIds, {
        startsAt,
        offsetsMinutes: await reminderOffsets(trx, staff.organisationId),
        sequence: updated.sequence,
        now: ctx.now,
      }),
    ])
    await notifyOutbox(trx)
    return true
  })
  return { appointment: await staffAppointment(ctx.db, appointmentId, ctx.now), timeChanged }
}

/**
 * Cancels an appointment; cancelling it again changes nothing. Mails not sent yet become
 * obsolete; whoever already had mail about it gets the cancellation (with a calendar CANCEL);
 * whoever had none hears nothing. The sealed link tokens are erased: no mail will carry the
 * link again, and the link itself stops working because the appointment is cancelled.
 * Returns whether this call cancelled it (the caller then closes the room).
 */
export async function cancelAppointment(
  ctx: { db: Db; now: Date },
  staff: Staff,
  appointmentId: string,
): Promise<{ appointment: StaffAppointment; cancelledNow: boolean }> {
  const cancelledNow = await ctx.db.transaction().execute(async (trx) => {
    const current = await lockForStaff(trx, staff, appointmentId)
    if (current.status === 'cancelled') return false
    assertOpen(current, ctx.now, 'cancel')
    const updated = await updateAppointment(trx, current.id, { status: 'cancelled', raiseSequence: true, now: ctx.now })
    const participantIds = (await mailableParticipants(trx, current.id)).map((p) => p.id)
    await obsoleteUnsentMails(trx, participantIds, ['invitation', 'update', 'reminder'], ctx.now)
    const informed = await participantsWithSentMail(trx, participantIds)
    await insertOutboxRows(
      trx,
      participantIds
        .filter((id) => informed.has(id))
        .map((participantId) => ({ kind: 'cancellation' as const, participantId, sequence: updated.sequence })),
    )
    await trx
      .updateTable('participants')
      .set({ link_token_sealed: null })
      .where('appointment_id', '=', current.id)
      .execute()
    await notifyOutbox(trx)
    return true
  })
  return { appointment: await staffAppointment(ctx.db, appointmentId, ctx.now), cancelledNow }
}

/**
 * A new invitation with a fresh personal link for one participant, to a corrected address
 * when one is given. In one transaction: the old link's hash is replaced (it stops working),
 * every session opened with it ends, and what was done with it (opened, consent, device
 * check, waiting, admission) is undone: a misdirected mail may have been opened by someone
 * else, whose consent is not the person's and whose device data must not stay. An unsent
 * invitation gives way to the new one. Later mails (reminders, updates) read the address and
 * link when they are sent, so they follow. The caller takes the holder of the old link out of
 * a running call.
 */
export async function resendInvitation(
  ctx: { db: Db; now: Date; linkEncryptionKey: string },
  staff: Staff,
  appointmentId: string,
  participantId: string,
  input: ResendInvitationBody,
): Promise<void> {
  const token = newLinkToken()
  await ctx.db.transaction().execute(async (trx) => {
    const current = await lockForStaff(trx, staff, appointmentId)
    assertOpen(current, ctx.now, 'resend')
    const participant = await trx
      .selectFrom('participants')
      .select(['id', 'consent_withdrawn_at'])
      .where('id', '=', participantId)
      .where('appointment_id', '=', current.id)
      .forUpdate()
      .executeTakeFirst()
    if (!participant) throw new AppError(ErrorCode.notFound, 'No such participant in this appointment.')
    if (participant.consent_withdrawn_at) {
      throw new AppError(
        ErrorCode.conflict,
        'This person withdrew their consent and their data is gone; book a new appointment if they want one.',
      )
    }
    await trx
      .updateTable('participants')
      .set({
        link_token_hash: hashToken(token),
        link_token_sealed: sealToken(token, ctx.linkEncryptionKey),
        link_issued_at: ctx.now,
        ...(input.email ? { email: input.email } : {}),
        // Done with the old link, so perhaps by someone else: the person consents and checks anew.
        link_opened_at: null,
        consent_version: null,
        consented_at: null,
        waiting_since: null,
        admitted_at: null,
      })
      .where('id', '=', participant.id)
      .execute()
    await trx.deleteFrom('participant_sessions').where('participant_id', '=', participant.id).execute()
    await trx.deleteFrom('device_checks').where('participant_id', '=', participant.id).execute()
    await obsoleteUnsentMails(trx, [participant.id], ['invitation'], ctx.now)
    await insertOutboxRows(trx, [{ kind: 'invitation', participantId: participant.id, sequence: current.sequence }])
    await notifyOutbox(trx)
  })
}
