import { jest } from '@jest/globals';
import { SignJWT } from 'jose';
import { signToken } from './token-signer.js';
import { TokenVerifier, UnauthenticatedError, VERIFIED_TOKEN_TTL_MS } from './token-verifier.js';

/**
 * The verifier's memory of tokens that verified with the shared key: it answers the same actor, it
 * never outlives a token's `exp` nor VERIFIED_TOKEN_TTL_MS, and it never lets another token through
 * (tampered, another key). Time is Jest's fake system clock (Date only), which jose reads too.
 */
const KEY = new Uint8Array(32).fill(7);
const OTHER_KEY = new Uint8Array(32).fill(9);
const T0 = Date.parse('2026-03-01T08:00:00Z');

describe('TokenVerifier with a shared key', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'hrtime', 'performance'] });
    jest.setSystemTime(T0);
  });
  afterEach(() => jest.useRealTimers());

  const token = (expiresIn: string, key = KEY) =>
    signToken(key, { role: 'district_supervisor', subject: 'li.si', district: '500103', organisation: '渝中区应急管理局', expiresIn });

  it('answers the same actor for a token seen again, as a copy the caller may change', async () => {
    const verifier = new TokenVerifier({ kind: 'secret', key: KEY });
    const jwt = await token('1h');
    const first = await verifier.verify(jwt);
    expect(first).toEqual({ subject: 'li.si', role: 'district_supervisor', districtCode: '500103', enterpriseUscc: null, organisation: '渝中区应急管理局' });
    first.role = 'city_admin';
    expect((await verifier.verify(jwt)).role).toBe('district_supervisor');
  });

  it('refuses a token that expired after it was remembered, as jose refuses it (5 s tolerance)', async () => {
    const verifier = new TokenVerifier({ kind: 'secret', key: KEY });
    const jwt = await token('30s');
    await verifier.verify(jwt);
    jest.setSystemTime(T0 + 29_000);
    expect((await verifier.verify(jwt)).subject).toBe('li.si');
    jest.setSystemTime(T0 + 36_000);
    await expect(verifier.verify(jwt)).rejects.toThrow(new UnauthenticatedError('the token has expired'));
  });

  it('checks the signature once within VERIFIED_TOKEN_TTL_MS, and again after it', async () => {
    // A token valid for 2 h is remembered for one minute only; the signature is checked again after that.
    const verifier = new TokenVerifier({ kind: 'secret', key: KEY, issuer: 'https://idp.example' });
    const jwt = await new SignJWT({ role: 'analyst' }).setProtectedHeader({ alg: 'HS256' }).setSubject('a').setIssuer('https://idp.example')
      .setIssuedAt().setNotBefore(Math.floor(T0 / 1000)).setExpirationTime('2h').sign(KEY);
    expect((await verifier.verify(jwt)).role).toBe('analyst');
    const spy = jest.spyOn(crypto.subtle, 'verify');
    jest.setSystemTime(T0 + VERIFIED_TOKEN_TTL_MS - 1_000);
    await verifier.verify(jwt);
    expect(spy).not.toHaveBeenCalled();
    jest.setSystemTime(T0 + VERIFIED_TOKEN_TTL_MS + 1_000);
    await verifier.verify(jwt);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('never lets a tampered token or one signed with another key through, before or after a good one was remembered', async () => {
    const verifier = new TokenVerifier({ kind: 'secret', key: KEY });
    const jwt = await token('1h');
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    await expect(verifier.verify(`${header}.${payload}.${flipped}`)).rejects.toThrow(UnauthenticatedError);
    await verifier.verify(jwt);
    await expect(verifier.verify(`${header}.${payload}.${flipped}`)).rejects.toThrow('the token signature does not verify');
    await expect(verifier.verify(await token('1h', OTHER_KEY))).rejects.toThrow('the token signature does not verify');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const raised = Buffer.from(JSON.stringify({ ...claims, role: 'city_admin' })).toString('base64url');
    await expect(verifier.verify(`${header}.${raised}.${signature}`)).rejects.toThrow('the token signature does not verify');
  });
});
