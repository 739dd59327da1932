// German texts of the call screen.
export const callSection = {
  connecting: 'Verbindung wird aufgebaut …',
  reconnecting: 'Die Verbindung ist unterbrochen. Wir verbinden Sie neu …',
  microphone: 'Mikrofon',
  camera: 'Kamera',
  screenShare: 'Bildschirm teilen',
  leave: 'Auflegen',
  waitingForOthers: 'Noch ist niemand sonst im Gespräch.',
  failed: 'Die Verbindung zum Gespräch ist nicht gelungen.',
} as const
