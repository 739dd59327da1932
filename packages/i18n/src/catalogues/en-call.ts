import type { Catalogue } from '../catalogue.ts'

export const callSection: Catalogue['call'] = {
  connecting: 'Connecting …',
  reconnecting: 'The connection was interrupted. Reconnecting …',
  microphone: 'Microphone',
  camera: 'Camera',
  screenShare: 'Share screen',
  leave: 'Hang up',
  waitingForOthers: 'Nobody else has joined yet.',
  failed: 'Could not connect to the call.',
}
