import { MIN_PASSWORD_LENGTH } from '@videotermin/contracts'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { navigate } from '../../app/router.ts'
import { Layout } from '../../components/Layout.tsx'
import { acceptInvitation } from '../../features/admin/admin-api.ts'
import { TextField } from '../../features/admin/fields.tsx'
import { useI18n } from '../../i18n/i18n.tsx'
import { useDocumentTitle } from '../../i18n/useDocumentTitle.ts'

/**
 * `/staff/welcome#<token>`: an invited colleague sets their password. The token is read
 * from the fragment (never sent to a server by the browser) and removed from the address bar.
 */
export function WelcomePage() {
  const { t } = useI18n()
  useDocumentTitle(t('admin.welcome.title'))
  // Read once (a pure initializer, as React may call it twice), then taken out of the address bar.
  const [token] = useState(() => window.location.hash.slice(1))
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname)
  }, [])
  const [password, setPassword] = useState('')
  const [repeat, setRepeat] = useState('')
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({})
  const [state, setState] = useState<'form' | 'busy' | 'done' | 'invalid'>(token ? 'form' : 'invalid')
  const resultRef = useRef<HTMLParagraphElement>(null)
  const min = String(MIN_PASSWORD_LENGTH)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const next = {
      ...(password.length < MIN_PASSWORD_LENGTH ? { password: t('admin.welcome.tooShort', { min }) } : {}),
      ...(password !== repeat ? { repeat: t('admin.welcome.mismatch') } : {}),
    }
    setErrors(next)
    if (next.password || next.repeat) {
      document.getElementById(next.password ? 'welcome-password' : 'welcome-repeat')?.focus()
      return
    }
    setState('busy')
    try {
      await acceptInvitation(token, password)
      setState('done')
    } catch {
      setState('invalid')
    }
    requestAnimationFrame(() => resultRef.current?.focus())
  }

  const toSignIn = (
    <p>
      <a
        href="/staff/login"
        onClick={(event) => {
          event.preventDefault()
          navigate('/staff/login')
        }}
      >
        {t('admin.welcome.toSignIn')}
      </a>
    </p>
  )

  return (
    <Layout>
      <h1>{t('admin.welcome.title')}</h1>
      {state === 'done' ? (
        <>
          <p role="status" tabIndex={-1} ref={resultRef}>
            {t('admin.welcome.done')}
          </p>
          {toSignIn}
        </>
      ) : state === 'invalid' ? (
        <>
          <p role="alert" className="error" tabIndex={-1} ref={resultRef}>
            {t('admin.welcome.invalidLink')}
          </p>
          {toSignIn}
        </>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <p>{t('admin.welcome.intro')}</p>
          <TextField
            id="welcome-password"
            type="password"
            autoComplete="new-password"
            label={t('admin.welcome.password')}
            hint={t('admin.welcome.passwordHint', { min })}
            value={password}
            onChange={setPassword}
            error={errors.password}
          />
          <TextField
            id="welcome-repeat"
            type="password"
            autoComplete="new-password"
            label={t('admin.welcome.repeat')}
            value={repeat}
            onChange={setRepeat}
            error={errors.repeat}
          />
          <button type="submit" className="button-primary" disabled={state === 'busy'}>
            {t('admin.welcome.submit')}
          </button>
        </form>
      )}
    </Layout>
  )
}
