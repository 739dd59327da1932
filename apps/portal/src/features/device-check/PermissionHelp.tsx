import { type ReactNode, useEffect, useId, useMemo, useRef } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import { detectBrowser, helpKind } from './browser-help.ts'

const STEPS = ['s1', 's2', 's3'] as const

/**
 * Shown when the browser refused camera and/or microphone: what happened, how to lift the
 * block in this browser, a way to try again, and whom to ask. Takes the focus when it
 * replaces the check (microphone blocked), so keyboard and screen reader users land on it.
 */
export function PermissionHelp({
  devices,
  onRetry,
  supportContact,
  headingLevel = 3,
}: {
  /** Which devices are blocked. */
  devices: 'both' | 'camera' | 'microphone'
  onRetry: () => void
  supportContact?: ReactNode
  headingLevel?: 3 | 4
}) {
  const { t } = useI18n()
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const browser = useMemo(() => detectBrowser(navigator.userAgent, navigator.maxTouchPoints), [])
  const kind = helpKind(browser)
  const retry = t('deviceCheck.permission.retry')
  const Heading = headingLevel === 3 ? 'h3' : 'h4'

  useEffect(() => {
    if (devices !== 'camera') heading.current?.focus()
  }, [devices])

  const [title, body] =
    devices === 'camera'
      ? [t('deviceCheck.permission.headingCamera'), t('deviceCheck.permission.bodyCamera')]
      : devices === 'microphone'
        ? [t('deviceCheck.permission.headingMicrophone'), t('deviceCheck.permission.bodyMicrophone')]
        : [t('deviceCheck.permission.heading'), t('deviceCheck.permission.body')]

  return (
    <section className="dc-permission" aria-labelledby={headingId}>
      <Heading id={headingId} ref={heading} tabIndex={-1}>
        <span aria-hidden="true" className="dc-symbol dc-symbol--failed">
          ✕
        </span>{' '}
        {title}
      </Heading>
      <p>{body}</p>
      <p className="dc-permission-howto">{t('deviceCheck.permission.howTo')}</p>
      <ol className="dc-permission-steps">
        {STEPS.map((step) => (
          <li key={step}>{t(`deviceCheck.permission.steps.${kind}.${step}`, { retry })}</li>
        ))}
      </ol>
      <p className="hint">
        {browser.platform === 'desktop'
          ? t('deviceCheck.permission.computerHint')
          : t('deviceCheck.permission.phoneHint')}
      </p>
      <button type="button" className="button-primary" onClick={onRetry}>
        {retry}
      </button>
      {supportContact && (
        <div className="dc-support">
          <p>{t('deviceCheck.permission.support')}</p>
          {supportContact}
        </div>
      )}
    </section>
  )
}
