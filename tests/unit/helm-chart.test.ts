import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'
import { Job } from 'kubernetes-models/batch/v1/Job'
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress'
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { Secret } from 'kubernetes-models/v1/Secret'
import { Service } from 'kubernetes-models/v1/Service'
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { ApiConfigSchema } from '../../apps/api/src/config.ts'
import { WorkerConfigSchema } from '../../apps/worker/src/config.ts'
import { LOGO_MAX_BYTES } from '../../packages/contracts/src/organisation.ts'

// Static checks of infra/helm/videotermin: helm lint and helm template with the value sets in
// infra/helm/ci-values/, every rendered object validated against the Kubernetes schemas that
// ship with kubernetes-models (no cluster, no schema downloads), and our own rules on top.

const ROOT = path.resolve(import.meta.dirname, '../..')
const CHART = path.join(ROOT, 'infra/helm/videotermin')
const CI_VALUES = path.join(ROOT, 'infra/helm/ci-values')
const HELM = existsSync(path.join(ROOT, '.tools/helm')) ? path.join(ROOT, '.tools/helm') : 'helm'
// A go-installed helm reports Kubernetes 1.20 to templates; say which version we target.
const KUBE_VERSION = '1.31.0'

type K8sObject = {
  apiVersion: string
  kind: string
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> }
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests are checked by the schemas, then read loosely
  spec?: any
  data?: Record<string, string>
}

// The kinds this chart may render, each with its schema. Anything else fails the test.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
}

const valueSets = readdirSync(CI_VALUES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))

function helm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(HELM, args, { encoding: 'utf8', timeout: 30_000 })
  if (result.error) throw new Error(`cannot run ${HELM} (./run installs it): ${result.error.message}`)
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

// helm refuses to render a chart whose declared dependency is missing from charts/, even when
// its condition is off, and the livekit-server chart cannot be downloaded here. A disabled
// dependency renders nothing, so the chart without the declaration renders the same objects;
// every CI value set keeps livekit.enabled false (checked below).
let renderable: string
beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'videotermin-chart-'))
  renderable = path.join(dir, 'videotermin')
  cpSync(CHART, renderable, { recursive: true })
  const chart = parse(readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8'))
  delete chart.dependencies
  writeFileSync(path.join(renderable, 'Chart.yaml'), JSON.stringify(chart))
})
afterAll(() => rmSync(path.dirname(renderable), { recursive: true, force: true }))

function template(args: string[]) {
  return helm(['template', 'vt', renderable, '--namespace', 'videotermin', '--kube-version', KUBE_VERSION, ...args])
}

const rendered = new Map<string, K8sObject[]>()
function render(valueSet: string): K8sObject[] {
  const cached = rendered.get(valueSet)
  if (cached) return cached
  const result = template(['-f', path.join(CI_VALUES, `${valueSet}.yaml`)])
  if (result.status !== 0) throw new Error(`helm template with ${valueSet}.yaml failed:\n${result.stderr}`)
  const objects = parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null)
  rendered.set(valueSet, objects)
  return objects
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind)
const named = (objects: K8sObject[], kind: string, suffix: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name.endsWith(suffix))
  if (!found) throw new Error(`no ${kind} named …${suffix}`)
  return found
}
const podSpecs = (objects: K8sObject[]) =>
  objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({
      name: `${o.kind}/${o.metadata.name}`,
      pod: o.spec.template.spec,
      labels: o.spec.template.metadata.labels,
    }))

