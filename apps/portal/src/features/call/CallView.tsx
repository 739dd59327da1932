import '@livekit/components-styles'
import './call.css'
import {
  LiveKitRoom,
  RoomAudioRenderer,
  useChat,
  useConnectionState,
  useRemoteParticipants,
} from '@livekit/components-react'
import type { RoomAccess } from '@videotermin/contracts'
import type { MessageKey } from '@videotermin/i18n'
import { ConnectionState, type DisconnectReason, MediaDeviceFailure, Room, type RoomOptions } from 'livekit-client'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import { CallControls, type MediaChoice, type Panel } from './CallControls.tsx'
import { CallStage } from './CallStage.tsx'
import { ChatPanel } from './ChatPanel.tsx'
import {
  combineDeviceProblems,
  deviceProblemMessage,
  disconnectOutcome,
  isFinalRefusal,
  isReconnecting,
  REJOIN_DELAYS_MS,
} from './call-status.ts'
import { useAnnouncements } from './hooks/useAnnouncements.ts'
import { useFillViewport } from './hooks/useFillViewport.ts'
import { type Fullscreen, useFullscreen } from './hooks/useFullscreen.ts'
import { useUnreadMessages } from './hooks/useUnreadMessages.ts'
import { SettingsPanel } from './SettingsPanel.tsx'

const ROOM_OPTIONS: RoomOptions = { adaptiveStream: true, dynacast: true }

/** Why the call is not running although nobody hung up. */
type Problem = 'lost' | 'failed' | 'duplicate'

const pause = (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms))

/**
 * The call: one LiveKit room for its whole life, composed from components-react parts so
 * every label comes from our catalogue. Loaded lazily: the first page stays small.
 */
