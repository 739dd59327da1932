import type { CheckAccess } from '@videotermin/contracts'
import { lazy, Suspense } from 'react'
import { api } from '../../api/client.ts'
import { Layout } from '../../components/Layout.tsx'
import { useI18n } from '../../i18n/i18n.tsx'

const DeviceCheck = lazy(() =>
  import('../../features/device-check/DeviceCheck.tsx').then((m) => ({ default: m.DeviceCheck })),
)

const publicCheckAccess = () => api<CheckAccess>('POST', '/api/check/token')

/** `/check`: the device check for anyone (printed QR code on the leaflet), in a throw-away room, nothing stored. */
export function PublicCheckPage() {
  const { t } = useI18n()
  return (
    <Layout>
      <h1>{t('home.checkTitle')}</h1>
      <p>{t('home.checkIntro')}</p>
      <Suspense fallback={<p>{t('common.loading')}</p>}>
        <DeviceCheck getCheckAccess={publicCheckAccess} onComplete={() => {}} />
      </Suspense>
    </Layout>
  )
}
