/**
 * The organisation's contact details as citizens see them, on their page and in every e-mail:
 * the columns to select from `organisations as o`, and the mapping to the shape the page and
 * the mails use. One list, so a new contact field reaches both together.
 */
export const organisationContactColumns = [
  'o.name as organisation_name',
  'o.address',
  'o.website',
  'o.support_phone',
  'o.support_hours',
  'o.support_email',
  'o.time_zone',
] as const

export interface OrganisationContactRow {
  organisation_name: string
  address: string
  website: string | null
  support_phone: string | null
  support_hours: string | null
  support_email: string | null
  time_zone: string
}

export function organisationContact(row: OrganisationContactRow) {
  return {
    name: row.organisation_name,
    address: row.address,
    website: row.website,
    supportPhone: row.support_phone,
    supportHours: row.support_hours,
    supportEmail: row.support_email,
    timeZone: row.time_zone,
  }
}
