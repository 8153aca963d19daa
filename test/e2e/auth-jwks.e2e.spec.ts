/**
 * Bearer tokens verified against an identity provider's public key set (AUTH_JWKS_URL, AUTH_ISSUER,
 * AUTH_AUDIENCE) — the real app over HTTP (embedded PGlite) against a REAL local JWKS endpoint
 * (node:http on 127.0.0.1) serving RS256 and ES256 public keys exported with jose. Checks: tokens of
 * the set accepted (200 read, 201 command, the actor recorded from the token); wrong/missing iss or
 * aud, a key outside the set, HS256, alg none, expired, claims that name no actor → 401; rotation
 * (jose refetches the set on an unknown kid, at most once per 30 s cooldown); the provider unreachable
 * or misbehaving → 503 `auth_unavailable` (never 500, never 401 for a token that may be valid), while
 * a warm cache keeps verifying; `cli token` refuses in JWKS mode.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { loadConfig } from '#bootstrap';
import { runToken } from '../../apps/cli/src/token.command.js';
import { http, startApp, TEST_JWT_SECRET, type RunningApp } from '../support/app-harness.js';
import { testUscc } from '../support/backends.js';

const ISSUER = 'https://idp.zhiben.test/realms/cq';
const AUDIENCE = 'zhiben-api';
const D1 = '500101';
const ENT = testUscc('91500101MA60J0001');
const READ = '/api/v1/statistics/publicity?groupBy=district&year=2025';
/** jose's default cooldown between two fetches of a remote key set (createRemoteJWKSet `cooldownDuration`). */
const JOSE_COOLDOWN_MS = 30_000;

/** A provider key: its private half signs, its public JWK (with kid, alg, use) is served. */
interface ProviderKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function providerKey(kid: string, alg: 'RS256' | 'ES256'): Promise<ProviderKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

type Mode = 'ok' | 'status500' | 'junk' | 'not-a-set' | 'hang';

/** A local JWKS endpoint: serves `keys` per `mode`, and records when each fetch arrived. */
interface JwksServer {
  url: string;
  keys: JWK[];
  mode: Mode;
  fetches: number[];
  listen(port?: number): Promise<void>;
  close(): Promise<void>;
}

function jwksServer(keys: JWK[]): JwksServer {
  let server: Server | null = null;
  const state: JwksServer = {
    url: '',
    keys,
    mode: 'ok',
    fetches: [],
    async listen(port = 0) {
      server = createServer((req: IncomingMessage, res: ServerResponse) => {
        if (req.method !== 'GET' || req.url !== '/.well-known/jwks.json') {
          res.writeHead(404).end();
          return;
        }
        state.fetches.push(Date.now());
        switch (state.mode) {
          case 'ok':
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
            return;
          case 'status500':
            res.writeHead(500, { 'content-type': 'text/plain' }).end('identity provider failure');
            return;
          case 'junk':
            res.writeHead(200, { 'content-type': 'application/json' }).end('<html>maintenance</html>');
            return;
          case 'not-a-set':
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: 'none' }));
            return;
          case 'hang':
            return; // never answers: jose gives up after its 5 s timeout
        }
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
      state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    },
    async close() {
      if (!server) return;
      const s = server;
      server = null;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  return state;
}

/** A token signed by `key` with the configured issuer and audience, valid 10 minutes, unless `claims`/`header` say otherwise. */
async function signed(key: ProviderKey, claims: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'idp:wang.wu', role: 'city_admin', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Expects the API's 401 shape. */
function expectUnauthorized(res: { status: number; headers: Headers; body: any }, message?: RegExp): void {
  expect(res.status).toBe(401);
  expect(res.body.error).toBe('unauthorized');
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  if (message) expect(res.body.message).toMatch(message);
}

/** Expects the API's 503 for an unreachable key set (a retryable outage, not a bad token). */
function expectAuthUnavailable(res: { status: number; headers: Headers; body: any }): void {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ error: 'auth_unavailable', message: expect.stringMatching(/key set/) });
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
}

let rsa: ProviderKey;
let ec: ProviderKey;
let rsaNext: ProviderKey;
let rogue: ProviderKey;

beforeAll(async () => {
  [rsa, ec, rsaNext, rogue] = await Promise.all([
    providerKey('rsa-2025', 'RS256'),
    providerKey('ec-2025', 'ES256'),
    providerKey('rsa-2026', 'RS256'),
    providerKey('rogue', 'RS256'),
  ]);
});