export default function CallView({
  access,
  onLeave,
  callRole = 'citizen',
  refreshAccess,
}: {
  access: RoomAccess
  onLeave: () => void
  /**
   * Fetches fresh credentials (and lets the API make sure the room exists). Rejoining
   * uses it: the first token is short-lived, a room that emptied may have closed, and one
   * whose LiveKit node was stopped is gone until the API creates it again.
   */
  refreshAccess?: () => Promise<RoomAccess>
  /** Host controls (remove a participant, end for all) are still to come. */
  callRole?: 'citizen' | 'host'
}) {
  const [room] = useState(() => new Room(ROOM_OPTIONS))
  const containerRef = useRef<HTMLDivElement>(null)
  useFillViewport(containerRef)
  const fullscreen = useFullscreen(containerRef)
  const [problem, setProblem] = useState<Problem>()
  // Camera and microphone can both fail at once: each gets its own sentence.
  const [deviceProblems, setDeviceProblems] = useState<MessageKey[]>([])
  const addDeviceProblem = useCallback((message: MessageKey | undefined) => {
    if (message) setDeviceProblems((current) => (current.includes(message) ? current : [...current, message]))
  }, [])

  // The parent passes new functions on every render; the room's listeners need stable ones.
  const onLeaveRef = useRef(onLeave)
  const credentialsRef = useRef({ access, refreshAccess })
  useEffect(() => {
    onLeaveRef.current = onLeave
    credentialsRef.current = { access, refreshAccess }
  }, [onLeave, access, refreshAccess])

  // Every connection, rejoins included, publishes camera and microphone as the person last
  // chose: someone who switched the camera off must not find it on again after a reconnect.
  const [mediaChoice, setMediaChoice] = useState<MediaChoice>({ camera: true, microphone: true })
  const handleMediaChoice = useCallback(
    (source: keyof MediaChoice, enabled: boolean) =>
      setMediaChoice((current) => (current[source] === enabled ? current : { ...current, [source]: enabled })),
    [],
  )

  // A connection that never stood failed; one that stood and broke was lost. The texts differ.
  const connectedOnce = useRef(false)
  const handleConnected = useCallback(() => {
    connectedOnce.current = true
  }, [])

  // Rejoining: attempts with fresh credentials, each run numbered so that a newer run or
  // leaving the page (cleanup below) ends an older one between its steps.
  const [rejoining, setRejoining] = useState(false)
  const rejoinRun = useRef(0)
  const rejoinActive = useRef(false)
  useEffect(
    () => () => {
      rejoinRun.current += 1
    },
    [],
  )

  const rejoin = useCallback(
    async (delays: readonly number[]) => {
      rejoinRun.current += 1
      const run = rejoinRun.current
      const current = () => rejoinRun.current === run
      rejoinActive.current = true
      setProblem(undefined)
      setRejoining(true)
      let joined = false
      for (const delay of delays) {
        await pause(delay)
        if (!current()) return
        try {
          const { access, refreshAccess } = credentialsRef.current
          const fresh = refreshAccess ? await refreshAccess() : access
          if (!current()) return
          await room.connect(fresh.serverUrl, fresh.token)
          joined = true
          break
        } catch (error) {
          if (isFinalRefusal(error)) break
        }
      }
      if (!current()) return
      rejoinActive.current = false
      setRejoining(false)
      if (!joined) setProblem(connectedOnce.current ? 'lost' : 'failed')
    },
    [room],
  )

  const handleDisconnected = useCallback(
    (reason?: DisconnectReason) => {
      // A failed attempt of a rejoin under way ends here too; the rejoin decides what follows.
      if (rejoinActive.current) return
      const outcome = disconnectOutcome(reason)
      if (outcome === 'left' || outcome === 'ended') onLeaveRef.current()
      else if (outcome === 'lost' && !connectedOnce.current) setProblem('failed')
      // A call that stood and broke (the SDK gave up, or the LiveKit node went away): rejoin
      // with fresh credentials on our own before asking the person.
      else if (outcome === 'lost') void rejoin(credentialsRef.current.refreshAccess ? REJOIN_DELAYS_MS : [0])
      else setProblem(outcome)
    },
    [rejoin],
  )

  // Also called when publishing the camera fails; that is a device problem, told separately.
  const handleError = useCallback(() => {
    if (room.state === ConnectionState.Disconnected) setProblem((current) => current ?? 'failed')
  }, [room])

  const handleDeviceFailure = useCallback(
    (failure?: MediaDeviceFailure, kind?: MediaDeviceKind) => addDeviceProblem(deviceProblemMessage(failure, kind)),
    [addDeviceProblem],
  )

  const handleScreenShareError = useCallback(
    (error: Error) => addDeviceProblem(deviceProblemMessage(MediaDeviceFailure.getFailure(error), 'screen')),
    [addDeviceProblem],
  )

  // The first connection can lose a race with a room that was just closing (everybody had
  // left a moment ago): then the API creates it anew for a fresh token. Once, automatically.
  const retried = useRef(false)
  useEffect(() => {
    if (problem !== 'failed' || connectedOnce.current || retried.current || !refreshAccess) return
    retried.current = true
    void rejoin([0])
  }, [problem, refreshAccess, rejoin])

  return (
    <LiveKitRoom
      ref={containerRef}
      room={room}
      serverUrl={access.serverUrl}
      token={access.token}
      connect
      audio={mediaChoice.microphone}
      video={mediaChoice.camera}
      onConnected={handleConnected}
      onDisconnected={handleDisconnected}
      onError={handleError}
      onMediaDeviceFailure={handleDeviceFailure}
      data-lk-theme="default"
      data-call-role={callRole}
      className="incall"
    >
      {problem ? (
        <ConnectionProblem
          problem={problem}
          onReconnect={() => void rejoin([0])}
          onLeave={() => onLeaveRef.current()}
        />
      ) : (
        <CallLayout
          rejoining={rejoining}
          fullscreen={fullscreen}
          deviceProblems={deviceProblems}
          onDismissDeviceProblems={() => setDeviceProblems([])}
          onScreenShareError={handleScreenShareError}
          onMediaChoice={handleMediaChoice}
        />
      )}
      <RoomAudioRenderer />
    </LiveKitRoom>
  )
}

