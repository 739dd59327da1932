import { useMediaDeviceSelect } from '@livekit/components-react'
import type { MessageKey } from '@videotermin/i18n'
import { supportsAudioOutputSelection } from 'livekit-client'
import { type KeyboardEvent, useId, useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'

/** Which camera, microphone and (where the browser lets us choose) speaker the call uses. */
export function SettingsPanel({ onClose }: { onClose: () => void }) {
  const { t } = useI18n()
  const titleId = useId()
  const [speakers] = useState(supportsAudioOutputSelection)

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      onClose()
    }
  }

  return (
    <section id="call-settings" className="incall-panel" aria-labelledby={titleId} onKeyDown={closeOnEscape}>
      <div className="incall-panel-head">
        <h2 id={titleId}>{t('call.settingsTitle')}</h2>
        <button type="button" className="incall-panel-close" onClick={onClose}>
          {t('call.close')}
        </button>
      </div>
      <div className="incall-settings">
        <DeviceSelect kind="videoinput" label={t('call.cameraSelect')} numbered="call.cameraNumber" autoFocus />
        <DeviceSelect kind="audioinput" label={t('call.microphoneSelect')} numbered="call.microphoneNumber" />
        {speakers && <DeviceSelect kind="audiooutput" label={t('call.speakerSelect')} numbered="call.speakerNumber" />}
      </div>
    </section>
  )
}

function DeviceSelect({
  kind,
  label,
  numbered,
  autoFocus = false,
}: {
  kind: MediaDeviceKind
  label: string
  numbered: MessageKey
  autoFocus?: boolean
}) {
  const { t } = useI18n()
  const id = useId()
  const { devices, activeDeviceId, setActiveMediaDevice } = useMediaDeviceSelect({ kind })
  const known = devices.some((device) => device.deviceId === activeDeviceId)
  if (devices.length === 0) {
    return (
      <div className="incall-field">
        <span className="incall-field-label">{label}</span>
        <p className="incall-panel-hint">{t('call.noDevices')}</p>
      </div>
    )
  }
  return (
    <div className="incall-field">
      <label htmlFor={id} className="incall-field-label">
        {label}
      </label>
      <select
        id={id}
        // biome-ignore lint/a11y/noAutofocus: the panel was just opened by the user; focus goes to its first field
        autoFocus={autoFocus}
        value={known ? activeDeviceId : (devices[0]?.deviceId ?? '')}
        onChange={(event) => {
          // A device that vanished in between is reported by the SDK's device events.
          setActiveMediaDevice(event.target.value).catch(() => undefined)
        }}
      >
        {devices.map((device, index) => (
          <option key={device.deviceId || index} value={device.deviceId}>
            {device.label || t(numbered, { number: index + 1 })}
          </option>
        ))}
      </select>
    </div>
  )
}
