/** What became of one device when we asked for it. */
export type DeviceState = 'ok' | 'missing' | 'blocked' | 'in-use' | 'unsupported' | 'error'

export interface AcquiredMedia {
  /** The live tracks we got (at most one audio and one video track). */
  tracks: MediaStreamTrack[]
  camera: DeviceState
  microphone: DeviceState
}

export interface MediaEnvironment {
  /** `navigator.mediaDevices.getUserMedia`, absent in old browsers and on insecure pages. */
  getUserMedia?: ((constraints: MediaStreamConstraints) => Promise<MediaStream>) | undefined
  /** The Permissions API's answer for one device; `unknown` where the browser cannot say. */
  permission: (name: 'camera' | 'microphone') => Promise<PermissionState | 'unknown'>
}

/** Video for the preview: the front camera on phones; the rest as the browser likes. */
export const VIDEO_CONSTRAINTS: MediaTrackConstraints = { facingMode: 'user' }
/** The same audio processing the call uses (livekit-client's defaults). */
export const AUDIO_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
}

/** Sorts a getUserMedia failure into what we tell the citizen. Names per the Media Capture spec, plus old Chrome's. */
export function deviceStateOf(error: unknown): Exclude<DeviceState, 'ok'> {
  const name = error instanceof Error || error instanceof DOMException ? error.name : ''
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'blocked'
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing'
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in-use'
    case 'TypeError':
    case 'NotSupportedError':
      return 'unsupported'
    default:
      return 'error'
  }
}

/**
 * Asks for camera and microphone together (one browser prompt). When that fails, finds out
 * per device what is wrong, so a missing or busy camera still lets the citizen continue with
 * sound only. After a refusal it asks again only for a device the Permissions API does not
 * report as denied, so the citizen never sees a second prompt right after saying no.
 */
export async function acquireMedia(env: MediaEnvironment): Promise<AcquiredMedia> {
  const getUserMedia = env.getUserMedia
  if (!getUserMedia) return { tracks: [], camera: 'unsupported', microphone: 'unsupported' }

  try {
    const stream = await getUserMedia({ audio: AUDIO_CONSTRAINTS, video: VIDEO_CONSTRAINTS })
    return {
      tracks: stream.getTracks(),
      camera: stream.getVideoTracks().length > 0 ? 'ok' : 'missing',
      microphone: stream.getAudioTracks().length > 0 ? 'ok' : 'missing',
    }
  } catch (error) {
    const both = deviceStateOf(error)
    if (both === 'unsupported') return { tracks: [], camera: 'unsupported', microphone: 'unsupported' }

    let askCamera = true
    let askMicrophone = true
    if (both === 'blocked') {
      const [camera, microphone] = await Promise.all([
        env.permission('camera').catch(() => 'unknown' as const),
        env.permission('microphone').catch(() => 'unknown' as const),
      ])
      // Only one of them refused? Then the other may still work. Otherwise: both blocked.
      askCamera = camera !== 'denied' && microphone === 'denied'
      askMicrophone = microphone !== 'denied' && camera === 'denied'
      if (!askCamera && !askMicrophone) return { tracks: [], camera: 'blocked', microphone: 'blocked' }
    }

    const one = async (kind: 'audio' | 'video', ask: boolean) => {
      if (!ask) return { state: 'blocked' as DeviceState, tracks: [] as MediaStreamTrack[] }
      try {
        const stream = await getUserMedia(
          kind === 'audio' ? { audio: AUDIO_CONSTRAINTS } : { video: VIDEO_CONSTRAINTS },
        )
        return { state: 'ok' as DeviceState, tracks: stream.getTracks() }
      } catch (single) {
        return { state: deviceStateOf(single) as DeviceState, tracks: [] as MediaStreamTrack[] }
      }
    }
    // One after the other: browsers show one prompt at a time.
    const microphone = await one('audio', askMicrophone)
    const camera = await one('video', askCamera)
    return {
      tracks: [...microphone.tracks, ...camera.tracks],
      camera: camera.state,
      microphone: microphone.state,
    }
  }
}

/** The Permissions API for camera/microphone, where the browser has it (Firefox only recently, some throw). */
export async function browserPermission(name: 'camera' | 'microphone'): Promise<PermissionState | 'unknown'> {
  try {
    const status = await navigator.permissions?.query({ name: name as PermissionName })
    return status?.state ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
