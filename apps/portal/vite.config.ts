import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The portal's config module: the only place here that reads the environment.
const apiOrigin = process.env.API_ORIGIN ?? 'http://127.0.0.1:3000'
const livekitUrl = process.env.LIVEKIT_URL ?? 'ws://127.0.0.1:7880'
const livekitHttp = livekitUrl.replace(/^ws/, 'http')

// Strict CSP: the browser may talk to this origin and the LiveKit server, nothing else.
const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  `connect-src 'self' ${livekitUrl} ${livekitHttp}`,
  "worker-src 'self' blob:",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ')

const securityHeaders = {
  'Content-Security-Policy': csp,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=(self), geolocation=()',
}

// The API owns /api, the personal links (/t/<token>) and hand-over links (/h/<token>); the portal proxies them so both
// share one origin (cookies stay first-party, no CORS).
const proxy = {
  '/api': { target: apiOrigin, changeOrigin: false },
  '/t/': { target: apiOrigin, changeOrigin: false },
  '/h/': { target: apiOrigin, changeOrigin: false },
}

export default defineConfig({
  plugins: [react()],
  server: { proxy, headers: { 'Referrer-Policy': 'no-referrer' } },
  preview: { proxy, headers: securityHeaders },
  build: { target: 'es2022', sourcemap: false },
})
