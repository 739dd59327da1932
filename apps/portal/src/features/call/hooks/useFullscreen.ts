import { type RefObject, useCallback, useEffect, useState } from 'react'

export interface Fullscreen {
  /** False where the browser cannot show an element full screen (e.g. Safari on iPhone). */
  supported: boolean
  active: boolean
  toggle: () => void
}

/** Fullscreen API on one element: whether it is shown full screen, and a switch. */
export function useFullscreen(ref: RefObject<HTMLElement | null>): Fullscreen {
  const [supported] = useState(
    () =>
      typeof document !== 'undefined' &&
      document.fullscreenEnabled === true &&
      'requestFullscreen' in Element.prototype,
  )
  const [active, setActive] = useState(false)

  useEffect(() => {
    if (!supported) return
    // Esc, the browser's own controls and leaving the page all end full screen: follow them.
    const update = () => setActive(document.fullscreenElement !== null && document.fullscreenElement === ref.current)
    document.addEventListener('fullscreenchange', update)
    return () => {
      document.removeEventListener('fullscreenchange', update)
      if (document.fullscreenElement && document.fullscreenElement === ref.current) void document.exitFullscreen()
    }
  }, [supported, ref])

  const toggle = useCallback(() => {
    const element = ref.current
    if (!element) return
    const change = document.fullscreenElement ? document.exitFullscreen() : element.requestFullscreen()
    // A refusal (no user gesture, a policy) leaves the state as it is; the event tells the truth.
    change.catch(() => undefined)
  }, [ref])

  return { supported, active, toggle }
}
