// German texts of the citizen's path: consent, lobby, waiting room, survey.
export const consentSection = {
  title: 'Ihre Einwilligung',
  intro: 'Bevor Sie Ihre Technik prüfen und am Gespräch teilnehmen, brauchen wir Ihre Einwilligung.',
  defaultText: [
    'Der Videotermin ist freiwillig und vertraulich. Sie können jederzeit stattdessen einen Termin vor Ort oder am Telefon vereinbaren.',
    'Ihre Einwilligung umfasst:',
    '• die technische Prüfung Ihrer Geräte (Kamera, Mikrofon, Lautsprecher, Verbindung), damit das Gespräch gelingt;',
    '• die Speicherung dieser Daten: Kundennummer (falls vorhanden), Vor- und Nachname, IP-Adresse, Betriebssystem, Art des Geräts, Browser, Upload- und Download-Rate und Übertragungsqualität. Sie werden nach 14 Tagen automatisch gelöscht;',
    '• die Teilnahme weiterer Personen, aber nur, wenn dies vorher mit Ihnen vereinbart wurde;',
    '• anonyme Statistiken über die Videotermine. Sie lassen keinen Rückschluss auf Sie zu;',
    '• eine freiwillige, anonyme Umfrage mit drei Fragen nach dem Gespräch. Sie können sie jederzeit überspringen.',
    'Das Gespräch wird nicht aufgezeichnet. Wir greifen nicht auf Daten auf Ihrem Gerät zu.',
    'Bitte sorgen Sie dafür, dass niemand sonst das Gespräch mithört. Mitschneiden ist nicht erlaubt. Eine Vertrauensperson können Sie mitbringen, wenn Sie das vorher mit uns absprechen.',
    'Sie können Ihre Einwilligung jederzeit ohne Angabe von Gründen widerrufen, mit Wirkung für die Zukunft. Dann löschen wir Ihre Daten sofort. Wenn Sie nicht einwilligen, entstehen Ihnen keine Nachteile; das Videogespräch ist dann aber nicht möglich.',
  ].join('\n'),
  others: 'Bei diesem Termin nimmt außerdem teil:',
  agree: 'Ich stimme zu',
  disagree: 'Ich stimme nicht zu',
  refusedTitle: 'Ohne Einwilligung ist kein Videotermin möglich',
  refusedBody:
    'Das ist in Ordnung: Ihnen entstehen keine Nachteile. Ohne Ihre Einwilligung können wir Ihre Technik nicht prüfen und das Videogespräch nicht führen. Bitte rufen Sie uns an, dann vereinbaren wir einen Termin vor Ort oder am Telefon.',
  reconsider: 'Zurück zur Einwilligung',
  withdraw: 'Einwilligung widerrufen',
  withdrawConfirm:
    'Möchten Sie Ihre Einwilligung wirklich widerrufen? Wir löschen dann sofort Ihre Daten. Das Videogespräch ist danach nicht mehr möglich.',
  withdrawYes: 'Ja, widerrufen',
  withdrawNo: 'Abbrechen',
  failed: 'Ihre Einwilligung konnte nicht gespeichert werden. Bitte versuchen Sie es noch einmal.',
} as const

export const rolesSection = {
  citizen: 'eine Kundin oder ein Kunde',
  interpreter: 'eine Dolmetscherin oder ein Dolmetscher',
  trusted_person: 'eine Vertrauensperson',
  second_advisor: 'eine weitere Beraterin oder ein weiterer Berater',
} as const

export const lobbySection = {
  title: 'Bereit für Ihren Termin',
  checkResult: 'Ergebnis Ihrer Technikprüfung:',
  checkAgain: 'Technik noch einmal prüfen',
  enter: 'Beratungsraum betreten',
  rejoin: 'Zurück ins Gespräch',
  opensIn: 'Der Beratungsraum öffnet in {time}.',
  opensAt: 'Sie können den Beratungsraum ab {time} Uhr betreten.',
  openNow: 'Der Beratungsraum ist geöffnet.',
  continue: 'Weiter',
  green: 'Alles funktioniert.',
  yellow: 'Es funktioniert mit Einschränkungen.',
  red: 'So ist die Teilnahme leider nicht möglich.',
} as const

export const waitingSection = {
  title: 'Sie sind im Wartebereich',
  body: '{advisor} holt Sie gleich ab. Bitte bleiben Sie auf dieser Seite.',
  since: 'Sie warten seit {minutes} Min.',
  tipsTitle: 'So bereiten Sie sich vor',
  tipQuiet: 'Suchen Sie sich einen ruhigen Ort.',
  tipAlone: 'Sorgen Sie dafür, dass niemand mithört.',
  tipPaper: 'Legen Sie Stift und Papier bereit.',
  tipDocuments: 'Halten Sie Unterlagen bereit, über die Sie sprechen möchten.',
  preview: 'So sieht man Sie gleich',
  admitted: 'Sie werden jetzt ins Gespräch geholt.',
  connectionLost: 'Die Verbindung zum Wartebereich ist unterbrochen. Wir versuchen es weiter …',
  leave: 'Wartebereich verlassen',
} as const

export const surveySection = {
  title: 'Wie war Ihr Videotermin?',
  intro: 'Drei kurze Fragen. Die Antworten sind freiwillig und anonym: Niemand kann sie Ihnen zuordnen.',
  satisfaction: 'Wie zufrieden sind Sie insgesamt mit dem Videotermin?',
  avQuality: 'Wie gut waren Bild und Ton?',
  scaleLow: '1 = sehr schlecht',
  scaleHigh: '5 = sehr gut',
  useAgain: 'Würden Sie wieder einen Videotermin nutzen?',
  yes: 'Ja',
  no: 'Nein',
  unsure: 'Weiß nicht',
  submit: 'Antworten senden',
  skip: 'Überspringen',
  failed: 'Die Antworten konnten nicht gesendet werden. Sie können die Umfrage auch überspringen.',
  thanksTitle: 'Vielen Dank',
  thanksBody: 'Ihr Videotermin ist beendet. Sie können dieses Fenster jetzt schließen.',
} as const

export const handoffSection = {
  open: 'Auf Smartphone oder Tablet weitermachen',
  title: 'Mit dem Smartphone oder Tablet weitermachen',
  body: 'Scannen Sie diesen Code mit der Kamera Ihres Smartphones oder Tablets. Dann geht es dort weiter.',
  image: 'QR-Code zum Weitermachen auf einem anderen Gerät',
  expires: 'Der Code gilt bis {time} Uhr und nur ein Mal. Geben Sie ihn nicht weiter.',
  failed: 'Der Code konnte nicht erstellt werden. Bitte versuchen Sie es noch einmal.',
  close: 'Code ausblenden',
} as const
