/** Request and response schemas shared by the API and the portal; the single source of their types. */
export * from './appointment-changes.ts'
export * from './appointments.ts'
export * from './citizen-path.ts'
export * from './device-check.ts'
export * from './errors.ts'
export * from './organisation.ts'
export * from './participant.ts'
export * from './staff.ts'
