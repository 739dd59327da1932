import type {
  ConsentTextHistory,
  InviteStaffBody,
  NewConsentTextBody,
  OrganisationSettings,
  OrganisationSettingsBody,
  StaffInvitation,
  StaffUserList,
  StaffUserView,
  UpdateStaffUserBody,
} from '@videotermin/contracts'
import { api, apiUpload } from '../../api/client.ts'

export const fetchSettings = () => api<OrganisationSettings>('GET', '/api/staff/organisation')
export const saveSettings = (body: OrganisationSettingsBody) =>
  api<OrganisationSettings>('PUT', '/api/staff/organisation', body)
export const uploadLogo = (file: File) => apiUpload<OrganisationSettings>('PUT', '/api/staff/organisation/logo', file)
export const removeLogo = () => api<OrganisationSettings>('DELETE', '/api/staff/organisation/logo')

export const fetchConsentTexts = () => api<ConsentTextHistory>('GET', '/api/staff/organisation/consent-texts')
export const publishConsentText = (body: NewConsentTextBody) =>
  api<ConsentTextHistory>('POST', '/api/staff/organisation/consent-texts', body)

export const fetchStaff = () => api<StaffUserList>('GET', '/api/staff/users')
export const inviteStaff = (body: InviteStaffBody) => api<StaffInvitation>('POST', '/api/staff/users', body)
export const renewInvitation = (id: string) => api<StaffInvitation>('POST', `/api/staff/users/${id}/invitation`)
export const updateStaff = (id: string, body: UpdateStaffUserBody) =>
  api<StaffUserView>('PATCH', `/api/staff/users/${id}`, body)
export const acceptInvitation = (token: string, password: string) =>
  api<void>('POST', '/api/staff/invitation/accept', { token, password })
