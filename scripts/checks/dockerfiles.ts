// Static checks of the container images (no Docker engine here): each Dockerfile goes through
// dockerfile-utils' linter (the Docker builder's own rules: syntax, flags, durations, stage
// names, …) and then through our rules, read from dockerfile-ast's syntax tree.
// `node scripts/checks/dockerfiles.ts` prints the problems and exits 1 if there are any;
// tests/unit/container-images.test.ts runs the same checks in the test command.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DockerfileParser, type From, type Instruction } from 'dockerfile-ast'
import { validate } from 'dockerfile-utils'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface ImageSpec {
  /** Path from the repository root. */
  dockerfile: string
  /** Image the final stage must be based on (name without tag). */
  runtimeImage: string
  /** Whether dependencies are installed for production only (an image that runs Node). */
  productionDependencies: boolean
}

export const IMAGES: ImageSpec[] = [
  { dockerfile: 'apps/api/Dockerfile', runtimeImage: 'node', productionDependencies: true },
  { dockerfile: 'apps/worker/Dockerfile', runtimeImage: 'node', productionDependencies: true },
  { dockerfile: 'apps/portal/Dockerfile', runtimeImage: 'nginxinc/nginx-unprivileged', productionDependencies: false },
]

/** The Node version the project runs on (scripts/tools.sh); the images must use the same. */
export function projectNodeVersion(root = ROOT): string {
  const match = /^NODE_VERSION=(\S+)$/m.exec(readFileSync(path.join(root, 'scripts/tools.sh'), 'utf8'))
  if (!match?.[1]) throw new Error('NODE_VERSION not found in scripts/tools.sh')
  return match[1]
}

interface Stage {
  from: From
  instructions: Instruction[]
}

function stagesOf(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = []
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') stages.push({ from: instruction as From, instructions: [] })
    else stages.at(-1)?.instructions.push(instruction)
  }
  return stages
}

