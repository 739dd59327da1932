import type { ReactNode } from 'react'

/** A labelled input with an optional hint and an error that screen readers hear with the field. */
export function TextField({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  type = 'text',
  autoComplete = 'off',
  multiline = false,
  inputMode,
}: {
  id: string
  label: ReactNode
  value: string
  onChange: (value: string) => void
  hint?: string | undefined
  error?: string | undefined
  type?: 'text' | 'email' | 'url' | 'tel' | 'password'
  autoComplete?: string
  multiline?: boolean
  inputMode?: 'numeric'
}) {
  const describedBy = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean).join(' ')
  const common = {
    id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="error">
          {error}
        </p>
      )}
      {multiline ? (
        <textarea {...common} rows={8} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={type}
          autoComplete={autoComplete}
          {...(inputMode ? { inputMode } : {})}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </div>
  )
}

/** Short feedback after an action, announced politely; errors assertively. */
export function Feedback({ message }: { message?: { text: string; error?: boolean } | undefined }) {
  return (
    <p role={message?.error ? 'alert' : 'status'} className={message?.error ? 'error' : 'notice-inline'}>
      {message?.text ?? ''}
    </p>
  )
}
