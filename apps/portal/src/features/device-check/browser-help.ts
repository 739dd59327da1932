/**
 * Which browser and platform the citizen uses, only to pick the right help text for
 * unblocking camera and microphone. Not used for anything else (no feature detection).
 */
export type BrowserName = 'chrome' | 'edge' | 'firefox' | 'safari' | 'samsung' | 'other'
export type Platform = 'ios' | 'android' | 'desktop'

export interface BrowserInfo {
  browser: BrowserName
  platform: Platform
}

/**
 * Reads `navigator.userAgent`. Order matters: Samsung Internet and Edge also say "Chrome",
 * Chrome also says "Safari". `maxTouchPoints` tells an iPad (which claims to be a Mac) apart.
 */
export function detectBrowser(userAgent: string, maxTouchPoints = 0): BrowserInfo {
  const ua = userAgent
  const platform: Platform = /iPhone|iPad|iPod/.test(ua)
    ? 'ios'
    : /Macintosh/.test(ua) && maxTouchPoints > 1
      ? 'ios'
      : /Android/.test(ua)
        ? 'android'
        : 'desktop'

  let browser: BrowserName
  if (/SamsungBrowser\//.test(ua)) browser = 'samsung'
  else if (/\b(Edg|EdgA|EdgiOS|Edge)\//.test(ua)) browser = 'edge'
  else if (/\b(OPR|Opera|OPT|YaBrowser|Vivaldi|UCBrowser|MiuiBrowser)\//.test(ua)) browser = 'other'
  else if (/\b(Firefox|FxiOS)\//.test(ua)) browser = 'firefox'
  else if (/(Chrome|CriOS|Chromium)\//.test(ua)) browser = 'chrome'
  else if (/\bVersion\/[\d.]+.*\bSafari\//.test(ua) || (platform === 'ios' && /AppleWebKit\//.test(ua)))
    browser = 'safari'
  else browser = 'other'
  return { browser, platform }
}

/**
 * Which set of unblocking steps fits. On iPhone and iPad every browser uses Apple's engine,
 * but the settings differ: Safari has per-site settings, the others use the iOS settings app.
 */
export type HelpKind =
  | 'chromeDesktop'
  | 'edgeDesktop'
  | 'firefoxDesktop'
  | 'safariDesktop'
  | 'iosSafari'
  | 'iosOther'
  | 'androidChrome'
  | 'androidSamsung'
  | 'androidFirefox'
  | 'otherBrowser'

export function helpKind({ browser, platform }: BrowserInfo): HelpKind {
  if (platform === 'ios') return browser === 'safari' ? 'iosSafari' : 'iosOther'
  if (platform === 'android') {
    if (browser === 'samsung') return 'androidSamsung'
    if (browser === 'firefox') return 'androidFirefox'
    if (browser === 'chrome' || browser === 'edge') return 'androidChrome'
    return 'otherBrowser'
  }
  switch (browser) {
    case 'chrome':
      return 'chromeDesktop'
    case 'edge':
      return 'edgeDesktop'
    case 'firefox':
      return 'firefoxDesktop'
    case 'safari':
      return 'safariDesktop'
    default:
      return 'otherBrowser'
  }
}