const flag = (instruction: Instruction, name: string): string | undefined => {
  const flags =
    'getFlags' in instruction
      ? (instruction as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags()
      : []
  return flags.find((f) => f.getName() === name)?.getValue() ?? undefined
}

/** Problems in one Dockerfile's text, each with its 1-based line; empty when it passes. */
export function checkDockerfile(text: string, spec: ImageSpec, nodeVersion: string): string[] {
  const problems: string[] = []
  const at = (line: number, message: string) => problems.push(`${spec.dockerfile}:${line + 1}: ${message}`)

  for (const diagnostic of validate(text)) at(diagnostic.range.start.line, `lint: ${diagnostic.message}`)

  const dockerfile = DockerfileParser.parse(text)
  const stages = stagesOf(dockerfile.getInstructions())
  if (stages.length < 2) at(0, 'not multi-stage: build in one stage, copy only the result into the runtime stage')
  const stageNames = new Set(stages.map((s) => s.from.getBuildStage()).filter((n): n is string => n !== null))

  let usesProjectNode = false
  for (const { from } of stages) {
    const line = from.getRange().start.line
    const image = from.getImageName()
    if (!image) {
      at(line, 'FROM without an image')
      continue
    }
    if (stageNames.has(image)) continue
    const tag = from.getImageTag()
    if (!tag && !from.getImageDigest()) at(line, `${image} has no tag: name a version`)
    if (tag === 'latest') at(line, `${image}:latest: name a version`)
    if (image === 'node' || image === 'library/node') {
      if (tag?.startsWith(`${nodeVersion}-`) || tag === nodeVersion) usesProjectNode = true
      else at(line, `node:${tag}: use Node ${nodeVersion} like the project (scripts/tools.sh)`)
      if (tag && !/slim|alpine|distroless/.test(tag)) at(line, `node:${tag}: use a slim variant`)
    }
  }
  if (!usesProjectNode) at(0, `no stage is based on node:${nodeVersion}`)

  const final = stages.at(-1)
  if (!final) return problems
  const finalLine = final.from.getRange().start.line
  if (final.from.getImageName() !== spec.runtimeImage) {
    at(finalLine, `the runtime stage must be based on ${spec.runtimeImage}, not ${final.from.getImageName()}`)
  }
  const keyword = (k: string) => final.instructions.filter((i) => i.getKeyword() === k)

  if (!final.instructions.some((i) => i.getKeyword() === 'COPY' && flag(i, 'from'))) {
    at(finalLine, 'the runtime stage copies nothing from a build stage (COPY --from=…)')
  }

  // Kubernetes can only enforce runAsNonRoot for a numeric user.
  const user = keyword('USER').at(-1)
  const userName = user?.getArgumentsContent()?.split(':')[0]?.trim()
  if (!user || !userName) at(finalLine, 'the runtime stage sets no USER: it would run as root')
  else if (userName === 'root' || userName === '0') at(user.getRange().start.line, 'USER is root')
  else if (!/^\d+$/.test(userName)) at(user.getRange().start.line, `USER ${userName}: use the numeric id`)

  const healthcheck = keyword('HEALTHCHECK').at(-1)
  if (!healthcheck) at(finalLine, 'the runtime stage has no HEALTHCHECK')
  else if (/^NONE\b/i.test(healthcheck.getArgumentsContent() ?? ''))
    at(healthcheck.getRange().start.line, 'HEALTHCHECK NONE')

  if (keyword('CMD').length === 0 && keyword('ENTRYPOINT').length === 0) at(finalLine, 'no CMD or ENTRYPOINT')

  // Secrets come from the environment at run time, never from the image.
  for (const env of keyword('ENV')) {
    for (const name of (env.getArgumentsContent() ?? '').matchAll(/(?:^|\s)([A-Z_][A-Z0-9_]*)=/g)) {
      if (/SECRET|PASSWORD|TOKEN|_KEY$|_URL$/.test(name[1] ?? ''))
        at(env.getRange().start.line, `ENV ${name[1]} in the image`)
    }
  }
  for (const add of stages.flatMap((s) => s.instructions.filter((i) => i.getKeyword() === 'ADD'))) {
    at(add.getRange().start.line, 'ADD: use COPY (ADD fetches URLs and unpacks archives)')
  }

  for (const stage of stages) {
    for (const run of stage.instructions.filter((i) => i.getKeyword() === 'RUN')) {
      const command = run.getArgumentsContent() ?? ''
      if (!/\bpnpm install\b/.test(command)) continue
      const line = run.getRange().start.line
      if (!command.includes('--frozen-lockfile')) at(line, 'pnpm install without --frozen-lockfile')
      if (spec.productionDependencies && !command.includes('--prod')) at(line, 'pnpm install without --prod')
    }
  }
  return problems
}

/** Patterns .dockerignore must contain, so no local secret or state reaches a build context. */
export const REQUIRED_DOCKERIGNORE = ['**/node_modules', '**/.env']

export function checkDockerignore(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim())
  const problems = REQUIRED_DOCKERIGNORE.filter((p) => !lines.includes(p)).map((p) => `.dockerignore: add ${p}`)
  // Allow-list: everything is excluded first, then only what the builds need comes back.
  if (lines.find((l) => l && !l.startsWith('#')) !== '*') problems.push('.dockerignore: start with * and allow-list')
  for (const needed of ['!apps/', '!packages/', '!pnpm-lock.yaml']) {
    if (!lines.includes(needed)) problems.push(`.dockerignore: ${needed} is needed by the builds`)
  }
  return problems
}

/** Every problem of every image and of .dockerignore. */
export function checkAll(root = ROOT): string[] {
  const nodeVersion = projectNodeVersion(root)
  return [
    ...IMAGES.flatMap((spec) =>
      checkDockerfile(readFileSync(path.join(root, spec.dockerfile), 'utf8'), spec, nodeVersion),
    ),
    ...checkDockerignore(readFileSync(path.join(root, '.dockerignore'), 'utf8')),
  ]
}

if (import.meta.main) {
  const problems = checkAll()
  for (const problem of problems) process.stderr.write(`${problem}\n`)
  process.stdout.write(problems.length ? `${problems.length} problem(s)\n` : `${IMAGES.length} Dockerfiles OK\n`)
  process.exitCode = problems.length ? 1 : 0
}
