import type { ErrorCode } from '@videotermin/contracts'

/** An error answer of the API, carrying the shared error code. */
export class ApiError extends Error {
  readonly code: ErrorCode | 'network'
  readonly status: number
  constructor(code: ErrorCode | 'network', status: number, message: string) {
    super(message)
    this.code = code
    this.status = status
  }
}

let csrfToken: string | undefined

/** Remembers the staff session's CSRF token; every state-changing request sends it. */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Calls the API on the same origin; resolves with the JSON body or rejects with an ApiError. */
export function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return send<T>(
    method,
    path,
    body === undefined ? undefined : { type: 'application/json', body: JSON.stringify(body) },
  )
}

/** Sends a file as the raw request body (the organisation's logo). */
export function apiUpload<T>(method: 'PUT' | 'POST', path: string, file: Blob): Promise<T> {
  return send<T>(method, path, { type: file.type || 'application/octet-stream', body: file })
}

async function send<T>(method: Method, path: string, content?: { type: string; body: BodyInit }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (content) headers['content-type'] = content.type
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: content?.body,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError('network', 0, 'network error')
  }
  if (response.status === 204) return undefined as T
  const payload = (await response.json().catch(() => undefined)) as
    | { error?: { code: ErrorCode; message: string } }
    | undefined
  if (!response.ok) {
    throw new ApiError(
      payload?.error?.code ?? 'internal',
      response.status,
      payload?.error?.message ?? response.statusText,
    )
  }
  return payload as T
}
