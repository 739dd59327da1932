import type { RoomServiceClient } from 'livekit-server-sdk'
import { describe, expect, it } from 'vitest'
import { ensureRoom, forgetRoom } from './room.service.ts'

/** Only CreateRoom is used by ensureRoom; this one counts the calls and answers when told to. */
function countingRooms() {
  const calls: string[] = []
  const answers: { resolve: () => void; reject: (error: Error) => void }[] = []
  const rooms = {
    createRoom: ({ name }: { name: string }) => {
      calls.push(name)
      return new Promise<void>((resolve, reject) => answers.push({ resolve, reject }))
    },
  } as unknown as RoomServiceClient
  const answerAll = () => {
    for (const answer of answers.splice(0)) answer.resolve()
  }
  const failAll = () => {
    for (const answer of answers.splice(0)) answer.reject(new Error('LiveKit unreachable'))
  }
  return { rooms, calls, answerAll, failAll }
}

const options = {
  appointmentId: '00000000-0000-4000-8000-000000000001',
  participantCount: () => 1,
  departureTimeoutSeconds: 20,
}
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('ensureRoom', () => {
  it('asks LiveKit once for a burst, and not again for a room it confirmed just now', async () => {
    const { rooms, calls, answerAll } = countingRooms()
    const burst = Promise.all([ensureRoom(rooms, options), ensureRoom(rooms, options), ensureRoom(rooms, options)])
    await settle()
    expect(calls).toHaveLength(1)
    answerAll()
    expect(await burst).toEqual(Array(3).fill(`appointment-${options.appointmentId}`))
    await ensureRoom(rooms, options)
    expect(calls).toHaveLength(1)
  })

  it('asks again once the room was forgotten (closed here or elsewhere)', async () => {
    const { rooms, calls, answerAll } = countingRooms()
    const first = ensureRoom(rooms, options)
    await settle()
    answerAll()
    await first
    forgetRoom(rooms, options.appointmentId)
    const second = ensureRoom(rooms, options)
    await settle()
    expect(calls).toHaveLength(2)
    answerAll()
    await second
  })

  it('does not trust an answer to a call that was under way when the room was forgotten', async () => {
    const { rooms, calls, answerAll } = countingRooms()
    const early = ensureRoom(rooms, options)
    await settle()
    forgetRoom(rooms, options.appointmentId) // the room is deleted while CreateRoom is in flight
    answerAll()
    await early
    const later = ensureRoom(rooms, options)
    await settle()
    expect(calls).toHaveLength(2)
    answerAll()
    await later
  })

  it('remembers nothing when LiveKit fails, and every waiting request hears the failure', async () => {
    const { rooms, calls, failAll, answerAll } = countingRooms()
    const burst = Promise.allSettled([ensureRoom(rooms, options), ensureRoom(rooms, options)])
    await settle()
    failAll()
    expect((await burst).map((r) => r.status)).toEqual(['rejected', 'rejected'])
    const retry = ensureRoom(rooms, options)
    await settle()
    expect(calls).toHaveLength(2)
    answerAll()
    await retry
  })
})
