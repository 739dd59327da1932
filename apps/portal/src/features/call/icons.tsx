import type { ReactNode } from 'react'

// Decorative line icons for the call controls; every control carries its name as text.
function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="incall-icon"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  )
}

const Strike = () => <path d="M3 3l18 18" />

export function MicrophoneIcon({ off = false }: { off?: boolean }) {
  return (
    <Icon>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3M9 21h6" />
      {off && <Strike />}
    </Icon>
  )
}

export function CameraIcon({ off = false }: { off?: boolean }) {
  return (
    <Icon>
      <rect x="2" y="6" width="13" height="12" rx="2" />
      <path d="M15 10.5l6-3.5v10l-6-3.5z" />
      {off && <Strike />}
    </Icon>
  )
}

export function ScreenShareIcon() {
  return (
    <Icon>
      <rect x="2" y="4" width="20" height="13" rx="2" />
      <path d="M8 21h8M12 17v4M12 14V8M9 10.5L12 7.5l3 3" />
    </Icon>
  )
}

export function FullscreenIcon({ active = false }: { active?: boolean }) {
  return (
    <Icon>
      {active ? (
        <path d="M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5" />
      ) : (
        <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
      )}
    </Icon>
  )
}

export function ChatIcon() {
  return (
    <Icon>
      <path d="M4 5h16v11H10l-5 4v-4H4z" />
      <path d="M8 9h8M8 12h5" />
    </Icon>
  )
}

export function SettingsIcon() {
  return (
    <Icon>
      <path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1" />
      <circle cx="15" cy="6" r="2" />
      <circle cx="9" cy="12" r="2" />
      <circle cx="17" cy="18" r="2" />
    </Icon>
  )
}

export function HangUpIcon() {
  return (
    <Icon>
      <path d="M2.5 14.5c5.2-5 13.8-5 19 0l-2.7 2.7-3.8-1.9v-2.8a10.5 10.5 0 0 0-6 0v2.8l-3.8 1.9z" />
    </Icon>
  )
}

export function SpeakerIcon() {
  return (
    <Icon>
      <path d="M4 9h4l5-4v14l-5-4H4z" />
      <path d="M17 9a4 4 0 0 1 0 6M19.5 6.5a7.5 7.5 0 0 1 0 11" />
    </Icon>
  )
}

/** Three bars, as many filled as the connection is good. */
export function QualityBars({ level }: { level: 0 | 1 | 2 | 3 }) {
  return (
    <svg className="incall-quality-bars" viewBox="0 0 18 16" aria-hidden="true" focusable="false">
      {[0, 1, 2].map((bar) => (
        <rect
          key={bar}
          x={1 + bar * 6}
          y={10 - bar * 4}
          width="4"
          height={5 + bar * 4}
          rx="1"
          className={bar < level ? 'incall-quality-bar-on' : 'incall-quality-bar-off'}
        />
      ))}
    </svg>
  )
}
