import { useEffect, useState } from 'react'
import { acquireMedia, browserPermission, type DeviceState } from './acquireMedia.ts'

/** asking: the browser prompt may be open; blocked: the microphone was refused (without it no call). */
export type MediaPhase = 'asking' | 'ready' | 'blocked'

export interface MediaPermission {
  phase: MediaPhase
  stream: MediaStream | null
  camera: DeviceState
  microphone: DeviceState
}

const ASKING: MediaPermission = { phase: 'asking', stream: null, camera: 'ok', microphone: 'ok' }

/**
 * Asks for camera and microphone once on mount and owns the tracks: they stop on unmount
 * (also when the answer comes after the unmount). Remount to ask again.
 */
export function useMediaPermission(): MediaPermission {
  const [state, setState] = useState<MediaPermission>(ASKING)

  useEffect(() => {
    let active = true
    let tracks: MediaStreamTrack[] = []
    const mediaDevices = navigator.mediaDevices as MediaDevices | undefined
    void acquireMedia({
      getUserMedia: mediaDevices?.getUserMedia ? (c) => mediaDevices.getUserMedia(c) : undefined,
      permission: browserPermission,
    }).then((media) => {
      tracks = media.tracks
      if (!active) {
        for (const track of tracks) track.stop()
        return
      }
      setState({
        phase: media.microphone === 'blocked' ? 'blocked' : 'ready',
        stream: tracks.length ? new MediaStream(tracks) : null,
        camera: media.camera,
        microphone: media.microphone,
      })
    })
    return () => {
      active = false
      for (const track of tracks) track.stop()
    }
  }, [])

  return state
}
