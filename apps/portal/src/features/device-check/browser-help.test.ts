import { describe, expect, it } from 'vitest'
import { type BrowserInfo, detectBrowser, helpKind } from './browser-help.ts'

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  chromeLinuxHeadless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
  firefoxMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  chromeIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  firefoxIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  samsungAndroid:
    'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  edgeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0',
  firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
  operaWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0',
  ipadDesktopMode:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
}

describe('detectBrowser', () => {
  it.each<[string, string, BrowserInfo]>([
    ['Chrome on Windows', UA.chromeWindows, { browser: 'chrome', platform: 'desktop' }],
    ['headless Chrome', UA.chromeLinuxHeadless, { browser: 'chrome', platform: 'desktop' }],
    ['Edge on Windows', UA.edgeWindows, { browser: 'edge', platform: 'desktop' }],
    ['Firefox on Mac', UA.firefoxMac, { browser: 'firefox', platform: 'desktop' }],
    ['Safari on Mac', UA.safariMac, { browser: 'safari', platform: 'desktop' }],
    ['Safari on iPhone', UA.safariIphone, { browser: 'safari', platform: 'ios' }],
    ['Chrome on iPhone', UA.chromeIphone, { browser: 'chrome', platform: 'ios' }],
    ['Firefox on iPhone', UA.firefoxIphone, { browser: 'firefox', platform: 'ios' }],
    ['Chrome on Android', UA.chromeAndroid, { browser: 'chrome', platform: 'android' }],
    ['Samsung Internet', UA.samsungAndroid, { browser: 'samsung', platform: 'android' }],
    ['Edge on Android', UA.edgeAndroid, { browser: 'edge', platform: 'android' }],
    ['Firefox on Android', UA.firefoxAndroid, { browser: 'firefox', platform: 'android' }],
    ['Opera', UA.operaWindows, { browser: 'other', platform: 'desktop' }],
    ['an empty user agent', '', { browser: 'other', platform: 'desktop' }],
  ])('recognises %s', (_name, ua, expected) => expect(detectBrowser(ua)).toEqual(expected))

  it('treats an iPad in desktop mode (touch) as iOS, a Mac without touch as desktop', () => {
    expect(detectBrowser(UA.ipadDesktopMode, 5)).toEqual({ browser: 'safari', platform: 'ios' })
    expect(detectBrowser(UA.ipadDesktopMode, 0)).toEqual({ browser: 'safari', platform: 'desktop' })
  })
})

describe('helpKind', () => {
  it.each([
    [UA.chromeWindows, 'chromeDesktop'],
    [UA.edgeWindows, 'edgeDesktop'],
    [UA.firefoxMac, 'firefoxDesktop'],
    [UA.safariMac, 'safariDesktop'],
    [UA.safariIphone, 'iosSafari'],
    [UA.chromeIphone, 'iosOther'],
    [UA.chromeAndroid, 'androidChrome'],
    [UA.edgeAndroid, 'androidChrome'],
    [UA.samsungAndroid, 'androidSamsung'],
    [UA.firefoxAndroid, 'androidFirefox'],
    [UA.operaWindows, 'otherBrowser'],
  ])('%s → %s', (ua, kind) => expect(helpKind(detectBrowser(ua))).toBe(kind))
})
