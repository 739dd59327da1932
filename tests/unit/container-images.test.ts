import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkAll,
  checkDockerfile,
  checkDockerignore,
  IMAGES,
  type ImageSpec,
  projectNodeVersion,
} from '../../scripts/checks/dockerfiles.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const api = IMAGES[0] as ImageSpec
const nodeVersion = projectNodeVersion()
const apiDockerfile = readFileSync(path.join(ROOT, api.dockerfile), 'utf8')

describe('container images (static: no Docker engine here)', () => {
  it('every Dockerfile passes the linter and our rules, and .dockerignore is an allow-list', () => {
    expect(checkAll()).toEqual([])
  })

  // The checks must fail when a rule is broken, or the passing run above says nothing.
  it.each([
    ['a lint error (bad duration)', (t: string) => t.replace('--interval=15s', '--interval=15'), /lint: .*duration/],
    ['root user', (t: string) => t.replace('USER 1000:1000', 'USER root'), /USER is root/],
    ['a named user', (t: string) => t.replace('USER 1000:1000', 'USER node'), /numeric id/],
    ['no USER', (t: string) => t.replace(/^USER .*$/m, ''), /no USER/],
    ['no HEALTHCHECK', (t: string) => t.replace(/^HEALTHCHECK[\s\S]*?\n(?=CMD)/m, ''), /no HEALTHCHECK/],
    ['HEALTHCHECK NONE', (t: string) => t.replace(/^HEALTHCHECK[\s\S]*?\n(?=CMD)/m, 'HEALTHCHECK NONE\n'), /NONE/],
    ['one stage', (t: string) => t.slice(t.search(/^FROM \S+ AS runtime/m)), /not multi-stage/],
    ['another Node', (t: string) => t.replaceAll(`node:${nodeVersion}-`, 'node:22.22.0-'), /use Node/],
    ['a latest tag', (t: string) => t.replace(/^FROM \S+ AS runtime/m, 'FROM node:latest AS runtime'), /latest/],
    ['no tag', (t: string) => t.replace(/^FROM \S+ AS runtime/m, 'FROM node AS runtime'), /no tag/],
    ['dev dependencies', (t: string) => t.replace(' --prod --filter', ' --filter'), /without --prod/],
    ['a secret baked in', (t: string) => t.replace('ENV NODE_ENV=production', 'ENV LIVEKIT_API_SECRET=x'), /ENV/],
  ])('notices %s', (_name, breakIt, problem) => {
    const broken = breakIt(apiDockerfile)
    expect(broken).not.toBe(apiDockerfile)
    expect(checkDockerfile(broken, api, nodeVersion).join('\n')).toMatch(problem)
  })

  it('notices a .dockerignore that lets everything in', () => {
    expect(checkDockerignore('node_modules\n')).not.toEqual([])
  })

  it('the portal image serves files only, writes only to /tmp', () => {
    const config = readFileSync(path.join(ROOT, 'infra/portal/nginx.conf.template'), 'utf8')
    expect(config).not.toMatch(/proxy_pass/)
    for (const [, file] of config.matchAll(/(?:pid|_temp_path)\s+(\S+);/g)) expect(file).toMatch(/^\/tmp\//)
  })

  it('the portal image sends the same CSP and security headers as the preview server (vite.config.ts)', () => {
    const config = readFileSync(path.join(ROOT, 'infra/portal/nginx.conf.template'), 'utf8')
    const vite = readFileSync(path.join(ROOT, 'apps/portal/vite.config.ts'), 'utf8')
    const cspBlock = /const csp = \[([\s\S]*?)\]\.join\('; '\)/.exec(vite)?.[1]
    expect(cspBlock, 'the CSP list in vite.config.ts moved: update this test and the nginx config').toBeDefined()
    // The preview server's variables are the image's environment variables (infra/portal/start.sh).
    const variables: Record<string, string> = { livekitUrl: 'LIVEKIT_URL', livekitHttp: 'LIVEKIT_HTTP_URL' }
    const directives = [...(cspBlock ?? '').matchAll(/^\s*(["'`])(.*)\1,?\s*$/gm)].map((m) =>
      (m[2] ?? '').replace(/\$\{(\w+)\}/g, (_, name: string) => `\${${variables[name] ?? name}}`),
    )
    expect(directives.length).toBeGreaterThan(5)
    expect(config).toContain(`add_header Content-Security-Policy "${directives.join('; ')}" always;`)
    const headersBlock = /const securityHeaders = \{([\s\S]*?)\n\}/.exec(vite)?.[1] ?? ''
    const headers = [...headersBlock.matchAll(/'([\w-]+)': '([^']+)'/g)]
    expect(headers.length).toBeGreaterThan(1)
    for (const [, name, value] of headers) expect(config).toContain(`add_header ${name} "${value}" always;`)
  })
})
