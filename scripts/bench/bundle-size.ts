// Benchmark B: how much JavaScript (and CSS) the citizen's first page load transfers.
// Reads the built portal (apps/portal/dist); the runner builds it first.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

export interface Asset {
  /** Path inside dist, e.g. `assets/CallView-BhFZ40qi.js`. */
  file: string
  /** The file name without Vite's content hash, e.g. `CallView`. */
  name: string
  bytes: number
  /** Size after gzip at zlib's default level 6, which is also what web servers typically use. */
  gzipBytes: number
}

export interface BundleSizes {
  /** Referenced by index.html itself (module scripts, modulepreload links): loaded on every first visit. */
  initialJs: Asset[]
  initialCss: Asset[]
  /** Everything else: fetched only when a page needs it (call UI, device check, LiveKit client). Largest first. */
  lazyJs: Asset[]
  lazyCss: Asset[]
}

export const sumGzip = (assets: Asset[]) => assets.reduce((total, asset) => total + asset.gzipBytes, 0)

/** Vite names chunks `<name>-<8 character hash>.<ext>`; the name is what a reader recognises. */
function chunkName(file: string): string {
  const base = path.basename(file)
  return base.match(/^(.+)-[A-Za-z0-9_-]{8}\.(?:js|css)$/)?.[1] ?? base
}

function measure(distDir: string, file: string): Asset {
  const content = readFileSync(path.join(distDir, file))
  return { file, name: chunkName(file), bytes: content.length, gzipBytes: gzipSync(content).length }
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const match of tag.matchAll(/([a-zA-Z-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const [, key, double, single, bare] = match
    if (key) found.set(key.toLowerCase(), double ?? single ?? bare ?? '')
  }
  return found
}

/**
 * The files index.html loads directly. A regular expression is enough here: the file is
 * Vite's output, with one tag per line and quoted attributes, not arbitrary HTML.
 */
function directReferences(html: string): { js: string[]; css: string[] } {
  const js: string[] = []
  const css: string[] = []
  for (const [tag, element = ''] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const attrs = attributes(tag.slice(element.length + 1))
    const rel = attrs.get('rel')?.toLowerCase()
    if (element.toLowerCase() === 'script' && attrs.get('type') === 'module' && attrs.get('src')) {
      js.push(attrs.get('src') ?? '')
    } else if (rel === 'modulepreload' && attrs.get('href')) {
      js.push(attrs.get('href') ?? '')
    } else if (rel === 'stylesheet' && attrs.get('href')) {
      css.push(attrs.get('href') ?? '')
    }
  }
  // Served from the site root: `/assets/x.js` is `dist/assets/x.js`.
  const local = (url: string) => url.replace(/^\//, '')
  return { js: [...new Set(js.map(local))], css: [...new Set(css.map(local))] }
}

/** Every file under dir, as paths relative to root, with forward slashes. */
function listFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name
    return entry.isDirectory() ? listFiles(root, relative) : [relative]
  })
}

export function measureBundleSizes(distDir: string): BundleSizes {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8')
  const direct = directReferences(html)
  if (direct.js.length === 0) throw new Error(`no module script found in ${distDir}/index.html`)
  const initial = new Set([...direct.js, ...direct.css])
  const rest = listFiles(distDir).filter((file) => !initial.has(file))
  const largestFirst = (a: Asset, b: Asset) => b.gzipBytes - a.gzipBytes
  return {
    initialJs: direct.js.map((file) => measure(distDir, file)),
    initialCss: direct.css.map((file) => measure(distDir, file)),
    lazyJs: rest
      .filter((file) => file.endsWith('.js'))
      .map((file) => measure(distDir, file))
      .sort(largestFirst),
    lazyCss: rest
      .filter((file) => file.endsWith('.css'))
      .map((file) => measure(distDir, file))
      .sort(largestFirst),
  }
}
