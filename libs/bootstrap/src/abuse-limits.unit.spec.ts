import { loadConfig } from './config.js';
import { parseRateLimit, parseTrustProxy } from './abuse-limits.js';

describe('REPORT_RATE_LIMIT', () => {
  it.each([
    ['10/minute', { limit: 10, windowMs: 60_000 }],
    ['10/min', { limit: 10, windowMs: 60_000 }],
    ['10 / m', { limit: 10, windowMs: 60_000 }],
    ['30/5m', { limit: 30, windowMs: 300_000 }],
    ['30/5minutes', { limit: 30, windowMs: 300_000 }],
    ['100/hour', { limit: 100, windowMs: 3_600_000 }],
    ['2/h', { limit: 2, windowMs: 3_600_000 }],
    ['1/s', { limit: 1, windowMs: 1_000 }],
    ['3/10seconds', { limit: 3, windowMs: 10_000 }],
    ['5/SECOND', { limit: 5, windowMs: 1_000 }],
  ])('%s → %o', (text, expected) => {
    expect(parseRateLimit(text)).toEqual(expected);
  });

  it('defaults to 10 a minute; off and 0 turn it off', () => {
    expect(parseRateLimit(undefined)).toEqual({ limit: 10, windowMs: 60_000 });
    expect(parseRateLimit('  ')).toEqual({ limit: 10, windowMs: 60_000 });
    expect(parseRateLimit('off')).toBeNull();
    expect(parseRateLimit('OFF')).toBeNull();
    expect(parseRateLimit('0')).toBeNull();
  });

  it.each(['10', '10/', '/minute', '0/minute', '10/0m', '10/fortnight', '-1/min', '10/minute/x', '1e3/min'])('refuses %s naming the variable', (text) => {
    expect(() => parseRateLimit(text)).toThrow(/^invalid configuration: REPORT_RATE_LIMIT/);
  });

  it('is read by loadConfig from the environment', () => {
    expect(loadConfig({ REPORT_RATE_LIMIT: '4/2s' }).reportRateLimit).toEqual({ limit: 4, windowMs: 2_000 });
    expect(loadConfig({}).reportRateLimit).toEqual({ limit: 10, windowMs: 60_000 });
    expect(loadConfig({ REPORT_RATE_LIMIT: 'off' }).reportRateLimit).toBeNull();
    expect(() => loadConfig({ REPORT_RATE_LIMIT: 'lots' })).toThrow(/REPORT_RATE_LIMIT/);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['FALSE', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.1.7', '10.0.0.0/8,192.168.1.7'],
    ['loopback,uniquelocal,fd00::/8', 'loopback,uniquelocal,fd00::/8'],
  ])('%s → %s', (text, expected) => {
    expect(parseTrustProxy(text)).toEqual(expected);
  });

  it.each(['yes', 'proxy.example.cn', '10.0.0.0/8,everyone', 'loopback;rm'])('refuses %s', (text) => {
    expect(() => parseTrustProxy(text)).toThrow(/^invalid configuration: TRUST_PROXY/);
  });

  it('is read by loadConfig (default false: X-Forwarded-For ignored)', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });
});
