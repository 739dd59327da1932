import type { Catalogue } from '../catalogue.ts'

// English texts of the e-mails to participants.
export const mailSection: Catalogue['email'] = {
  invitationSubject: 'Your video appointment with {organisation} on {date}',
  updateSubject: 'New time: your video appointment with {organisation} on {date}',
  reminderSubject: 'Reminder: your video appointment with {organisation} on {date}',
  cancellationSubject: 'Cancelled: your video appointment with {organisation} on {date}',
  greeting: 'Hello {name},',
  invitationIntro: 'You have a video appointment with {organisation}.',
  updateIntro: '{organisation} has moved your video appointment. This is the new time:',
  reminderIntro: 'this is a reminder of your video appointment with {organisation}.',
  cancellationIntro: '{organisation} has cancelled this video appointment:',
  when: 'Appointment: {date} at {time} ({timeZone})',
  duration: 'Duration: about {minutes} minutes',
  linkIntro: 'Use this personal link to take part. You can open it now to test your camera and microphone:',
  linkButton: 'Go to the video appointment',
  keepPrivate: 'Please do not share this link. It is for you only.',
  linkInvalid: 'The personal link no longer works. For a new appointment, please contact {organisation}.',
  calendarAdd: 'The attachment adds the appointment to your calendar.',
  calendarRemove: 'The attachment removes the appointment from your calendar.',
  calendarTitle: 'Video appointment with {organisation}',
  calendarLink: 'Personal link (please do not share): {link}',
  contact: 'Questions? How to reach {organisation}:',
  closing: 'Kind regards\n{organisation}',
}
