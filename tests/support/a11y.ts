import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/** WCAG 2.1 A and AA rules (BITV 2.0 level) of axe-core, run in the real page. */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.map(
    (v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}

/**
 * Moves focus with Tab (as a keyboard user does) until the focused element's accessible
 * name matches, then returns; fails when the element is not reachable by keyboard.
 */
export async function tabTo(page: Page, name: string | RegExp, maxSteps = 60): Promise<void> {
  for (let step = 0; step < maxSteps; step++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      if (!el) return ''
      const labelledBy = el.getAttribute('aria-labelledby')
      const label = labelledBy ? document.getElementById(labelledBy)?.textContent : undefined
      const input = el as HTMLInputElement
      const ownLabel = input.labels?.[0]?.textContent
      // Visible text without decorative parts hidden from assistive technology.
      const copy = el.cloneNode(true) as HTMLElement
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove()
      return (el.getAttribute('aria-label') ?? label ?? ownLabel ?? copy.textContent ?? '').replace(/\s+/g, ' ').trim()
    })
    if (typeof name === 'string' ? focused === name : name.test(focused)) return
  }
  throw new Error(`could not reach "${name}" with the Tab key`)
}
