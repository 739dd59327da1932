import { ErrorCode } from '@videotermin/contracts'
import type { Db } from '@videotermin/db'
import { AppError } from '../../errors.ts'
import type { StaffPrincipal } from '../staff-auth/staff-session.repository.ts'
import { findAppointmentForStaff } from './appointments.repository.ts'

/**
 * An appointment the signed-in staff member may act on: of their own organisation (else
 * 404, so other tenants' ids reveal nothing), and for advisors only their own (else 403).
 */
export async function appointmentForStaff(db: Db, staff: StaffPrincipal, appointmentId: string) {
  return mayActOn(staff, await findAppointmentForStaff(db, staff.organisationId, appointmentId))
}

/**
 * The rule itself, for an appointment already read within the staff member's organisation
 * (undefined: not there, or another tenant's). Returns it when they may act on it.
 */
export function mayActOn<A extends { advisor_id: string }>(
  staff: Pick<StaffPrincipal, 'userId' | 'role'>,
  appointment: A | undefined,
): A {
  if (!appointment) throw new AppError(ErrorCode.notFound, 'No such appointment.')
  if (staff.role === 'advisor' && appointment.advisor_id !== staff.userId) {
    throw new AppError(ErrorCode.forbidden, 'This appointment belongs to another advisor.')
  }
  return appointment
}
