import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, type ZhibenConfig } from '#bootstrap';
import { createApp } from '../../apps/api/src/app.factory.js';

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
  const config = loadConfig({}, { dataDir: 'memory://', logLevel: 'error', port: 0, ...overrides });
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

/** Sends one HTTP request with a JSON body (if any) and parses the JSON answer. */
export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
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
