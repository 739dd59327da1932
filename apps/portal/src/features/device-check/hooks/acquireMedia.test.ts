import { describe, expect, it } from 'vitest'
import { acquireMedia, deviceStateOf, type MediaEnvironment } from './acquireMedia.ts'

const track = (kind: 'audio' | 'video') => ({ kind }) as MediaStreamTrack
const stream = (...tracks: MediaStreamTrack[]) =>
  ({
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  }) as MediaStream
const fail = (name: string) => Promise.reject(new DOMException('no', name))

/** A browser with the given devices; `blocked` devices are refused, `busy` ones in use by another program. */
function browser(opts: {
  devices: ('audio' | 'video')[]
  blocked?: ('audio' | 'video')[]
  busy?: ('audio' | 'video')[]
  permission?: Partial<Record<'camera' | 'microphone', PermissionState | 'unknown'>>
}) {
  const calls: string[] = []
  const env: MediaEnvironment = {
    getUserMedia: (constraints) => {
      const kinds = (['audio', 'video'] as const).filter((k) => constraints[k])
      calls.push(kinds.join('+'))
      if (kinds.some((k) => opts.blocked?.includes(k))) return fail('NotAllowedError')
      if (kinds.some((k) => !opts.devices.includes(k))) return fail('NotFoundError')
      if (kinds.some((k) => opts.busy?.includes(k))) return fail('NotReadableError')
      return Promise.resolve(stream(...kinds.map(track)))
    },
    permission: async (name) => opts.permission?.[name] ?? 'unknown',
  }
  return { env, calls }
}

describe('deviceStateOf', () => {
  it.each([
    ['NotAllowedError', 'blocked'],
    ['SecurityError', 'blocked'],
    ['NotFoundError', 'missing'],
    ['OverconstrainedError', 'missing'],
    ['NotReadableError', 'in-use'],
    ['AbortError', 'in-use'],
    ['TypeError', 'unsupported'],
    ['SomethingElse', 'error'],
  ])('%s → %s', (name, state) => expect(deviceStateOf(new DOMException('x', name))).toBe(state))

  it('knows a plain TypeError and unknown values', () => {
    expect(deviceStateOf(new TypeError('x'))).toBe('unsupported')
    expect(deviceStateOf('weird')).toBe('error')
  })
})

describe('acquireMedia', () => {
  it('asks once when both devices work', async () => {
    const { env, calls } = browser({ devices: ['audio', 'video'] })
    const media = await acquireMedia(env)
    expect(media).toMatchObject({ camera: 'ok', microphone: 'ok' })
    expect(media.tracks).toHaveLength(2)
    expect(calls).toEqual(['audio+video'])
  })

  it('continues with sound only when there is no camera', async () => {
    const { env } = browser({ devices: ['audio'] })
    const media = await acquireMedia(env)
    expect(media).toMatchObject({ camera: 'missing', microphone: 'ok' })
    expect(media.tracks.map((t) => t.kind)).toEqual(['audio'])
  })

  it('reports a missing microphone but keeps the camera', async () => {
    const { env } = browser({ devices: ['video'] })
    expect(await acquireMedia(env)).toMatchObject({ camera: 'ok', microphone: 'missing' })
  })

  it('reports a camera used by another program and keeps the microphone', async () => {
    const { env } = browser({ devices: ['audio', 'video'], busy: ['video'] })
    expect(await acquireMedia(env)).toMatchObject({ camera: 'in-use', microphone: 'ok' })
  })

  it('does not ask again after a refusal when the browser cannot tell which device was refused', async () => {
    const { env, calls } = browser({ devices: ['audio', 'video'], blocked: ['audio', 'video'] })
    expect(await acquireMedia(env)).toEqual({ tracks: [], camera: 'blocked', microphone: 'blocked' })
    expect(calls).toEqual(['audio+video'])
  })

  it('does not ask again when both are denied', async () => {
    const { env, calls } = browser({
      devices: ['audio', 'video'],
      blocked: ['audio', 'video'],
      permission: { camera: 'denied', microphone: 'denied' },
    })
    expect(await acquireMedia(env)).toMatchObject({ camera: 'blocked', microphone: 'blocked' })
    expect(calls).toEqual(['audio+video'])
  })

  it('keeps the microphone when only the camera is blocked', async () => {
    const { env, calls } = browser({
      devices: ['audio', 'video'],
      blocked: ['video'],
      permission: { camera: 'denied', microphone: 'granted' },
    })
    expect(await acquireMedia(env)).toMatchObject({ camera: 'blocked', microphone: 'ok' })
    expect(calls).toEqual(['audio+video', 'audio'])
  })

  it('keeps the camera when only the microphone is blocked', async () => {
    const { env } = browser({
      devices: ['audio', 'video'],
      blocked: ['audio'],
      permission: { camera: 'prompt', microphone: 'denied' },
    })
    expect(await acquireMedia(env)).toMatchObject({ camera: 'ok', microphone: 'blocked' })
  })

  it('says unsupported without getUserMedia', async () => {
    expect(await acquireMedia({ permission: async () => 'unknown' })).toEqual({
      tracks: [],
      camera: 'unsupported',
      microphone: 'unsupported',
    })
  })
})
