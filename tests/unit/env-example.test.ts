import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiConfigSchema } from '../../apps/api/src/config.ts'
import { WorkerConfigSchema } from '../../apps/worker/src/config.ts'

const example = readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8')

describe('.env.example', () => {
  it.each([
    ['api', ApiConfigSchema],
    ['worker', WorkerConfigSchema],
  ])('documents every variable the %s reads', (_app, schema) => {
    for (const name of Object.keys(schema.properties)) {
      // Listed, under a comment (related variables may share one).
      expect(example, name).toMatch(new RegExp(`^# .+\\n(# .*\\n|[A-Z_]+=.*\\n)*${name}=`, 'm'))
    }
  })
})
