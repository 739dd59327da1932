import type { de } from './catalogues/de.ts'

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }

/** The shape every catalogue must have: the German catalogue's keys, any strings. */
export type Catalogue = Widen<typeof de>

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

/** A dotted key of a message, e.g. `citizen.join`. */
export type MessageKey = Leaves<Catalogue>
