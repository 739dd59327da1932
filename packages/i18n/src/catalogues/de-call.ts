// German texts of the call screen.
export const callSection = {
  connecting: 'Verbindung wird aufgebaut …',
  reconnecting: 'Die Verbindung ist unterbrochen. Wir verbinden Sie neu …',
  reconnected: 'Die Verbindung steht wieder.',
  waitingForOthers: 'Noch ist niemand sonst im Gespräch. Bitte warten Sie einen Moment.',
  failed: 'Die Verbindung zum Gespräch ist nicht gelungen.',

  // Controls. "microphone", "camera" and "leave" are the buttons' names (tests rely on them).
  controls: 'Steuerung des Gesprächs',
  microphone: 'Mikrofon',
  camera: 'Kamera',
  screenShare: 'Bildschirm teilen',
  fullscreen: 'Vollbild',
  chat: 'Chat',
  settings: 'Einstellungen',
  leave: 'Auflegen',
  startAudio: 'Ton einschalten',
  unreadOne: '1 neue Nachricht',
  unreadMany: '{count} neue Nachrichten',

  // Video tiles.
  videos: 'Videobilder',
  moreVideos: 'Weitere Videobilder',
  you: '{name} (Sie)',
  youWithoutName: 'Sie',
  someone: 'Teilnehmerin oder Teilnehmer',
  screenOf: 'Bildschirm von {name}',
  youAreSharing: 'Sie zeigen gerade Ihren Bildschirm. Die anderen sehen ihn.',
  muted: 'stumm geschaltet',
  qualityExcellent: 'Verbindung sehr gut',
  qualityGood: 'Verbindung gut',
  qualityPoor: 'Verbindung schwach',
  qualityLost: 'Verbindung unterbrochen',
  joined: '{name} ist jetzt im Gespräch.',
  left: '{name} hat das Gespräch verlassen.',

  // Chat.
  chatTitle: 'Chat',
  chatNotStored: 'Die Nachrichten werden nicht gespeichert. Nach dem Gespräch sind sie weg.',
  chatEmpty: 'Noch keine Nachrichten.',
  messages: 'Nachrichten',
  messageLabel: 'Ihre Nachricht',
  send: 'Senden',
  sendFailed: 'Die Nachricht wurde nicht gesendet. Bitte versuchen Sie es noch einmal.',
  close: 'Schließen',
  newMessage: 'Neue Nachricht von {name}: {message}',

  // Settings.
  settingsTitle: 'Einstellungen',
  cameraSelect: 'Kamera',
  microphoneSelect: 'Mikrofon',
  speakerSelect: 'Lautsprecher',
  cameraNumber: 'Kamera {number}',
  microphoneNumber: 'Mikrofon {number}',
  speakerNumber: 'Lautsprecher {number}',
  noDevices: 'Kein Gerät gefunden.',

  // Problems with camera, microphone or screen.
  cameraDenied:
    'Ihr Browser erlaubt den Zugriff auf die Kamera nicht. Erlauben Sie ihn in den Einstellungen des Browsers (meist beim Schloss neben der Adresse). Laden Sie dann die Seite neu.',
  microphoneDenied:
    'Ihr Browser erlaubt den Zugriff auf das Mikrofon nicht. Erlauben Sie ihn in den Einstellungen des Browsers (meist beim Schloss neben der Adresse). Laden Sie dann die Seite neu.',
  bothDenied:
    'Ihr Browser erlaubt den Zugriff auf Kamera und Mikrofon nicht. Erlauben Sie ihn in den Einstellungen des Browsers (meist beim Schloss neben der Adresse). Laden Sie dann die Seite neu.',
  cameraNotFound: 'Wir finden keine Kamera. Sie können trotzdem teilnehmen: Die anderen hören Sie.',
  microphoneNotFound:
    'Wir finden kein Mikrofon. Bitte schließen Sie ein Mikrofon oder ein Headset an. Sie können auch den Chat nutzen.',
  cameraInUse:
    'Ein anderes Programm benutzt gerade die Kamera. Bitte schließen Sie dieses Programm. Schalten Sie die Kamera dann wieder ein.',
  microphoneInUse:
    'Ein anderes Programm benutzt gerade das Mikrofon. Bitte schließen Sie dieses Programm. Schalten Sie das Mikrofon dann wieder ein.',
  deviceFailed: 'Kamera oder Mikrofon funktionieren gerade nicht. Bitte versuchen Sie es noch einmal.',
  screenShareFailed: 'Ihr Bildschirm konnte nicht geteilt werden. Bitte versuchen Sie es noch einmal.',
  dismiss: 'Hinweis ausblenden',

  // The connection is gone for good.
  lostTitle: 'Die Verbindung zum Gespräch ist abgebrochen.',
  lostBody:
    'Bitte prüfen Sie Ihre Internetverbindung. Wählen Sie dann „Neu verbinden“. Wenn das nicht klappt, laden Sie die Seite neu und treten Sie dem Gespräch noch einmal bei.',
  failedBody:
    'Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal. Wenn das nicht klappt, laden Sie die Seite neu und treten Sie dem Gespräch noch einmal bei.',
  duplicateTitle: 'Sie sind an anderer Stelle im Gespräch.',
  duplicateBody:
    'Sie haben das Gespräch in einem anderen Fenster oder auf einem anderen Gerät geöffnet. Hier sind Sie deshalb nicht mehr verbunden.',
  rejoin: 'Neu verbinden',
  reload: 'Seite neu laden',
  leaveCall: 'Gespräch verlassen',
} as const
