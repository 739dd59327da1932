import { useEffect, useId, useRef } from 'react'

/**
 * Asks before something that cannot be undone, in a native modal <dialog>: the page behind
 * is inert, Escape closes it, the focus starts on the harmless choice and the browser returns
 * it to the button that opened the dialog. (window.confirm cannot be styled, translated in
 * its buttons, or tested like the rest of the page.)
 */
export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  keepLabel,
  onConfirm,
  onClose,
}: {
  open: boolean
  title: string
  body: string
  confirmLabel: string
  keepLabel: string
  onConfirm: () => void
  onClose: () => void
}) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  const keepRef = useRef<HTMLButtonElement>(null)
  const id = useId()

  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) {
      dialog.showModal()
      keepRef.current?.focus()
    }
    if (!open && dialog.open) dialog.close()
  }, [open])

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onClose={() => {
        if (open) onClose()
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-body`}>{body}</p>
      <div className="actions">
        <button type="button" ref={keepRef} onClick={() => dialogRef.current?.close()}>
          {keepLabel}
        </button>
        <button
          type="button"
          className="button-danger"
          onClick={() => {
            onConfirm()
            dialogRef.current?.close()
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  )
}
