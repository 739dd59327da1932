import { LOGO_CONTENT_TYPES } from '@videotermin/contracts'

type LogoType = (typeof LOGO_CONTENT_TYPES)[number]

const SIGNATURES: Record<LogoType, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
}

export function isLogoType(value: string): value is LogoType {
  return (LOGO_CONTENT_TYPES as readonly string[]).includes(value)
}

/** The declared type must match the file's own signature: the logo is served back with it. */
export function logoMatchesType(bytes: Buffer, contentType: LogoType): boolean {
  return SIGNATURES[contentType](bytes)
}