describe('Helm chart (helm lint, helm template, Kubernetes schemas)', () => {
  it('has the CI value sets', () => {
    expect(valueSets).toEqual(expect.arrayContaining(['minimal', 'production', 'external-livekit']))
  })

  it('declares LiveKit as an optional dependency, off in every CI value set', () => {
    const chart = parse(readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8'))
    expect(chart.dependencies).toEqual([
      expect.objectContaining({
        name: 'livekit-server',
        repository: 'https://helm.livekit.io',
        condition: 'livekit.enabled',
      }),
    ])
    expect(parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')).livekit.enabled).toBe(false)
    for (const set of valueSets) {
      const values = parse(readFileSync(path.join(CI_VALUES, `${set}.yaml`), 'utf8'))
      expect(values.livekit?.enabled ?? false, set).toBe(false)
    }
  })

  it.each(valueSets)('helm lint --strict passes with %s.yaml', (set) => {
    const result = helm(['lint', '--strict', renderable, '-f', path.join(CI_VALUES, `${set}.yaml`)])
    expect(result.status, result.stdout + result.stderr).toBe(0)
  })

  it('helm lint of the chart as it is warns only about the dependency not downloaded here', () => {
    const result = helm(['lint', CHART, '-f', path.join(CI_VALUES, 'minimal.yaml')])
    expect(result.status, result.stdout + result.stderr).toBe(0)
    const warnings = result.stdout.split('\n').filter((l) => /^\[(WARNING|ERROR)\]/.test(l))
    expect(warnings).toEqual([expect.stringContaining('missing these dependencies: livekit-server')])
  })

  describe.each(valueSets)('rendered with %s.yaml', (set) => {
    it('every object is a known kind and valid against its Kubernetes schema', () => {
      const objects = render(set)
      expect(objects.length).toBeGreaterThan(5)
      for (const object of objects) {
        const Model = MODELS[`${object.apiVersion}/${object.kind}`]
        if (!Model) throw new Error(`unknown kind ${object.apiVersion}/${object.kind} (${object.metadata?.name})`)
        expect(() => new Model(object as never).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow()
      }
    })

    it('every pod runs non-root, read-only, without capabilities, with RuntimeDefault seccomp and /tmp', () => {
      const pods = podSpecs(render(set))
      expect(pods.length).toBeGreaterThanOrEqual(3)
      for (const { name, pod } of pods) {
        expect(pod.securityContext?.runAsNonRoot, name).toBe(true)
        expect(pod.securityContext?.runAsUser, name).toBeGreaterThan(0)
        expect(pod.securityContext?.seccompProfile?.type, name).toBe('RuntimeDefault')
        expect(pod.automountServiceAccountToken, name).toBe(false)
        expect(pod.hostNetwork ?? false, name).toBe(false)
        expect(pod.hostPID ?? false, name).toBe(false)
        expect(
          (pod.volumes ?? []).filter((v: { hostPath?: unknown }) => v.hostPath),
          name,
        ).toEqual([])
        const tmp = (pod.volumes ?? []).find((v: { name: string }) => v.name === 'tmp')
        expect(tmp?.emptyDir, name).toBeDefined()
        for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
          const where = `${name} ${container.name}`
          const sc = container.securityContext ?? {}
          expect(sc.readOnlyRootFilesystem, where).toBe(true)
          expect(sc.allowPrivilegeEscalation, where).toBe(false)
          expect(sc.privileged ?? false, where).toBe(false)
          expect(sc.capabilities?.drop, where).toContain('ALL')
          expect(sc.capabilities?.add ?? [], where).toEqual([])
          expect(sc.runAsUser ?? pod.securityContext.runAsUser, where).not.toBe(0)
          expect(container.volumeMounts, where).toContainEqual({ name: 'tmp', mountPath: '/tmp' })
          expect(container.resources?.requests?.memory, where).toBeDefined()
          expect(container.resources?.limits?.memory, where).toBeDefined()
          expect(container.image, where).toMatch(/:[A-Za-z0-9_][A-Za-z0-9_.-]*$/)
          expect(container.image, where).not.toMatch(/:latest$/)
        }
      }
    })

    it('deploys nothing that records: no egress or recording service, image or name', () => {
      for (const object of render(set)) {
        expect(object.metadata.name).not.toMatch(/egress|record/i)
      }
      for (const { name, pod } of podSpecs(render(set))) {
        for (const container of pod.containers) {
          expect(`${container.name} ${container.image}`, name).not.toMatch(/egress|record/i)
        }
      }
    })

    it('references hold: Services select pods, Ingress and NetworkPolicies name ports that exist', () => {
      const objects = render(set)
      const pods = podSpecs(objects)
      const portsOf = (labels: Record<string, string>) =>
        pods
          .filter((p) => Object.entries(labels).every(([k, v]) => p.labels[k] === v))
          .flatMap((p) => p.pod.containers.flatMap((c: { ports?: { name: string }[] }) => c.ports ?? []))
          .map((p: { name: string }) => p.name)
      for (const service of ofKind(objects, 'Service')) {
        const ports = portsOf(service.spec.selector)
        expect(ports.length, service.metadata.name).toBeGreaterThan(0)
        for (const port of service.spec.ports) expect(ports, service.metadata.name).toContain(port.targetPort)
      }
      for (const ingress of ofKind(objects, 'Ingress')) {
        for (const rule of ingress.spec.rules) {
          for (const { backend } of rule.http.paths) {
            const service = named(objects, 'Service', backend.service.name)
            expect(service.spec.ports.map((p: { name: string }) => p.name)).toContain(backend.service.port.name)
          }
        }
      }
      for (const policy of ofKind(objects, 'NetworkPolicy')) {
        const ports = portsOf(policy.spec.podSelector.matchLabels)
        for (const rule of policy.spec.ingress ?? []) {
          for (const port of rule.ports ?? []) expect(ports, policy.metadata.name).toContain(port.port)
        }
      }
      for (const budget of ofKind(objects, 'PodDisruptionBudget')) {
        const labels: Record<string, string> = budget.spec.selector.matchLabels
        const selected = pods.filter((p) => Object.entries(labels).every(([k, v]) => p.labels[k] === v))
        expect(selected.length, budget.metadata.name).toBeGreaterThan(0)
      }
    })
  })

  it('every variable api and worker read can be set (production.yaml sets them all)', () => {
    const objects = render('production')
    const config = named(objects, 'ConfigMap', '-config')
    const envOf = (suffix: string) => {
      const container = named(objects, 'Deployment', suffix).spec.template.spec.containers[0]
      const names = new Set<string>((container.env ?? []).map((e: { name: string }) => e.name))
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef?.name === config.metadata.name)
          for (const key of Object.keys(config.data ?? {})) names.add(key)
      }
      return names
    }
    const api = envOf('-api')
    for (const name of Object.keys(ApiConfigSchema.properties)) expect(api, `api: ${name}`).toContain(name)
    const worker = envOf('-worker')
    for (const name of Object.keys(WorkerConfigSchema.properties)) expect(worker, `worker: ${name}`).toContain(name)
    expect(config.data?.LIVEKIT_URL).toBe('wss://livekit.stadt.example')
    expect(config.data?.OIDC_ROLE_CLAIM).toBe('realm_access.roles')
  })

  it('the minimal set makes the Secret; the migration Job reads DATABASE_URL from a hook Secret made before it', () => {
    const objects = render('minimal')
    const secret = named(objects, 'Secret', '-secrets')
    expect(Object.keys((secret as { stringData?: object }).stringData ?? {}).sort()).toEqual(
      ['DATABASE_URL', 'LINK_ENCRYPTION_KEY', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET', 'REDIS_URL', 'SMTP_URL'].sort(),
    )
    const job = named(objects, 'Job', '-migrations')
    const hookSecret = named(objects, 'Secret', '-migrations')
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade')
    expect(hookSecret.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade')
    expect(Number(hookSecret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
      Number(job.metadata.annotations?.['helm.sh/hook-weight']),
    )
    const container = job.spec.template.spec.containers[0]
    expect(container.command).toEqual(['node', 'packages/db/src/migrate.cli.ts'])
    expect(container.image).toBe(named(objects, 'Deployment', '-api').spec.template.spec.containers[0].image)
    expect(container.env).toContainEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: hookSecret.metadata.name, key: 'DATABASE_URL' } },
    })
    expect(job.spec.template.spec.restartPolicy).toBe('Never')
  })

  it('with existingSecret the chart makes no Secret and every secret variable comes from the one named', () => {
    const objects = render('production')
    expect(ofKind(objects, 'Secret')).toEqual([])
    for (const kind of ['Deployment', 'Job']) {
      for (const object of ofKind(objects, kind)) {
        for (const env of object.spec.template.spec.containers[0].env ?? []) {
          if (env.valueFrom?.secretKeyRef) expect(env.valueFrom.secretKeyRef.name).toBe('videotermin-secrets')
        }
      }
    }
  })

  it('the Ingress sends /api and the links to the api, the rest to the portal, and keeps SSE streaming', () => {
    const objects = render('production')
    const ingress = named(objects, 'Ingress', 'vt-videotermin')
    const [rule] = ingress.spec.rules
    expect(rule.host).toBe('termin.stadt.example')
    const routes = Object.fromEntries(
      rule.http.paths.map((p: { path: string; backend: { service: { name: string } } }) => [
        p.path,
        p.backend.service.name,
      ]),
    )
    expect(routes).toEqual({
      '/api': 'vt-videotermin-api',
      '/t': 'vt-videotermin-api',
      '/h': 'vt-videotermin-api',
      '/': 'vt-videotermin-portal',
    })
    const annotations = ingress.metadata.annotations ?? {}
    expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off')
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600)
    expect(annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt')
    // The largest body the api accepts (an organisation's logo) must get through.
    const [, size, unit] = /^(\d+)([km]?)$/.exec(annotations['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '') ?? []
    expect(Number(size) * ({ k: 1024, m: 1024 ** 2 }[unit ?? ''] ?? 1)).toBeGreaterThanOrEqual(LOGO_MAX_BYTES)
    expect(ingress.spec.tls).toEqual([{ hosts: ['termin.stadt.example'], secretName: 'termin-stadt-example-tls' }])
  })

  it('api: /healthz for liveness, /readyz for readiness; autoscaled api and worker leave replicas to the HPA', () => {
    const objects = render('production')
    const api = named(objects, 'Deployment', '-api')
    const container = api.spec.template.spec.containers[0]
    expect(container.livenessProbe.httpGet.path).toBe('/healthz')
    expect(container.readinessProbe.httpGet.path).toBe('/readyz')
    const worker = named(objects, 'Deployment', '-worker')
    expect(worker.spec.template.spec.containers[0].livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' })
    for (const deployment of [api, worker]) {
      expect(deployment.spec.replicas).toBeUndefined()
      const hpa = named(objects, 'HorizontalPodAutoscaler', deployment.metadata.name)
      expect(hpa.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deployment.metadata.name,
      })
    }
    expect(ofKind(render('minimal'), 'HorizontalPodAutoscaler')).toEqual([])
  })

  it("runs each image as its Dockerfile's USER, on the ports it EXPOSEs", () => {
    const objects = render('minimal')
    const images = { api: 'apps/api/Dockerfile', worker: 'apps/worker/Dockerfile', portal: 'apps/portal/Dockerfile' }
    for (const [app, dockerfile] of Object.entries(images)) {
      const text = readFileSync(path.join(ROOT, dockerfile), 'utf8')
      const runtime = text.slice(text.search(/^FROM \S+ AS runtime/m))
      const user = Number(/^USER (\d+)/m.exec(runtime)?.[1])
      const exposed = (/^EXPOSE (.+)$/m.exec(runtime)?.[1] ?? '').split(/\s+/).map(Number)
      const pod = named(objects, 'Deployment', `-${app}`).spec.template.spec
      expect(pod.securityContext.runAsUser, app).toBe(user)
      const ports = pod.containers[0].ports.map((p: { containerPort: number }) => p.containerPort)
      expect(ports.sort(), app).toEqual(exposed.sort())
    }
    const migrations = named(objects, 'Job', '-migrations').spec.template.spec
    expect(migrations.securityContext.runAsUser).toBe(
      named(objects, 'Deployment', '-api').spec.template.spec.securityContext.runAsUser,
    )
  })

  describe('values.schema.json rejects wrong values', () => {
    const minimal = ['-f', path.join(CI_VALUES, 'minimal.yaml')]
    it.each([
      ['a number as text', ['--set-string', 'api.replicaCount=two'], /replicaCount/],
      ['an unknown top-level key', ['--set', 'replicas=2'], /additional properties 'replicas' not allowed|replicas/],
      ['an unknown nested key', ['--set', 'api.replica=2'], /replica/],
      ['no publicUrl', ['--set', 'publicUrl=null'], /publicUrl/],
      ['a publicUrl with a path', ['--set', 'publicUrl=https://termin.example.org/app'], /publicUrl/],
      ['a LiveKit URL that is not ws(s)', ['--set', 'livekit.url=https://livekit.example.org'], /url/],
      ['a latest image tag', ['--set', 'image.tag=latest'], /tag/],
      ['an unknown log level', ['--set', 'logLevel=verbose'], /logLevel/],
      ['a short LiveKit secret', ['--set', 'secrets.livekitApiSecret=short'], /livekitApiSecret/],
    ])('%s', (_name, args, mentions) => {
      const result = template([...minimal, ...args])
      expect(result.status).not.toBe(0)
      expect(result.stderr).toMatch(/schema/)
      expect(result.stderr).toMatch(mentions)
    })

    it('and the templates insist on the secrets unless existingSecret is set', () => {
      const result = template([...minimal, '--set', 'secrets.databaseUrl='])
      expect(result.status).not.toBe(0)
      expect(result.stderr).toMatch(/secrets\.databaseUrl is required/)
      expect(
        template([...minimal, '--set', 'secrets.databaseUrl=', '--set', 'secrets.existingSecret=mine']).status,
      ).toBe(0)
    })
  })

  it('helm is the pinned version', () => {
    const tools = readFileSync(path.join(ROOT, 'scripts/tools.sh'), 'utf8')
    const pinned = /^HELM_VERSION=v(\d+\.\d+)\.\d+$/m.exec(tools)?.[1]
    expect(pinned).toBeDefined()
    // go install leaves the patch level out of helm's own version string.
    expect(execFileSync(HELM, ['version', '--short'], { encoding: 'utf8' })).toContain(`v${pinned}`)
  })
})