describe('tokens verified with an identity provider key set (AUTH_JWKS_URL)', () => {
  let idp: JwksServer;
  let running: RunningApp;
  let url: string;
  const get = (token: string) => http(url, 'GET', READ, undefined, bearer(token));

  beforeAll(async () => {
    idp = jwksServer([rsa.jwk, ec.jwk]);
    await idp.listen();
    running = await startApp({ authJwtSecret: undefined, authJwksUrl: idp.url, authIssuer: ISSUER, authAudience: AUDIENCE });
    url = running.baseUrl;
  });
  afterAll(async () => {
    await running?.close();
    await idp?.close();
  });

  it('fetches the set lazily, then accepts RS256 and ES256 tokens of the set: 200 on a read, 201 on a command as city_admin', async () => {
    expect(idp.fetches).toHaveLength(0); // nothing fetched at start
    const read = await get(await signed(rsa));
    expect(read.status).toBe(200);
    expect(read.body.rows).toHaveLength(42);
    expect(idp.fetches).toHaveLength(1);

    const ecToken = await signed(ec, { sub: 'idp:li.si' });
    const command = await http(url, 'POST', '/api/v1/lectures', { districtCode: D1, topic: '安全生产讲座', audienceSize: 50, heldAt: '2025-03-01T09:00:00+08:00' }, bearer(ecToken));
    expect(command.status).toBe(201);
    expect(command.body.streamId).toBe(`publicity-${D1}-2025`);
    // The actor recorded on the event is the one the provider's token names.
    const history = await http(url, 'GET', `/api/v1/audit/streams/publicity-${D1}-2025`, undefined, bearer(await signed(rsa, { role: 'auditor', sub: 'idp:auditor' })));
    expect(history.status).toBe(200);
    expect(history.body.events[0].metadata.actor).toMatchObject({ subject: 'idp:li.si', role: 'city_admin' });
    // Still one fetch: the set is cached.
    expect(idp.fetches).toHaveLength(1);
  });

  it('reads district and enterprise claims from provider tokens, and refuses tokens whose claims name no actor', async () => {
    expect((await get(await signed(rsa, { role: 'inspector', district: D1 }))).status).toBe(200);
    expect((await get(await signed(ec, { role: 'enterprise', enterprise: ENT }))).status).toBe(200);
    expectUnauthorized(await get(await signed(rsa, { role: 'inspector' })), /district/);
    expectUnauthorized(await get(await signed(rsa, { role: 'enterprise' })), /enterprise/);
    expectUnauthorized(await get(await signed(rsa, { role: 'superuser' })), /role/);
    expectUnauthorized(await get(await signed(rsa, { sub: undefined })));
    // A district role may not post outside its district (403, not 401: the token is good).
    const elsewhere = await http(url, 'POST', '/api/v1/lectures', { districtCode: '500102', topic: '讲座', audienceSize: 1, heldAt: '2025-03-01T09:00:00+08:00' }, bearer(await signed(rsa, { role: 'inspector', district: D1 })));
    expect(elsewhere.status).toBe(403);
  });

  it('refuses a wrong or missing issuer and a wrong or missing audience (401)', async () => {
    expectUnauthorized(await get(await signed(rsa, { iss: 'https://evil.example/realms/cq' })), /iss/);
    expectUnauthorized(await get(await signed(rsa, { iss: undefined })), /iss/);
    expectUnauthorized(await get(await signed(rsa, { aud: 'another-api' })), /aud/);
    expectUnauthorized(await get(await signed(ec, { aud: undefined })), /aud/);
    expect((await get(await signed(rsa, { aud: ['another-api', AUDIENCE] }))).status).toBe(200); // aud may list several
  });

  it('refuses a key outside the set (unknown kid, or a known kid with another key) without refetching during the cooldown', async () => {
    const before = idp.fetches.length;
    expect(Date.now()).toBeLessThan(idp.fetches.at(-1)! + JOSE_COOLDOWN_MS - 2_000); // still cooling down
    expectUnauthorized(await get(await signed(rogue)), /no key/);
    expectUnauthorized(await get(await signed({ ...rogue, kid: rsa.kid })), /signature/);
    expectUnauthorized(await get(await signed({ ...rogue, kid: undefined as unknown as string })));
    expect(idp.fetches).toHaveLength(before);
  });

  it('refuses HS256 (the shared test key, or any secret), alg none, expired and not-yet-valid tokens (401)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'idp:x', role: 'city_admin', iss: ISSUER, aud: AUDIENCE, exp: now + 600 };
    for (const secret of [Buffer.from(TEST_JWT_SECRET, 'base64'), new TextEncoder().encode('any-secret-of-at-least-32-bytes-long!!')]) {
      const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: rsa.kid }).sign(secret);
      expectUnauthorized(await get(hs), /algorithm/);
    }
    // HS256 keyed with the provider's public JWK (the algorithm-confusion attack).
    const confused = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: rsa.kid }).sign(new TextEncoder().encode(JSON.stringify(rsa.jwk)));
    expectUnauthorized(await get(confused), /algorithm/);
    expectUnauthorized(await get(`${b64url({ alg: 'none', typ: 'JWT', kid: rsa.kid })}.${b64url(claims)}.`));
    expectUnauthorized(await get(await signed(rsa, { iat: now - 7200, exp: now - 60 })), /expired/);
    expectUnauthorized(await get(await signed(rsa, { nbf: now + 600 })), /nbf/);
    expectUnauthorized(await get(await signed(rsa, { exp: undefined })), /exp/);
  });

  it('picks up a key rotated into the set: refused while jose cools down, accepted after one refetch (which also retires removed keys)', async () => {
    idp.keys = [rsa.jwk, rsaNext.jwk]; // the provider publishes rsa-2026 and retires ec-2025
    const lastFetch = idp.fetches.at(-1)!;
    const before = idp.fetches.length;
    expect(Date.now()).toBeLessThan(lastFetch + JOSE_COOLDOWN_MS - 2_000);
    // Within 30 s of the last fetch an unknown kid is refused without asking the provider again.
    expectUnauthorized(await get(await signed(rsaNext)), /no key/);
    expect(idp.fetches).toHaveLength(before);
    // Once the cooldown has passed, the unknown kid makes jose refetch the set, once.
    await new Promise((r) => setTimeout(r, Math.max(0, lastFetch + JOSE_COOLDOWN_MS + 1_000 - Date.now())));
    expect((await get(await signed(rsaNext))).status).toBe(200);
    expect(idp.fetches).toHaveLength(before + 1);
    expect((await get(await signed(rsa))).status).toBe(200);
    expectUnauthorized(await get(await signed(ec)), /no key/); // retired with the refetch
    expect(idp.fetches).toHaveLength(before + 1);
  }, 60_000);

  it('keeps verifying from its cached set while the provider is down; an unknown kid is still refused (401) during the cooldown', async () => {
    await idp.close();
    expect((await get(await signed(rsaNext))).status).toBe(200);
    expect((await get(await signed(rsa, { role: 'analyst' }))).status).toBe(200);
    expectUnauthorized(await get(await signed(rogue)), /no key/);
  });

  it('`cli token` refuses in JWKS mode: exit 1, nothing on stdout, the reason on stderr', async () => {
    const written: { out: string; err: string } = { out: '', err: '' };
    const [out, err] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
    process.stdout.write = ((chunk: string | Uint8Array) => ((written.out += String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => ((written.err += String(chunk)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await runToken({ role: 'city_admin', expiresIn: '1h' }, loadConfig({}, { authJwksUrl: idp.url, authIssuer: ISSUER, authAudience: AUDIENCE, dataDir: 'memory://' }));
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    expect(code).toBe(1);
    expect(written.out).toBe('');
    expect(written.err).toMatch(/AUTH_JWKS_URL/);
    expect(written.err).toMatch(/identity provider/);
  });
});

describe('the identity provider unreachable or misbehaving at request time (no set ever fetched)', () => {
  let idp: JwksServer;
  let running: RunningApp;
  let url: string;
  let port: number;
  const get = (token: string) => http(url, 'GET', READ, undefined, bearer(token));

  beforeAll(async () => {
    idp = jwksServer([rsa.jwk, ec.jwk]);
    await idp.listen();
    port = Number(new URL(idp.url).port);
    await idp.close(); // nothing listens there now: connection refused
    running = await startApp({ authJwtSecret: undefined, authJwksUrl: idp.url, authIssuer: ISSUER, authAudience: AUDIENCE });
    url = running.baseUrl;
  });
  afterAll(async () => {
    await running?.close();
    await idp?.close();
  });

  it('answers 503 auth_unavailable (not 401, never 500) for a good token while the key set cannot be fetched', async () => {
    expectAuthUnavailable(await get(await signed(rsa)));
    expectAuthUnavailable(await http(url, 'POST', '/api/v1/lectures', { districtCode: D1, topic: '讲座', audienceSize: 1, heldAt: '2025-03-01T09:00:00+08:00' }, bearer(await signed(ec))));
  });

  it('still answers 401 for tokens refused before the key set is needed (no token, malformed, HS256, alg none)', async () => {
    expectUnauthorized(await http(url, 'GET', READ, undefined, { authorization: '' }));
    expectUnauthorized(await get('not.a.token'));
    const hs = await new SignJWT({ sub: 'x', role: 'city_admin', exp: Math.floor(Date.now() / 1000) + 60 }).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.from(TEST_JWT_SECRET, 'base64'));
    expectUnauthorized(await get(hs));
    expectUnauthorized(await get(`${b64url({ alg: 'none' })}.${b64url({ sub: 'x', role: 'city_admin' })}.`));
  });

  it('answers 503 when the provider answers 500, non-JSON, or a malformed set, and after its 5 s time-out', async () => {
    await idp.listen(port);
    for (const mode of ['status500', 'junk', 'not-a-set'] as const) {
      idp.mode = mode;
      const before = idp.fetches.length;
      expectAuthUnavailable(await get(await signed(rsa)));
      expect(idp.fetches).toHaveLength(before + 1);
    }
    idp.mode = 'hang';
    const started = Date.now();
    expectAuthUnavailable(await get(await signed(rsa)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
  }, 30_000);

  it('recovers by itself once the provider serves its set again', async () => {
    idp.mode = 'ok';
    expect((await get(await signed(ec))).status).toBe(200);
    expect((await get(await signed(rsa))).status).toBe(200);
  });
});
