import type { StaffSession } from '@videotermin/contracts'
import type { MessageKey } from '@videotermin/i18n'
import { navigate } from '../../app/router.ts'
import { useI18n } from '../../i18n/i18n.tsx'

const LINKS: { path: string; label: MessageKey; adminOnly?: boolean }[] = [
  { path: '/staff', label: 'nav.appointments' },
  { path: '/staff/appointments/new', label: 'nav.newAppointment' },
  { path: '/staff/organisation', label: 'nav.organisation', adminOnly: true },
  { path: '/staff/team', label: 'nav.team', adminOnly: true },
  { path: '/staff/statistics', label: 'statistics.nav', adminOnly: true },
]

/** The staff workspace's sections, with who is signed in and sign-out. */
export function StaffNav({ session, path, onSignOut }: { session: StaffSession; path: string; onSignOut: () => void }) {
  const { t } = useI18n()
  const links = LINKS.filter((link) => !link.adminOnly || session.user.role === 'admin')
  return (
    <>
      <div className="toolbar">
        <p>
          {session.user.displayName} · {session.user.organisation.name}
        </p>
        <button type="button" onClick={onSignOut}>
          {t('staff.signOut')}
        </button>
      </div>
      <nav className="staff-nav" aria-label={t('nav.label')}>
        <ul>
          {links.map((link) => (
            <li key={link.path}>
              <a
                href={link.path}
                aria-current={path === link.path ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault()
                  navigate(link.path)
                }}
              >
                {t(link.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  )
}
