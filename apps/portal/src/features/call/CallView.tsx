import '@livekit/components-styles'
import {
  DisconnectButton,
  GridLayout,
  LiveKitRoom,
  ParticipantTile,
  RoomAudioRenderer,
  TrackToggle,
  useConnectionState,
  useTracks,
} from '@livekit/components-react'
import type { RoomAccess } from '@videotermin/contracts'
import { ConnectionState, Track } from 'livekit-client'
import { useI18n } from '../../i18n/i18n.tsx'

const canShareScreen = () => typeof navigator.mediaDevices?.getDisplayMedia === 'function'

/**
 * The call: one LiveKit room for its whole life, composed from components-react parts so
 * every label comes from our catalogue. Loaded lazily: the first page stays small.
 */
export default function CallView({ access, onLeave }: { access: RoomAccess; onLeave: () => void }) {
  return (
    <LiveKitRoom
      serverUrl={access.serverUrl}
      token={access.token}
      connect
      audio
      video
      onDisconnected={onLeave}
      data-lk-theme="default"
      className="call"
      options={{ adaptiveStream: true, dynacast: true }}
    >
      <CallStage />
      <RoomAudioRenderer />
      <CallControls />
    </LiveKitRoom>
  )
}

function CallStage() {
  const { t } = useI18n()
  const state = useConnectionState()
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { onlySubscribed: false },
  )
  const notice =
    state === ConnectionState.Connecting
      ? t('call.connecting')
      : state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting
        ? t('call.reconnecting')
        : tracks.length < 2
          ? t('call.waitingForOthers')
          : undefined
  return (
    <div className="call-stage">
      <p className="call-notice" role="status" aria-live="polite">
        {notice ?? ''}
      </p>
      <GridLayout tracks={tracks} className="call-grid">
        <ParticipantTile />
      </GridLayout>
    </div>
  )
}

function CallControls() {
  const { t } = useI18n()
  return (
    <nav className="call-controls lk-control-bar" aria-label={t('common.appName')}>
      <TrackToggle source={Track.Source.Microphone} aria-label={t('call.microphone')}>
        {t('call.microphone')}
      </TrackToggle>
      <TrackToggle source={Track.Source.Camera} aria-label={t('call.camera')}>
        {t('call.camera')}
      </TrackToggle>
      {canShareScreen() && (
        <TrackToggle source={Track.Source.ScreenShare} aria-label={t('call.screenShare')}>
          {t('call.screenShare')}
        </TrackToggle>
      )}
      <DisconnectButton className="lk-disconnect-button">{t('call.leave')}</DisconnectButton>
    </nav>
  )
}
