import type { Catalogue } from '../catalogue.ts'

export const callSection: Catalogue['call'] = {
  connecting: 'Connecting …',
  reconnecting: 'The connection was interrupted. Reconnecting …',
  reconnected: 'You are connected again.',
  waitingForOthers: 'Nobody else has joined yet. Please wait a moment.',
  failed: 'Could not connect to the call.',

  controls: 'Call controls',
  microphone: 'Microphone',
  camera: 'Camera',
  screenShare: 'Share screen',
  fullscreen: 'Full screen',
  chat: 'Chat',
  settings: 'Settings',
  leave: 'Hang up',
  startAudio: 'Turn on sound',
  unreadOne: '1 new message',
  unreadMany: '{count} new messages',

  videos: 'Video',
  moreVideos: 'More video',
  you: '{name} (you)',
  youWithoutName: 'You',
  someone: 'Participant',
  screenOf: "{name}'s screen",
  youAreSharing: 'You are sharing your screen. The others can see it.',
  muted: 'muted',
  qualityExcellent: 'Connection very good',
  qualityGood: 'Connection good',
  qualityPoor: 'Connection poor',
  qualityLost: 'Connection lost',
  joined: '{name} has joined the call.',
  left: '{name} has left the call.',

  chatTitle: 'Chat',
  chatNotStored: 'Messages are not stored. They are gone after the call.',
  chatEmpty: 'No messages yet.',
  messages: 'Messages',
  messageLabel: 'Your message',
  send: 'Send',
  sendFailed: 'The message was not sent. Please try again.',
  close: 'Close',
  newMessage: 'New message from {name}: {message}',

  settingsTitle: 'Settings',
  cameraSelect: 'Camera',
  microphoneSelect: 'Microphone',
  speakerSelect: 'Speaker',
  cameraNumber: 'Camera {number}',
  microphoneNumber: 'Microphone {number}',
  speakerNumber: 'Speaker {number}',
  noDevices: 'No device found.',

  cameraDenied:
    'Your browser does not allow access to the camera. Allow it in the browser settings (usually at the padlock next to the address). Then reload the page.',
  microphoneDenied:
    'Your browser does not allow access to the microphone. Allow it in the browser settings (usually at the padlock next to the address). Then reload the page.',
  bothDenied:
    'Your browser does not allow access to the camera and microphone. Allow it in the browser settings (usually at the padlock next to the address). Then reload the page.',
  cameraNotFound: 'We cannot find a camera. You can still take part: the others can hear you.',
  microphoneNotFound: 'We cannot find a microphone. Please connect a microphone or headset. You can also use the chat.',
  cameraInUse: 'Another program is using the camera. Please close that program. Then turn the camera on again.',
  microphoneInUse:
    'Another program is using the microphone. Please close that program. Then turn the microphone on again.',
  deviceFailed: 'The camera or microphone is not working right now. Please try again.',
  screenShareFailed: 'Your screen could not be shared. Please try again.',
  dismiss: 'Dismiss notice',

  lostTitle: 'The connection to the call was lost.',
  lostBody:
    'Please check your internet connection. Then choose "Reconnect". If that does not work, reload the page and join the call again.',
  failedBody:
    'Please check your internet connection and try again. If that does not work, reload the page and join the call again.',
  duplicateTitle: 'You are in the call somewhere else.',
  duplicateBody:
    'You opened the call in another window or on another device. That is why you are no longer connected here.',
  rejoin: 'Reconnect',
  reload: 'Reload page',
  leaveCall: 'Leave the call',
}
