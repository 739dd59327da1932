import type { AdvisorList } from '@videotermin/contracts'
import { useEffect, useState } from 'react'
import { api } from '../../../api/client.ts'

export type AdvisorsState =
  | { state: 'loading' }
  | { state: 'done'; advisors: AdvisorList['advisors'] }
  | { state: 'failed' }

/** The organisation's active staff, for an admin to book for; not asked for when `enabled` is false. */
export function useAdvisors(enabled: boolean): AdvisorsState {
  const [advisors, setAdvisors] = useState<AdvisorsState>({ state: 'loading' })
  useEffect(() => {
    if (!enabled) return
    let current = true
    api<AdvisorList>('GET', '/api/staff/advisors')
      .then((list) => {
        if (current) setAdvisors({ state: 'done', advisors: list.advisors })
      })
      .catch(() => {
        if (current) setAdvisors({ state: 'failed' })
      })
    return () => {
      current = false
    }
  }, [enabled])
  return advisors
}
