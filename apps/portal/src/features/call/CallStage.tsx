import {
  isTrackReference,
  ParticipantTile,
  type TrackReferenceOrPlaceholder,
  useConnectionQualityIndicator,
  useEnsureTrackRef,
  useIsMuted,
  useParticipantInfo,
  useTracks,
  VideoTrack,
} from '@livekit/components-react'
import { ConnectionQuality, type Participant, Track } from 'livekit-client'
import type { ReactNode } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import { qualityMessage } from './call-status.ts'
import { MicrophoneIcon, QualityBars } from './icons.tsx'
import { arrangeTiles, initials, sharesOwnScreen, tileKey } from './tile-layout.ts'

const SOURCES = [
  { source: Track.Source.Camera, withPlaceholder: true },
  { source: Track.Source.ScreenShare, withPlaceholder: false },
]

/** The videos: one layout for one, two, several people, and for a shared screen. */
export function CallStage({ children }: { children?: ReactNode }) {
  const { t } = useI18n()
  const tracks = useTracks(SOURCES, { onlySubscribed: false })
  const arrangement = arrangeTiles(tracks)
  const sharing = sharesOwnScreen(tracks)

  return (
    <section className="incall-stage" aria-label={t('call.videos')} data-layout={arrangement.kind}>
      {arrangement.kind === 'pair' && (
        <>
          <Tile trackRef={arrangement.main} variant="main" />
          <div className="incall-inset">
            <Tile trackRef={arrangement.own} variant="inset" />
          </div>
        </>
      )}
      {(arrangement.kind === 'solo' || arrangement.kind === 'grid') && (
        <div className="incall-grid" data-count={Math.min(arrangement.tiles.length, 9)}>
          {arrangement.tiles.map((ref) => (
            <Tile key={tileKey(ref)} trackRef={ref} variant={arrangement.kind === 'solo' ? 'main' : 'grid'} />
          ))}
        </div>
      )}
      {arrangement.kind === 'focus' && (
        <>
          <Tile trackRef={arrangement.main} variant="main" />
          {/* Focusable so the strip can be scrolled with the keyboard when it overflows. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region needs to be reachable by keyboard */}
          <section className="incall-strip" aria-label={t('call.moreVideos')} tabIndex={0}>
            {arrangement.strip.map((ref) => (
              <Tile key={tileKey(ref)} trackRef={ref} variant="strip" />
            ))}
          </section>
        </>
      )}
      <div className="incall-notices">
        {sharing && <p className="incall-notice">{t('call.youAreSharing')}</p>}
        {children}
      </div>
    </section>
  )
}

type TileVariant = 'main' | 'inset' | 'grid' | 'strip'

function Tile({ trackRef, variant }: { trackRef: TrackReferenceOrPlaceholder; variant: TileVariant }) {
  return (
    <ParticipantTile trackRef={trackRef} className={`incall-tile incall-tile-${variant}`}>
      <TileContent />
    </ParticipantTile>
  )
}

/** Inside a tile: the video (or initials when the camera is off), the name, muted microphone, connection. */
function TileContent() {
  const { t } = useI18n()
  const trackRef = useEnsureTrackRef()
  const participant = trackRef.participant
  const { name } = useParticipantInfo({ participant })
  const videoMuted = useIsMuted(trackRef)
  const microphoneMuted = useIsMuted({ participant, source: Track.Source.Microphone })
  // No microphone at all (none found, access refused) shows as muted too.
  const microphoneOff = microphoneMuted || !participant.getTrackPublication(Track.Source.Microphone)
  const screen = trackRef.source === Track.Source.ScreenShare
  const displayName = name || t('call.someone')

  let label = displayName
  if (screen) label = t('call.screenOf', { name: displayName })
  else if (participant.isLocal) label = name ? t('call.you', { name }) : t('call.youWithoutName')

  return (
    <>
      {isTrackReference(trackRef) && <VideoTrack trackRef={trackRef} />}
      {(!isTrackReference(trackRef) || videoMuted) && (
        <div className="incall-tile-placeholder" aria-hidden="true">
          <span className="incall-avatar">{initials(name ?? '')}</span>
        </div>
      )}
      <div className="incall-tile-meta">
        <span className="incall-tile-name">
          {!screen && microphoneOff && (
            <span className="incall-tile-muted">
              <MicrophoneIcon off />
              <span className="visually-hidden">{t('call.muted')}</span>
            </span>
          )}
          <span className="incall-tile-label">{label}</span>
        </span>
      </div>
      {!screen && <QualityIndicator participant={participant} />}
    </>
  )
}

const LEVELS: Record<ConnectionQuality, 0 | 1 | 2 | 3> = {
  [ConnectionQuality.Excellent]: 3,
  [ConnectionQuality.Good]: 2,
  [ConnectionQuality.Poor]: 1,
  [ConnectionQuality.Lost]: 0,
  [ConnectionQuality.Unknown]: 0,
}

/** Bars plus text: the text is shown when the connection is poor or lost, read out always. */
function QualityIndicator({ participant }: { participant: Participant }) {
  const { t } = useI18n()
  const { quality } = useConnectionQualityIndicator({ participant })
  const message = qualityMessage(quality)
  if (!message) return null
  const bad = quality === ConnectionQuality.Poor || quality === ConnectionQuality.Lost
  return (
    <span className="incall-quality" data-quality={quality}>
      <QualityBars level={LEVELS[quality]} />
      <span className={bad ? 'incall-quality-text' : 'visually-hidden'}>{t(message)}</span>
    </span>
  )
}