function CallLayout({
  rejoining,
  fullscreen,
  deviceProblems,
  onDismissDeviceProblems,
  onScreenShareError,
  onMediaChoice,
}: {
  rejoining: boolean
  fullscreen: Fullscreen
  deviceProblems: readonly MessageKey[]
  onDismissDeviceProblems: () => void
  onScreenShareError: (error: Error) => void
  onMediaChoice: (source: keyof MediaChoice, enabled: boolean) => void
}) {
  const { t } = useI18n()
  // Here, not in the panel: the messages must be collected while the panel is closed.
  const { chatMessages, send } = useChat()
  const [panel, setPanel] = useState<Panel>()
  const unread = useUnreadMessages(chatMessages, panel === 'chat')
  const announcements = useAnnouncements(chatMessages)
  const chatButtonRef = useRef<HTMLButtonElement>(null)
  const settingsButtonRef = useRef<HTMLButtonElement>(null)

  const togglePanel = (next: Panel) => setPanel((current) => (current === next ? undefined : next))
  const closePanel = () => {
    const button = panel === 'settings' ? settingsButtonRef : chatButtonRef
    setPanel(undefined)
    button.current?.focus()
  }

  return (
    <>
      <div className="incall-body">
        <CallStage>
          <ConnectionNotice rejoining={rejoining} />
          <div role="alert" className="incall-status">
            {deviceProblems.length > 0 && (
              <div className="incall-notice incall-notice-problem">
                <div className="incall-notice-text">
                  {combineDeviceProblems(deviceProblems).map((message) => (
                    <p key={message}>{t(message)}</p>
                  ))}
                </div>
                <button type="button" className="incall-notice-dismiss" onClick={onDismissDeviceProblems}>
                  {t('call.dismiss')}
                </button>
              </div>
            )}
          </div>
        </CallStage>
        <ChatPanel open={panel === 'chat'} messages={chatMessages} send={send} onClose={closePanel} />
        {panel === 'settings' && <SettingsPanel onClose={closePanel} />}
      </div>
      <CallControls
        fullscreen={fullscreen}
        panel={panel}
        onTogglePanel={togglePanel}
        unread={unread}
        chatButtonRef={chatButtonRef}
        settingsButtonRef={settingsButtonRef}
        onScreenShareError={onScreenShareError}
        onMediaChoice={onMediaChoice}
      />
      <div className="visually-hidden" role="log" aria-live="polite">
        {announcements.map((item) => (
          <p key={item.id}>{item.text}</p>
        ))}
      </div>
    </>
  )
}

const RECONNECTED_NOTICE_MS = 4000

/** Connecting, reconnecting, back again, or waiting for the others: one polite status line. */
function ConnectionNotice({ rejoining }: { rejoining: boolean }) {
  const { t } = useI18n()
  const state = useConnectionState()
  const others = useRemoteParticipants().length
  const [recovered, setRecovered] = useState(false)
  const wasReconnecting = useRef(false)
  // The SDK's own reconnecting, or ours with fresh credentials: the same to the person.
  const reconnecting = rejoining || isReconnecting(state)

  useEffect(() => {
    if (reconnecting) {
      wasReconnecting.current = true
      setRecovered(false)
      return
    }
    if (state !== ConnectionState.Connected || !wasReconnecting.current) return
    wasReconnecting.current = false
    setRecovered(true)
    const timer = window.setTimeout(() => setRecovered(false), RECONNECTED_NOTICE_MS)
    return () => window.clearTimeout(timer)
  }, [reconnecting, state])

  let message: MessageKey | undefined
  if (reconnecting) message = 'call.reconnecting'
  else if (state === ConnectionState.Connecting) message = 'call.connecting'
  else if (recovered) message = 'call.reconnected'
  else if (state === ConnectionState.Connected && others === 0) message = 'call.waitingForOthers'

  // The live region stays in place; only its content comes and goes, so it is announced.
  return (
    <div role="status" className="incall-status">
      {message && (
        <p className="incall-notice" data-tone={reconnecting ? 'warning' : 'info'}>
          {t(message)}
        </p>
      )}
    </div>
  )
}

function ConnectionProblem({
  problem,
  onReconnect,
  onLeave,
}: {
  problem: Problem
  onReconnect: () => void
  onLeave: () => void
}) {
  const { t } = useI18n()
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    headingRef.current?.focus()
  }, [])
  const title =
    problem === 'duplicate' ? t('call.duplicateTitle') : problem === 'failed' ? t('call.failed') : t('call.lostTitle')
  const body =
    problem === 'duplicate' ? t('call.duplicateBody') : problem === 'failed' ? t('call.failedBody') : t('call.lostBody')
  return (
    <div className="incall-body">
      <div className="incall-problem">
        <h2 ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        <p>{body}</p>
        <div className="incall-problem-actions">
          {problem !== 'duplicate' && (
            <button type="button" className="button-primary" onClick={onReconnect}>
              {t('call.rejoin')}
            </button>
          )}
          <button type="button" onClick={() => window.location.reload()}>
            {t('call.reload')}
          </button>
          <button type="button" onClick={onLeave}>
            {t('call.leaveCall')}
          </button>
        </div>
      </div>
    </div>
  )
}
