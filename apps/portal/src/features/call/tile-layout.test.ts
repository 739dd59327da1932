import { Track } from 'livekit-client'
import { describe, expect, it } from 'vitest'
import { arrangeTiles, initials, sharesOwnScreen, tileKey } from './tile-layout.ts'

const tile = (identity: string, source: Track.Source, isLocal = false) => ({
  source,
  participant: { identity, isLocal },
})
const me = tile('me', Track.Source.Camera, true)
const advisor = tile('advisor', Track.Source.Camera)
const interpreter = tile('interpreter', Track.Source.Camera)

describe('arrangeTiles', () => {
  it('shows the own camera alone while nobody else is there', () => {
    expect(arrangeTiles([me])).toEqual({ kind: 'solo', tiles: [me] })
  })

  it('puts the other person large and the own camera small when two talk', () => {
    expect(arrangeTiles([me, advisor])).toEqual({ kind: 'pair', main: advisor, own: me })
  })

  it('shows three or more in a grid, the own camera last', () => {
    expect(arrangeTiles([me, advisor, interpreter])).toEqual({ kind: 'grid', tiles: [advisor, interpreter, me] })
  })

  it("puts someone else's screen on the stage and the cameras in a strip", () => {
    const screen = tile('advisor', Track.Source.ScreenShare)
    expect(arrangeTiles([me, advisor, screen])).toEqual({ kind: 'focus', main: screen, strip: [me, advisor] })
  })

  it('never puts the own screen on the stage', () => {
    const ownScreen = tile('me', Track.Source.ScreenShare, true)
    expect(arrangeTiles([me, advisor, ownScreen])).toEqual({ kind: 'pair', main: advisor, own: me })
    expect(sharesOwnScreen([me, advisor, ownScreen])).toBe(true)
    expect(sharesOwnScreen([me, advisor, tile('advisor', Track.Source.ScreenShare)])).toBe(false)
  })

  it('keys a tile by participant and source', () => {
    expect(tileKey(advisor)).toBe('advisor:camera')
  })
})

describe('initials', () => {
  it('takes the first letters of the first and last word', () => {
    expect(initials('Erika Testperson')).toBe('ET')
    expect(initials('  anna maria  de la cruz ')).toBe('AC')
    expect(initials('Ömer')).toBe('Ö')
    expect(initials('')).toBe('')
  })
})
