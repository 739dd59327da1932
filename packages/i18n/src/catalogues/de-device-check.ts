// German texts of the device check (camera, microphone, speaker, connection).
// Plain language: short sentences, "Sie", no technical words without an explanation.
export const deviceCheckSection = {
  title: 'Technik prüfen',
  intro:
    'Prüfen Sie vor dem Termin Ihre Kamera, Ihr Mikrofon, Ihren Lautsprecher und Ihre Internetverbindung. Das dauert etwa eine Minute.',
  privacy: 'Dabei wird nichts aufgezeichnet. Niemand sieht oder hört Sie.',
  permissionHint:
    'Ihr Browser fragt gleich, ob diese Seite Kamera und Mikrofon benutzen darf. Bitte wählen Sie „Erlauben“.',
  start: 'Prüfung starten',
  asking: 'Bitte erlauben Sie den Zugriff auf Kamera und Mikrofon.',
  running: 'Die Prüfung läuft. Bitte warten Sie.',
  repeat: 'Prüfung wiederholen',
  statusLabel: '{component}: {status}',
  status: {
    ok: 'Funktioniert',
    limited: 'Funktioniert eingeschränkt',
    failed: 'Funktioniert nicht',
    skipped: 'Nicht geprüft',
    waiting: 'Noch nicht geprüft',
    running: 'Wird geprüft …',
  },
  camera: {
    heading: 'Kamera',
    preview: 'Ihr Kamerabild',
    ok: 'Wir sehen Ihr Bild.',
    frames: '{count} Bilder empfangen.',
    waiting: 'Wir warten auf das Bild Ihrer Kamera …',
    missing: 'Wir haben keine Kamera gefunden.',
    blocked: 'Die Kamera ist in Ihrem Browser gesperrt.',
    inUse: 'Ein anderes Programm benutzt gerade Ihre Kamera.',
    noPicture: 'Ihre Kamera liefert kein Bild.',
    black: 'Ihr Kamerabild ist schwarz.',
    error: 'Die Kamera lässt sich nicht einschalten.',
  },
  microphone: {
    heading: 'Mikrofon',
    level: 'Lautstärke Ihres Mikrofons',
    prompt: 'Bitte sagen Sie etwas, zum Beispiel Ihren Namen.',
    ok: 'Wir hören Sie.',
    quiet: 'Wir hören nichts.',
    missing: 'Wir haben kein Mikrofon gefunden.',
    blocked: 'Das Mikrofon ist in Ihrem Browser gesperrt.',
    inUse: 'Ein anderes Programm benutzt gerade Ihr Mikrofon.',
    error: 'Das Mikrofon lässt sich nicht einschalten.',
  },
  speaker: {
    heading: 'Lautsprecher',
    intro: 'Schalten Sie den Ton an Ihrem Gerät ein. Spielen Sie dann den Testton ab.',
    play: 'Testton abspielen',
    playAgain: 'Noch einmal abspielen',
    playing: 'Der Testton läuft …',
    question: 'Haben Sie den Testton gehört?',
    yes: 'Ja',
    no: 'Nein',
    answerNeeded: 'Bitte beantworten Sie die Frage zum Testton. Dann ist die Prüfung fertig.',
    heard: 'Sie hören den Ton.',
    notHeard: 'Sie haben den Ton nicht gehört.',
  },
  connection: {
    heading: 'Verbindung',
    intro: 'Wir prüfen die Verbindung zu unserem Videoserver.',
    progress: 'Schritt {current} von {total}',
    steps: {
      signalling: 'Videoserver erreichen',
      webrtc: 'Verbindung für Bild und Ton aufbauen',
      publishAudio: 'Ton senden',
      publishVideo: 'Bild senden',
      network: 'Geschwindigkeit messen',
    },
    protocol: 'Verbindungsart',
    protocols: {
      udp: 'Schnell (UDP)',
      tcp: 'Langsamer (TCP)',
      turn: 'Über einen Umweg (TURN)',
      none: 'Keine Verbindung',
    },
    upload: 'Senden',
    download: 'Empfangen',
    rtt: 'Verzögerung',
    loss: 'Verlorene Daten',
    notMeasured: 'nicht gemessen',
    atLeast: 'mindestens {value}',
    kbps: '{value} kbit/s',
    mbps: '{value} Mbit/s',
    ms: '{value} ms',
    percent: '{value} %',
  },
  result: {
    heading: 'Ergebnis',
    green: 'Alles in Ordnung. Sie können am Videotermin teilnehmen.',
    yellow: 'Der Videotermin ist möglich, aber mit Einschränkungen.',
    red: 'So ist ein Videotermin im Moment nicht möglich.',
    whatToDo: 'Das können Sie tun:',
    nextSteps: 'So können Sie trotzdem teilnehmen:',
    tryBrowser: 'Öffnen Sie den Link in einem anderen Browser. Zum Beispiel Chrome, Edge, Firefox oder Safari.',
    tryDevice: 'Versuchen Sie es mit einem anderen Gerät, zum Beispiel mit einem Smartphone.',
    tryNetwork: 'Versuchen Sie es in einem anderen Netz. Zum Beispiel mit mobilen Daten statt WLAN.',
    callSupport: 'Klappt es nicht? Dann melden Sie sich bei uns. Wir helfen Ihnen gern.',
    repeatHint: 'Haben Sie etwas geändert? Dann wiederholen Sie die Prüfung.',
  },
  issues: {
    browserUnsupported:
      'Ihr Browser kann Kamera und Mikrofon nicht benutzen. Bitte öffnen Sie den Link in einem aktuellen Browser.',
    noServer:
      'Wir erreichen unseren Videoserver nicht. Vielleicht sperrt Ihr Netz die Verbindung, zum Beispiel in einer Firma oder einem öffentlichen WLAN.',
    noMediaPath:
      'Bild und Ton kommen nicht durch. Vielleicht sperrt Ihr Netz die Verbindung, zum Beispiel in einer Firma oder einem öffentlichen WLAN.',
    microphoneMissing: 'Wir haben kein Mikrofon gefunden. Schließen Sie ein Headset oder ein Mikrofon an.',
    microphoneBlocked: 'Das Mikrofon ist gesperrt. Erlauben Sie es in Ihrem Browser.',
    microphoneInUse:
      'Ein anderes Programm benutzt Ihr Mikrofon. Schließen Sie andere Programme für Anrufe, zum Beispiel Teams, Zoom oder Skype.',
    microphoneError:
      'Ihr Mikrofon lässt sich nicht einschalten. Schließen Sie es neu an oder starten Sie das Gerät neu.',
    audioNotSent: 'Ihr Ton kommt nicht bei uns an.',
    cameraMissing: 'Wir haben keine Kamera gefunden. Sie können ohne Bild teilnehmen, nur mit Ton.',
    cameraBlocked:
      'Die Kamera ist gesperrt. Sie können nur mit Ton teilnehmen. Oder Sie erlauben die Kamera in Ihrem Browser.',
    cameraInUse:
      'Ein anderes Programm benutzt Ihre Kamera. Schließen Sie andere Programme für Anrufe, zum Beispiel Teams, Zoom oder Skype. Sonst nehmen Sie nur mit Ton teil.',
    cameraNoPicture: 'Ihre Kamera liefert kein Bild. Sie können nur mit Ton teilnehmen.',
    cameraBlack: 'Ihr Kamerabild ist schwarz. Ist die Kamera abgedeckt? Dann öffnen Sie die Abdeckung.',
    videoNotSent: 'Ihr Bild kommt nicht bei uns an. Sie können nur mit Ton teilnehmen.',
    microphoneQuiet:
      'Wir haben Sie nicht gehört. Ist Ihr Mikrofon stumm geschaltet? Schalten Sie es ein und sprechen Sie etwas.',
    speakerNotHeard:
      'Sie haben den Testton nicht gehört. Stellen Sie den Ton lauter. Prüfen Sie, ob Kopfhörer angeschlossen sind und ob der richtige Lautsprecher gewählt ist.',
    tcpOnly:
      'Nur eine langsamere Verbindungsart funktioniert. Bild und Ton können stocken. Schließen Sie andere Programme, die das Internet nutzen.',
    turnOnly:
      'Die Verbindung läuft über einen Umweg. Bild und Ton können stocken. Schließen Sie andere Programme, die das Internet nutzen.',
    lowBandwidth:
      'Ihre Internetverbindung ist langsam. Das Bild kann stocken. Schließen Sie andere Programme, die das Internet nutzen. Oder gehen Sie näher an Ihr WLAN-Gerät.',
    unstable:
      'Ihre Verbindung ist unruhig: Daten kommen spät oder gehen verloren. Gehen Sie näher an Ihr WLAN-Gerät oder nutzen Sie ein Netzwerkkabel.',
  },
  permission: {
    heading: 'Kamera und Mikrofon sind gesperrt',
    headingCamera: 'Die Kamera ist gesperrt',
    headingMicrophone: 'Das Mikrofon ist gesperrt',
    body: 'Ihr Browser erlaubt dieser Seite nicht, Kamera und Mikrofon zu benutzen. Ohne Mikrofon ist kein Gespräch möglich.',
    bodyCamera:
      'Ihr Browser erlaubt dieser Seite nicht, die Kamera zu benutzen. Sie können auch nur mit Ton teilnehmen.',
    bodyMicrophone:
      'Ihr Browser erlaubt dieser Seite nicht, das Mikrofon zu benutzen. Ohne Mikrofon ist kein Gespräch möglich.',
    howTo: 'So heben Sie die Sperre auf:',
    retry: 'Erneut versuchen',
    computerHint:
      'Klappt es trotzdem nicht? Vielleicht sperrt Ihr Computer Kamera oder Mikrofon. Windows: Einstellungen, dann „Datenschutz“, dann „Kamera“ und „Mikrofon“. Mac: Systemeinstellungen, dann „Datenschutz & Sicherheit“, dann „Kamera“ und „Mikrofon“.',
    phoneHint:
      'Klappt es trotzdem nicht? Öffnen Sie die Einstellungen Ihres Telefons. Erlauben Sie dort Ihrem Browser Kamera und Mikrofon.',
    support: 'Sie brauchen Hilfe? So erreichen Sie uns:',
    steps: {
      chromeDesktop: {
        s1: 'Klicken Sie oben in der Adresszeile auf das Symbol links neben der Adresse. Oder auf das durchgestrichene Kamera-Symbol rechts.',
        s2: 'Stellen Sie Kamera und Mikrofon auf „Zulassen“.',
        s3: 'Klicken Sie dann auf „{retry}“. Hilft das nicht, laden Sie die Seite neu.',
      },
      edgeDesktop: {
        s1: 'Klicken Sie oben in der Adresszeile auf das Schloss-Symbol links neben der Adresse. Oder auf das Kamera-Symbol rechts.',
        s2: 'Stellen Sie bei „Berechtigungen für diese Website“ Kamera und Mikrofon auf „Zulassen“.',
        s3: 'Klicken Sie dann auf „{retry}“. Hilft das nicht, laden Sie die Seite neu.',
      },
      firefoxDesktop: {
        s1: 'Klicken Sie links neben der Adresse auf das durchgestrichene Kamera- oder Mikrofon-Symbol.',
        s2: 'Entfernen Sie die Sperre: Klicken Sie neben „Blockiert“ auf das kleine X.',
        s3: 'Klicken Sie dann auf „{retry}“ und wählen Sie „Erlauben“.',
      },
      safariDesktop: {
        s1: 'Klicken Sie oben in der Menüleiste auf „Safari“. Wählen Sie dann „Einstellungen für diese Website“.',
        s2: 'Stellen Sie Kamera und Mikrofon auf „Erlauben“.',
        s3: 'Klicken Sie dann auf „{retry}“. Hilft das nicht, laden Sie die Seite neu.',
      },
      iosSafari: {
        s1: 'Tippen Sie in der Adresszeile auf das Symbol links neben der Adresse (zum Beispiel „aA“).',
        s2: 'Tippen Sie auf „Website-Einstellungen“. Stellen Sie Kamera und Mikrofon auf „Erlauben“.',
        s3: 'Tippen Sie dann auf „{retry}“. Hilft das nicht, laden Sie die Seite neu.',
      },
      iosOther: {
        s1: 'Öffnen Sie auf Ihrem iPhone oder iPad die App „Einstellungen“.',
        s2: 'Tippen Sie auf den Namen Ihres Browsers, zum Beispiel „Chrome“. Schalten Sie Kamera und Mikrofon ein.',
        s3: 'Gehen Sie zurück in Ihren Browser und tippen Sie auf „{retry}“.',
      },
      androidChrome: {
        s1: 'Tippen Sie in der Adresszeile auf das Symbol links neben der Adresse.',
        s2: 'Tippen Sie auf „Berechtigungen“. Erlauben Sie Kamera und Mikrofon.',
        s3: 'Tippen Sie dann auf „{retry}“. Hilft das nicht, laden Sie die Seite neu.',
      },
      androidSamsung: {
        s1: 'Tippen Sie in der Adresszeile auf das Schloss-Symbol.',
        s2: 'Tippen Sie auf „Berechtigungen“. Erlauben Sie Kamera und Mikrofon.',
        s3: 'Tippen Sie dann auf „{retry}“. Hilft das nicht, laden Sie die Seite neu.',
      },
      androidFirefox: {
        s1: 'Tippen Sie in der Adresszeile auf das Schloss-Symbol links neben der Adresse.',
        s2: 'Erlauben Sie Kamera und Mikrofon.',
        s3: 'Tippen Sie dann auf „{retry}“. Hilft das nicht, laden Sie die Seite neu.',
      },
      otherBrowser: {
        s1: 'Öffnen Sie die Einstellungen Ihres Browsers für diese Website.',
        s2: 'Erlauben Sie Kamera und Mikrofon.',
        s3: 'Klicken Sie dann auf „{retry}“. Hilft das nicht, laden Sie die Seite neu.',
      },
    },
  },
} as const
