import {
  DEFAULT_LANGUAGE,
  isLanguage,
  LANGUAGES,
  type Language,
  type MessageKey,
  type Params,
  translate,
} from '@videotermin/i18n'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'

const STORAGE_KEY = 'videotermin.language'

interface I18nValue {
  language: Language
  setLanguage: (language: Language) => void
  t: (key: MessageKey, params?: Params) => string
  formatDateTime: (instant: Date, timeZone: string) => string
  formatTime: (instant: Date, timeZone: string) => string
}

const I18nContext = createContext<I18nValue | undefined>(undefined)

function initialLanguage(): Language {
  const stored = window.localStorage.getItem(STORAGE_KEY)
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE
}

/** Holds the chosen language, keeps <html lang dir> in step, and translates from the shared catalogue. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage)

  useEffect(() => {
    document.documentElement.lang = language
    document.documentElement.dir = LANGUAGES[language].dir
  }, [language])

  const setLanguage = useCallback((next: Language) => {
    window.localStorage.setItem(STORAGE_KEY, next)
    setLanguageState(next)
  }, [])

  const value = useMemo<I18nValue>(
    () => ({
      language,
      setLanguage,
      t: (key, params) => translate(language, key, params),
      formatDateTime: (instant, timeZone) =>
        new Intl.DateTimeFormat(LANGUAGES[language].locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(
          instant,
        ),
      formatTime: (instant, timeZone) =>
        new Intl.DateTimeFormat(LANGUAGES[language].locale, { timeStyle: 'short', timeZone }).format(instant),
    }),
    [language, setLanguage],
  )
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}

/** Whether the user picked a language themselves (then the participant's stored language does not override it). */
export function hasChosenLanguage(): boolean {
  return isLanguage(window.localStorage.getItem(STORAGE_KEY))
}
