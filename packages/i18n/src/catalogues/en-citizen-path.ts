import type { Catalogue } from '../catalogue.ts'

export const consentSection: Catalogue['consent'] = {
  title: 'Your consent',
  intro: 'Before you check your equipment and take part in the call, we need your consent.',
  defaultText: [
    'The video appointment is voluntary and confidential. You can always arrange an appointment in person or by phone instead.',
    'Your consent covers:',
    '• a technical check of your devices (camera, microphone, speaker, connection), so that the call works;',
    '• storing these data: customer number (if any), first and last name, IP address, operating system, type of device, browser, upload and download rate and transmission quality. They are deleted automatically after 14 days;',
    '• other people taking part, but only if this was agreed with you beforehand;',
    '• anonymous statistics about video appointments. They do not allow anyone to identify you;',
    '• a voluntary, anonymous survey with three questions after the call. You can skip it at any time.',
    'The call is not recorded. We do not access any data on your device.',
    'Please make sure nobody else can listen in. Recording the call is not allowed. You may bring a person you trust if you agree this with us beforehand.',
    'You can withdraw your consent at any time without giving reasons, with effect for the future. We then delete your data at once. If you do not consent, this has no disadvantages for you, but the video call is then not possible.',
  ].join('\n'),
  others: 'Also taking part in this appointment:',
  agree: 'I agree',
  disagree: 'I do not agree',
  refusedTitle: 'Without consent, no video appointment is possible',
  refusedBody:
    'That is fine: it has no disadvantages for you. Without your consent we cannot check your equipment or hold the video call. Please call us and we will arrange an appointment in person or by phone.',
  reconsider: 'Back to the consent',
  withdraw: 'Withdraw consent',
  withdrawConfirm:
    'Do you really want to withdraw your consent? We will delete your data at once. The video call will then no longer be possible.',
  withdrawYes: 'Yes, withdraw',
  withdrawNo: 'Cancel',
  failed: 'Your consent could not be saved. Please try again.',
}

export const rolesSection: Catalogue['roles'] = {
  citizen: 'a client',
  interpreter: 'an interpreter',
  trusted_person: 'a person you trust',
  second_advisor: 'another advisor',
}

export const lobbySection: Catalogue['lobby'] = {
  title: 'Ready for your appointment',
  checkResult: 'Result of your equipment check:',
  checkAgain: 'Check equipment again',
  enter: 'Enter the consultation room',
  rejoin: 'Back to the call',
  opensIn: 'The consultation room opens in {time}.',
  opensAt: 'You can enter the consultation room from {time}.',
  openNow: 'The consultation room is open.',
  continue: 'Continue',
  green: 'Everything works.',
  yellow: 'It works, with limits.',
  red: 'Unfortunately you cannot take part like this.',
}

export const waitingSection: Catalogue['waiting'] = {
  title: 'You are in the waiting room',
  body: '{advisor} will let you in shortly. Please stay on this page.',
  since: 'Waiting for {minutes} min.',
  tipsTitle: 'How to prepare',
  tipQuiet: 'Find a quiet place.',
  tipAlone: 'Make sure nobody else is listening.',
  tipPaper: 'Have a pen and paper ready.',
  tipDocuments: 'Keep any documents you want to talk about at hand.',
  preview: 'This is how others will see you',
  admitted: 'You are being let into the call now.',
  connectionLost: 'The connection to the waiting room was interrupted. We keep trying …',
  leave: 'Leave the waiting room',
}

export const surveySection: Catalogue['survey'] = {
  title: 'How was your video appointment?',
  intro: 'Three short questions. Answering is voluntary and anonymous: nobody can link the answers to you.',
  satisfaction: 'Overall, how satisfied are you with the video appointment?',
  avQuality: 'How good were picture and sound?',
  scaleLow: '1 = very poor',
  scaleHigh: '5 = very good',
  useAgain: 'Would you use a video appointment again?',
  yes: 'Yes',
  no: 'No',
  unsure: "Don't know",
  submit: 'Send answers',
  skip: 'Skip',
  failed: 'The answers could not be sent. You can also skip the survey.',
  thanksTitle: 'Thank you',
  thanksBody: 'Your video appointment has ended. You can close this window now.',
}

export const handoffSection: Catalogue['handoff'] = {
  open: 'Continue on a smartphone or tablet',
  title: 'Continue on your smartphone or tablet',
  body: 'Scan this code with the camera of your smartphone or tablet to continue there.',
  image: 'QR code to continue on another device',
  expires: 'The code is valid until {time} and only once. Do not share it.',
  failed: 'The code could not be created. Please try again.',
  close: 'Hide the code',
}
