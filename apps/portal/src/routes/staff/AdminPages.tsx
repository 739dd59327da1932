import type { StaffSession } from '@videotermin/contracts'
import type { ReactNode } from 'react'
import { Layout } from '../../components/Layout.tsx'
import { OrganisationSettingsPanel } from '../../features/admin/OrganisationSettings.tsx'
import { TeamManagement } from '../../features/admin/TeamManagement.tsx'
import { StaffNav } from '../../features/staff/StaffNav.tsx'
import { useI18n } from '../../i18n/i18n.tsx'
import { useDocumentTitle } from '../../i18n/useDocumentTitle.ts'

interface PageProps {
  session: StaffSession
  path: string
  onSignOut: () => void
  /** The session changed (e.g. the organisation's name or languages): reload it. */
  onSessionChanged: () => void
}

function AdminPage({
  title,
  intro,
  children,
  ...props
}: PageProps & { title: string; intro: string; children: ReactNode }) {
  useDocumentTitle(title)
  return (
    <Layout>
      <StaffNav session={props.session} path={props.path} onSignOut={props.onSignOut} />
      <h1>{title}</h1>
      <p>{intro}</p>
      {children}
    </Layout>
  )
}

/** `/staff/organisation`: settings, logo and consent text (admins). */
export function OrganisationPage(props: PageProps) {
  const { t } = useI18n()
  return (
    <AdminPage {...props} title={t('admin.organisation.title')} intro={t('admin.organisation.intro')}>
      <OrganisationSettingsPanel onSaved={props.onSessionChanged} />
    </AdminPage>
  )
}

/** `/staff/team`: staff management (admins). */
export function TeamPage(props: PageProps) {
  const { t } = useI18n()
  return (
    <AdminPage {...props} title={t('admin.team.title')} intro={t('admin.team.intro')}>
      <TeamManagement session={props.session} />
    </AdminPage>
  )
}
