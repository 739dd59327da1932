import { type RefObject, useLayoutEffect } from 'react'

/**
 * Lets an element fill the viewport below whatever is above it (the page header, whose
 * height changes with the width and the language): keeps `--call-top` on the element at
 * its distance from the top of the document, for `calc(100dvh - var(--call-top))` in CSS.
 */
export function useFillViewport(ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    let last = ''
    const update = () => {
      const top = `${Math.max(0, Math.round(element.getBoundingClientRect().top + window.scrollY))}px`
      if (top === last) return
      last = top
      element.style.setProperty('--call-top', top)
    }
    update()
    const observer = new ResizeObserver(update)
    observer.observe(document.body)
    window.addEventListener('resize', update)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', update)
    }
  }, [ref])
}
