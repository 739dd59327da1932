import { Track } from 'livekit-client'

/** What the layout needs to know about a tile: whose it is and what it shows. */
export interface TileRef {
  source: Track.Source
  participant: { identity: string; isLocal: boolean }
}

export type Arrangement<T extends TileRef> =
  /** Nobody else is here: the own camera alone. */
  | { kind: 'solo'; tiles: T[] }
  /** One other person: their camera large, the own camera small in a corner. */
  | { kind: 'pair'; main: T; own: T }
  /** Three or more cameras of equal size. */
  | { kind: 'grid'; tiles: T[] }
  /** Someone else shares a screen: it takes the stage, the cameras go to a strip. */
  | { kind: 'focus'; main: T; strip: T[] }

/**
 * Decides what the stage shows. The own screen share is never put on the stage: seeing it
 * mirrored helps nobody (the person sharing gets a notice instead).
 */
export function arrangeTiles<T extends TileRef>(refs: readonly T[]): Arrangement<T> {
  const cameras = refs.filter((ref) => ref.source === Track.Source.Camera)
  const remoteScreens = refs.filter((ref) => ref.source === Track.Source.ScreenShare && !ref.participant.isLocal)
  const [screen, ...otherScreens] = remoteScreens
  if (screen) return { kind: 'focus', main: screen, strip: [...otherScreens, ...cameras] }

  const own = cameras.find((ref) => ref.participant.isLocal)
  const others = cameras.filter((ref) => !ref.participant.isLocal)
  const [other] = others
  if (own && other && others.length === 1) return { kind: 'pair', main: other, own }
  if (others.length === 0) return { kind: 'solo', tiles: cameras }
  // Others first, the own camera last: the people one talks to get the prominent places.
  return { kind: 'grid', tiles: own ? [...others, own] : others }
}

/** Whether the local participant currently shares a screen. */
export function sharesOwnScreen(refs: readonly TileRef[]): boolean {
  return refs.some((ref) => ref.source === Track.Source.ScreenShare && ref.participant.isLocal)
}

/** A stable key for a tile. */
export function tileKey(ref: TileRef): string {
  return `${ref.participant.identity}:${ref.source}`
}

/** Up to two initials for a placeholder when the camera is off ("Erika Testperson" → "ET"). */
export function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => Array.from(word)[0] ?? '')
  if (letters.length === 0) return ''
  const first = letters[0] ?? ''
  const last = letters.length > 1 ? (letters[letters.length - 1] ?? '') : ''
  return (first + last).toLocaleUpperCase()
}
