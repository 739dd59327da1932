import { useDisconnectButton, useStartAudio, useTrackToggle } from '@livekit/components-react'
import { type ScreenShareCaptureOptions, Track } from 'livekit-client'
import { type ButtonHTMLAttributes, type ReactNode, type Ref, useCallback, useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import type { Fullscreen } from './hooks/useFullscreen.ts'
import {
  CameraIcon,
  ChatIcon,
  FullscreenIcon,
  HangUpIcon,
  MicrophoneIcon,
  ScreenShareIcon,
  SettingsIcon,
  SpeakerIcon,
} from './icons.tsx'

export type Panel = 'chat' | 'settings'

/** Whether the person wants to send their camera and microphone, as they last chose. */
export interface MediaChoice {
  camera: boolean
  microphone: boolean
}

// Not the call's own tab: sharing it would show the call inside itself.
const SCREEN_CAPTURE: ScreenShareCaptureOptions = { audio: true, selfBrowserSurface: 'exclude' }

const canShareScreen = () => typeof navigator.mediaDevices?.getDisplayMedia === 'function'

export function CallControls({
  fullscreen,
  panel,
  onTogglePanel,
  unread,
  chatButtonRef,
  settingsButtonRef,
  onScreenShareError,
  onMediaChoice,
}: {
  fullscreen: Fullscreen
  panel: Panel | undefined
  onTogglePanel: (panel: Panel) => void
  unread: number
  chatButtonRef: Ref<HTMLButtonElement>
  settingsButtonRef: Ref<HTMLButtonElement>
  onScreenShareError: (error: Error) => void
  /** The person switched the camera or microphone on or off (not the SDK, not a reconnect). */
  onMediaChoice: (source: keyof MediaChoice, enabled: boolean) => void
}) {
  const { t } = useI18n()
  const [screenSharing] = useState(canShareScreen)
  const unreadId = useId()
  const onMicrophoneChoice = useCallback((enabled: boolean) => onMediaChoice('microphone', enabled), [onMediaChoice])
  const onCameraChoice = useCallback((enabled: boolean) => onMediaChoice('camera', enabled), [onMediaChoice])
  return (
    <section className="incall-controls" aria-label={t('call.controls')}>
      <MediaToggle
        source={Track.Source.Microphone}
        label={t('call.microphone')}
        icon={(on) => <MicrophoneIcon off={!on} />}
        onChoice={onMicrophoneChoice}
      />
      <MediaToggle
        source={Track.Source.Camera}
        label={t('call.camera')}
        icon={(on) => <CameraIcon off={!on} />}
        onChoice={onCameraChoice}
      />
      {screenSharing && (
        <MediaToggle
          source={Track.Source.ScreenShare}
          label={t('call.screenShare')}
          icon={() => <ScreenShareIcon />}
          captureOptions={SCREEN_CAPTURE}
          onDeviceError={onScreenShareError}
        />
      )}
      {fullscreen.supported && (
        <ControlButton
          label={t('call.fullscreen')}
          icon={<FullscreenIcon active={fullscreen.active} />}
          aria-pressed={fullscreen.active}
          onClick={fullscreen.toggle}
        />
      )}
      <ControlButton
        ref={chatButtonRef}
        label={t('call.chat')}
        icon={<ChatIcon />}
        aria-pressed={panel === 'chat'}
        aria-controls="call-chat"
        aria-describedby={unread > 0 ? unreadId : undefined}
        onClick={() => onTogglePanel('chat')}
      >
        {unread > 0 && (
          <span className="incall-badge" aria-hidden="true">
            {unread > 9 ? '9+' : unread}
          </span>
        )}
      </ControlButton>
      {/* The count describes the button; its name stays "Chat". */}
      {unread > 0 && (
        <span id={unreadId} className="visually-hidden">
          {unread === 1 ? t('call.unreadOne') : t('call.unreadMany', { count: unread })}
        </span>
      )}
      <ControlButton
        ref={settingsButtonRef}
        label={t('call.settings')}
        icon={<SettingsIcon />}
        aria-pressed={panel === 'settings'}
        aria-controls={panel === 'settings' ? 'call-settings' : undefined}
        onClick={() => onTogglePanel('settings')}
      />
      <StartAudioButton />
      <LeaveButton />
    </section>
  )
}

function ControlButton({
  label,
  icon,
  children,
  className,
  ref,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { label: string; icon: ReactNode; ref?: Ref<HTMLButtonElement> }) {
  return (
    <button type="button" {...props} ref={ref} className={className ? `incall-button ${className}` : 'incall-button'}>
      {icon}
      <span className="incall-button-label">{label}</span>
      {children}
    </button>
  )
}

/**
 * Microphone, camera, screen: a toggle with a constant name and its state in aria-pressed.
 * While the device starts the button stays focusable (aria-disabled, clicks ignored) rather
 * than disabled, which would throw the keyboard focus out of the control bar.
 */
function MediaToggle({
  source,
  label,
  icon,
  captureOptions,
  onDeviceError,
  onChoice,
}: {
  source: Track.Source.Microphone | Track.Source.Camera | Track.Source.ScreenShare
  label: string
  icon: (on: boolean) => ReactNode
  captureOptions?: ScreenShareCaptureOptions
  onDeviceError?: (error: Error) => void
  /** The state the person's own click led to. */
  onChoice?: (enabled: boolean) => void
}) {
  const onChange = useCallback(
    (enabled: boolean, userInitiated: boolean) => {
      if (userInitiated) onChoice?.(enabled)
    },
    [onChoice],
  )
  const { buttonProps, enabled, pending } = useTrackToggle({
    source,
    onChange,
    ...(captureOptions ? { captureOptions } : {}),
    ...(onDeviceError ? { onDeviceError } : {}),
  })
  const { disabled: _disabled, onClick, className: _className, ...rest } = buttonProps
  return (
    <ControlButton
      {...rest}
      label={label}
      icon={icon(enabled)}
      aria-disabled={pending || undefined}
      onClick={(event) => {
        if (!pending) onClick?.(event)
      }}
    />
  )
}

function LeaveButton() {
  const { t } = useI18n()
  const { buttonProps } = useDisconnectButton({})
  const { className: _className, ...rest } = buttonProps
  return <ControlButton {...rest} className="incall-button-leave" label={t('call.leave')} icon={<HangUpIcon />} />
}

const NO_PROPS = {}

/** Only there while the browser blocks sound until a click (autoplay rules). */
function StartAudioButton() {
  const { t } = useI18n()
  const { mergedProps, canPlayAudio } = useStartAudio({ props: NO_PROPS })
  if (canPlayAudio) return null
  return (
    <ControlButton
      className="incall-button-attention"
      label={t('call.startAudio')}
      icon={<SpeakerIcon />}
      onClick={mergedProps.onClick}
    />
  )
}
