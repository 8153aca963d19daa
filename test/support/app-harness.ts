import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { signToken, type TokenRequest } from '#auth';
import { loadConfig, type ZhibenConfig } from '#bootstrap';
import { createApp } from '../../apps/api/src/app.factory.js';
import { migratedDatabaseImage } from '../../libs/projections/src/testing/migrated-image.js';

/** The shared HS256 key every test app verifies tokens with (unless a test configures another). */
export const TEST_JWT_SECRET = Buffer.from('zhiben-e2e-test-key-of-at-least-32-bytes!').toString('base64');

/** A token signed with `TEST_JWT_SECRET` (subject `test:<role>` unless given; 12 h unless `expiresIn`). */
export function tokenFor(request: Omit<TokenRequest, 'subject'> & { subject?: string }): Promise<string> {
  return signToken(Buffer.from(TEST_JWT_SECRET, 'base64'), { subject: `test:${request.role}`, expiresIn: '12h', ...request });
}

/** A city_admin token for `TEST_JWT_SECRET`: what the request helpers send by default. */
export const ADMIN_TOKEN = await tokenFor({ role: 'city_admin', subject: 'test:city-admin' });

/** `{ authorization: 'Bearer <ADMIN_TOKEN>' }`, for requests sent without `http` (sendWorkload, raw node:http, fetch). */
export const ADMIN_AUTH: Readonly<Record<'authorization', string>> = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** A running instance of the real app on an ephemeral port. */
export interface RunningApp {
  app: NestExpressApplication;
  /** e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the real HTTP app, listening on 127.0.0.1 on a free port: embedded in-memory PGlite by
 * default, or the PostgreSQL database `databaseUrl` (its name must contain `test`).
 */
export async function startApp(overrides: Partial<ZhibenConfig> = {}): Promise<RunningApp> {
  if (overrides.databaseUrl && !new URL(overrides.databaseUrl).pathname.includes('test')) {
    throw new Error(`refusing to run tests against ${overrides.databaseUrl}: its database name lacks "test"`);
  }
  // No report rate limit unless a test asks for one (suites send many reports from 127.0.0.1).
  // In memory, the app starts from the migrated empty schema (built once per source tree) instead of initdb + migrations.
  const inMemory = !overrides.databaseUrl && (overrides.dataDir ?? 'memory://').startsWith('memory://');
  const image = inMemory && overrides.pgliteImage === undefined ? { pgliteImage: await migratedDatabaseImage() } : {};
  const config = loadConfig({}, { dataDir: 'memory://', logLevel: 'error', port: 0, reportRateLimit: null, authJwtSecret: TEST_JWT_SECRET, ...image, ...overrides });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** A JSON response: status, headers and parsed body. */
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Sends one HTTP request with a JSON body (if any) and parses the JSON answer. Sends the city_admin
 * token unless `headers` has an `authorization` of its own; `authorization: ''` sends none.
 */
export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const own = Object.keys(headers).find((h) => h.toLowerCase() === 'authorization');
  const sent: Record<string, string> = own === undefined ? { ...ADMIN_AUTH, ...headers } : { ...headers };
  if (own !== undefined && headers[own] === '') delete sent[own];
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? sent : { 'content-type': 'application/json', ...sent },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}
