import type { IncomingHttpHeaders } from 'node:http'
import UAParser from 'ua-parser-js'

export interface DeviceDescription {
  browser: string | null
  os: string | null
  deviceType: string | null
}

// Brands Chromium adds to Sec-CH-UA to keep sniffers honest; they name no browser.
const NOISE_BRANDS = /not.?a.?brand|chromium/i

function fromClientHints(headers: IncomingHttpHeaders): Partial<DeviceDescription> {
  const brands = String(headers['sec-ch-ua'] ?? '')
  const platform = String(headers['sec-ch-ua-platform'] ?? '').replace(/"/g, '')
  const mobile = headers['sec-ch-ua-mobile']
  const entries = [...brands.matchAll(/"([^"]+)";v="(\d+)"/g)].map(([, name, version]) => ({ name, version }))
  const named = entries.find((e) => e.name && !NOISE_BRANDS.test(e.name)) ?? entries.find((e) => e.name === 'Chromium')
  return {
    ...(named ? { browser: `${named.name} ${named.version}` } : {}),
    ...(platform ? { os: platform } : {}),
    ...(mobile === '?1' ? { deviceType: 'mobile' } : mobile === '?0' ? { deviceType: 'desktop' } : {}),
  }
}

/**
 * Browser, operating system and device type from client hints where the browser sends
 * them, else from the User-Agent with ua-parser-js. Coarse on purpose: names and major
 * versions, no fingerprint.
 */
export function describeDevice(headers: IncomingHttpHeaders): DeviceDescription {
  const parsed = new UAParser(String(headers['user-agent'] ?? '')).getResult()
  const hints = fromClientHints(headers)
  const major = parsed.browser.version?.split('.')[0]
  const uaBrowser = parsed.browser.name ? `${parsed.browser.name}${major ? ` ${major}` : ''}` : null
  const uaOs = parsed.os.name ? `${parsed.os.name}${parsed.os.version ? ` ${parsed.os.version}` : ''}` : null
  return {
    browser: hints.browser ?? uaBrowser,
    os: hints.os ?? uaOs,
    deviceType: parsed.device.type ?? hints.deviceType ?? 'desktop',
  }
}
