import type { StaffInvitation, StaffSession, StaffUserView } from '@videotermin/contracts'
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../api/client.ts'
import { useI18n } from '../../i18n/i18n.tsx'
import { fetchStaff, inviteStaff, renewInvitation, updateStaff } from './admin-api.ts'
import { Feedback, TextField } from './fields.tsx'
import './admin.css'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
type Message = { text: string; error?: boolean }

/** Staff management for admins: who has access, their role, invitations and deactivation. */
export function TeamManagement({ session }: { session: StaffSession }) {
  const { t } = useI18n()
  const [users, setUsers] = useState<StaffUserView[]>()
  const [message, setMessage] = useState<Message>()
  const [invitation, setInvitation] = useState<StaffInvitation>()

  const load = useCallback(
    () =>
      fetchStaff()
        .then((list) => setUsers(list.users))
        .catch((error) =>
          setMessage({
            text: error instanceof ApiError && error.status === 403 ? t('admin.forbidden') : t('states.errorBody'),
            error: true,
          }),
        ),
    [t],
  )
  useEffect(() => {
    void load()
  }, [load])

  const change = async (user: StaffUserView, body: { role?: 'advisor' | 'admin'; active?: boolean }) => {
    setMessage(undefined)
    try {
      await updateStaff(user.id, body)
      setMessage({ text: t('admin.saved') })
    } catch (error) {
      const lastAdmin = error instanceof ApiError && error.status === 409
      setMessage({
        text: lastAdmin ? t('admin.team.lastAdmin') : t('admin.saveFailed', { message: (error as Error).message }),
        error: true,
      })
    }
    await load()
  }

  const renew = async (user: StaffUserView) => {
    setMessage(undefined)
    try {
      setInvitation(await renewInvitation(user.id))
    } catch (error) {
      setMessage({ text: t('admin.saveFailed', { message: (error as Error).message }), error: true })
    }
  }

  return (
    <>
      <Feedback message={message} />
      {invitation && (
        <InvitationLink
          key={invitation.setupUrl}
          invitation={invitation}
          timeZone={session.user.organisation.timeZone}
        />
      )}
      {users === undefined ? (
        !message?.error && <p>{t('common.loading')}</p>
      ) : (
        <div className="table-scroll">
          <table className="appointments">
            <thead>
              <tr>
                <th scope="col">{t('admin.team.name')}</th>
                <th scope="col">{t('admin.team.email')}</th>
                <th scope="col">{t('admin.team.role')}</th>
                <th scope="col">{t('admin.team.signIn')}</th>
                <th scope="col">{t('admin.team.status')}</th>
                <th scope="col">{t('admin.team.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => {
                const self = user.id === session.user.id
                return (
                  <tr key={user.id}>
                    <th scope="row">
                      {user.displayName} {self && t('admin.team.you')}
                    </th>
                    <td className="break">{user.email}</td>
                    <td>
                      <select
                        aria-label={t('admin.team.changeRole', { name: user.displayName })}
                        value={user.role}
                        onChange={(event) => void change(user, { role: event.target.value as 'advisor' | 'admin' })}
                      >
                        <option value="advisor">{t('admin.team.roleAdvisor')}</option>
                        <option value="admin">{t('admin.team.roleAdmin')}</option>
                      </select>
                    </td>
                    <td>
                      {user.signIn === 'sso'
                        ? t('admin.team.signInSso')
                        : user.signIn === 'password'
                          ? t('admin.team.signInPassword')
                          : t('admin.team.signInInvited')}
                    </td>
                    <td>{user.active ? t('admin.team.active') : t('admin.team.inactive')}</td>
                    <td>
                      <div className="row-actions">
                        <button type="button" onClick={() => void change(user, { active: !user.active })}>
                          {t(user.active ? 'admin.team.deactivate' : 'admin.team.activate', { name: user.displayName })}
                        </button>
                        {user.signIn === 'invited' && user.active && (
                          <button type="button" onClick={() => void renew(user)}>
                            {t('admin.team.renew', { name: user.displayName })}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <InviteForm
        onInvited={(created) => {
          setInvitation(created)
          void load()
        }}
      />
    </>
  )
}

function InviteForm({ onInvited }: { onInvited: (invitation: StaffInvitation) => void }) {
  const { t } = useI18n()
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<'advisor' | 'admin'>('advisor')
  const [errors, setErrors] = useState<{ name?: string; email?: string }>({})
  const [message, setMessage] = useState<Message>()
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const next = {
      ...(name.trim() ? {} : { name: t('admin.team.nameMissing') }),
      ...(EMAIL.test(email.trim()) ? {} : { email: t('admin.team.emailInvalid') }),
    }
    setErrors(next)
    setMessage(undefined)
    if (next.name || next.email) {
      document.getElementById(next.name ? 'invite-name' : 'invite-email')?.focus()
      return
    }
    setBusy(true)
    try {
      onInvited(await inviteStaff({ displayName: name.trim(), email: email.trim(), role }))
      setName('')
      setEmail('')
      setRole('advisor')
    } catch (error) {
      const exists = error instanceof ApiError && error.status === 409
      setMessage({
        text: exists ? t('admin.team.exists') : t('admin.saveFailed', { message: (error as Error).message }),
        error: true,
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="invite-title">
      <h2 id="invite-title">{t('admin.team.inviteLegend')}</h2>
      <TextField id="invite-name" label={t('admin.team.name')} value={name} onChange={setName} error={errors.name} />
      <TextField
        id="invite-email"
        type="email"
        label={t('admin.team.email')}
        value={email}
        onChange={setEmail}
        error={errors.email}
      />
      <div className="field">
        <label htmlFor="invite-role">{t('admin.team.role')}</label>
        <select id="invite-role" value={role} onChange={(event) => setRole(event.target.value as 'advisor' | 'admin')}>
          <option value="advisor">{t('admin.team.roleAdvisor')}</option>
          <option value="admin">{t('admin.team.roleAdmin')}</option>
        </select>
      </div>
      <Feedback message={message} />
      <button type="submit" className="button-primary" disabled={busy}>
        {t('admin.team.invite')}
      </button>
    </form>
  )
}

/** The one-time link, shown once: focused so it is announced, with a copy button. */
function InvitationLink({ invitation, timeZone }: { invitation: StaffInvitation; timeZone: string }) {
  const { t, formatDateTime } = useI18n()
  const [copied, setCopied] = useState(false)
  const headingRef = useRef<HTMLHeadingElement>(null)
  // Keyed by the link: a new invitation mounts afresh, and its heading takes the focus.
  useEffect(() => {
    headingRef.current?.focus()
  }, [])
  return (
    <section className="notice invitation-link" aria-labelledby="invitation-link-title">
      <h2 id="invitation-link-title" tabIndex={-1} ref={headingRef}>
        {t('admin.team.linkTitle', { name: invitation.user.displayName })}
      </h2>
      <p>{t('admin.team.linkBody', { date: formatDateTime(new Date(invitation.expiresAt), timeZone) })}</p>
      <p>
        <code className="break" data-testid="invitation-url">
          {invitation.setupUrl}
        </code>
      </p>
      <button
        type="button"
        onClick={() =>
          navigator.clipboard
            ?.writeText(invitation.setupUrl)
            .then(() => setCopied(true))
            .catch(() => setCopied(false))
        }
      >
        {t('admin.team.copy')}
      </button>
      <p role="status">{copied ? t('admin.team.copied') : ''}</p>
    </section>
  )
}
