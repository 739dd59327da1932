import type { Catalogue } from '../catalogue.ts'

export const deviceCheckSection: Catalogue['deviceCheck'] = {
  title: 'Check your equipment',
}
