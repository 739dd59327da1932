import { Layout, StatePage } from '../components/Layout.tsx'
import { useI18n } from '../i18n/i18n.tsx'
import { PublicCheckPage } from '../routes/check/PublicCheckPage.tsx'
import { ParticipantPage } from '../routes/p/ParticipantPage.tsx'
import { StaffArea } from '../routes/staff/StaffPages.tsx'
import { usePath } from './router.ts'

/** Routes by audience: `/p…` for holders of a personal link, `/staff…` for signed-in staff. */
export function App() {
  const path = usePath()
  const { t } = useI18n()
  if (path === '/p/link-unknown') {
    return <StatePage title={t('states.unknownLinkTitle')} body={t('states.unknownLinkBody')} />
  }
  if (path === '/p') return <ParticipantPage />
  if (path === '/check') return <PublicCheckPage />
  if (path === '/staff' || path.startsWith('/staff/')) return <StaffArea path={path} />
  return (
    <Layout>
      <h1>{t('home.title')}</h1>
      <p>{t('home.body')}</p>
      <p>
        <a href="/check">{t('home.checkLink')}</a>
      </p>
      <p>
        <a href="/staff">{t('home.staffLink')}</a>
      </p>
    </Layout>
  )
}
