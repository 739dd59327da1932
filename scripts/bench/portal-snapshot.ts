// A private copy of the built portal for the bench stack to serve. Others working in this
// repository rebuild apps/portal/dist while a benchmark runs (`./run test`, `vite build`);
// Vite empties the folder first, so a page loaded meanwhile finds its chunks gone.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** A Vite chunk's file name, `<name>-<8 character hash>.js|css`, as index.html and the chunks name each other. */
const CHUNK_FILE = /[A-Za-z0-9_.-]+-[A-Za-z0-9_-]{8}\.(?:js|css)/g

/** Chunks that index.html or a JS chunk names but the copy lacks; a copy taken mid-build lacks some. */
function missingChunks(dir: string): string[] {
  const assets = path.join(dir, 'assets')
  if (!existsSync(path.join(dir, 'index.html')) || !existsSync(assets)) return ['index.html']
  const present = new Set(readdirSync(assets))
  const referring = [
    path.join(dir, 'index.html'),
    ...[...present].filter((file) => file.endsWith('.js')).map((file) => path.join(assets, file)),
  ]
  const named = referring.flatMap((file) => readFileSync(file, 'utf8').match(CHUNK_FILE) ?? [])
  return [...new Set(named)].filter((file) => !present.has(file))
}

/** Copies `from` to `to` (replacing it) once the copy is complete: every chunk named is there. */
export async function snapshotPortalBuild(from: string, to: string): Promise<void> {
  let missing: string[] = []
  for (let attempt = 1; attempt <= 5; attempt++) {
    rmSync(to, { recursive: true, force: true })
    try {
      cpSync(from, to, { recursive: true })
      missing = missingChunks(to)
      if (missing.length === 0) return
    } catch (error) {
      // A file vanished while being copied: someone's build is emptying the folder.
      missing = [String(error)]
    }
    await sleep(2000)
  }
  throw new Error(`${from} kept changing (another build running?); incomplete: ${missing.join(', ')}`)
}
