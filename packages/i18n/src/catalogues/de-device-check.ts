// German texts of the device check (camera, microphone, speaker, connection).
export const deviceCheckSection = {
  title: 'Technik prüfen',
} as const
