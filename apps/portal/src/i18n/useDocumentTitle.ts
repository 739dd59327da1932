import { useEffect } from 'react'
import { useI18n } from './i18n.tsx'

/** Names the browser tab after the page, so screen-reader users hear where they are. */
export function useDocumentTitle(title: string) {
  const { t } = useI18n()
  useEffect(() => {
    const before = document.title
    document.title = `${title} – ${t('common.appName')}`
    return () => {
      document.title = before
    }
  }, [title, t])
}
