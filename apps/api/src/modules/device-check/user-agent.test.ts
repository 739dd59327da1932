import { describe, expect, it } from 'vitest'
import { describeDevice } from './user-agent.ts'

describe('describeDevice', () => {
  it('reads Firefox on Windows from the User-Agent', () => {
    expect(
      describeDevice({
        'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
      }),
    ).toEqual({ browser: 'Firefox 128', os: 'Windows 10', deviceType: 'desktop' })
  })

  it('reads Safari on an iPhone as mobile', () => {
    const ua =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
    expect(describeDevice({ 'user-agent': ua })).toMatchObject({ browser: 'Mobile Safari 17', deviceType: 'mobile' })
  })

  it('prefers client hints and ignores the noise brands', () => {
    expect(
      describeDevice({
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
        'sec-ch-ua': '"Chromium";v="156", "Not.A/Brand";v="24", "Google Chrome";v="156"',
        'sec-ch-ua-platform': '"Windows"',
        'sec-ch-ua-mobile': '?0',
      }),
    ).toEqual({ browser: 'Google Chrome 156', os: 'Windows', deviceType: 'desktop' })
  })
})
