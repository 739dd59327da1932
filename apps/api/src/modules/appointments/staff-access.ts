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
  const appointment = await findAppointmentForStaff(db, staff.organisationId, appointmentId)
  if (!appointment) throw new AppError(ErrorCode.notFound, 'No such appointment.')
  if (staff.role === 'advisor' && appointment.advisor_id !== staff.userId) {
    throw new AppError(ErrorCode.forbidden, 'This appointment belongs to another advisor.')
  }
  return appointment
}
