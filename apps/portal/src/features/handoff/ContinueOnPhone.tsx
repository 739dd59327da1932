import type { HandoffLink } from '@videotermin/contracts'
import { useState } from 'react'
import { api } from '../../api/client.ts'
import { useI18n } from '../../i18n/i18n.tsx'

/**
 * Shows a QR code that continues this participant's session on a phone or tablet: a fresh,
 * short-lived, one-time link from the API (the personal link itself never reaches the page).
 * The QR library loads only when asked for.
 */
export function ContinueOnPhone({ timeZone }: { timeZone: string }) {
  const { t, formatTime } = useI18n()
  const [code, setCode] = useState<{ image: string; expiresAt: string }>()
  const [failed, setFailed] = useState(false)

  const show = async () => {
    setFailed(false)
    try {
      const [link, qr] = await Promise.all([api<HandoffLink>('POST', '/api/p/handoff'), import('qrcode')])
      const image = await qr.toDataURL(link.url, { margin: 2, width: 240, errorCorrectionLevel: 'M' })
      setCode({ image, expiresAt: link.expiresAt })
    } catch {
      setFailed(true)
    }
  }

  if (!code) {
    return (
      <div className="handoff">
        <button type="button" onClick={show}>
          {t('handoff.open')}
        </button>
        {failed && (
          <p role="alert" className="error">
            {t('handoff.failed')}
          </p>
        )}
      </div>
    )
  }
  return (
    <section className="handoff" aria-labelledby="handoff-title">
      <h2 id="handoff-title">{t('handoff.title')}</h2>
      <p>{t('handoff.body')}</p>
      <img src={code.image} alt={t('handoff.image')} width={240} height={240} />
      <p className="hint">{t('handoff.expires', { time: formatTime(new Date(code.expiresAt), timeZone) })}</p>
      <button type="button" onClick={() => setCode(undefined)}>
        {t('handoff.close')}
      </button>
    </section>
  )
}
