/**
 * Raw-HTTP plumbing for the hostile-input end-to-end suites: requests written out over `node:http`
 * exactly as given (malformed bodies, odd headers, odd paths), the cases those suites list, and the
 * assertions every refusal must pass (API.md "Conventions": the documented status, a JSON body with an
 * `error` word, the validation shape for a 400, `currentRevision` on a 409 conflict).
 */
import { request as httpRequest } from 'node:http';
import { ADMIN_AUTH } from './app-harness.js';

/** An answer read off the socket: status, headers, the body as text and, when it is JSON, parsed. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body; `undefined` when the body is empty or not JSON. */
  body: any;
}

/**
 * Sends one request over raw HTTP, so that malformed bodies, odd headers and odd paths go out exactly
 * as written. Sends the city_admin token (and, with a body, `content-type: application/json`) unless
 * `headers` says otherwise; gives up with an error when no answer comes within 20 s.
 */
export function raw(base: string, method: string, path: string, body?: string | Buffer, headers: Record<string, string | string[]> = {}): Promise<RawResponse> {
  const u = new URL(base);
  const sent: Record<string, string | string[]> = body !== undefined ? { ...ADMIN_AUTH, 'content-type': 'application/json', ...headers } : { ...ADMIN_AUTH, ...headers };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers: sent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = undefined;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          /* not JSON: the assertions say so */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer within 20 s to ${method} ${path.slice(0, 80)}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** `JSON.stringify(value)`: the text of a request body. */
export const json = (value: unknown): string => JSON.stringify(value);

/** Appends raw `"key": value` text to a JSON object's text (keys JSON.stringify would not let through as own keys). */
export const withRawKey = (objectText: string, key: string, valueText: string): string => `${objectText.slice(0, -1)},${JSON.stringify(key)}:${valueText}}`;

/** One hostile request and the answer the contract documents for it. */
export interface HostileCase {
  name: string;
  method: string;
  /** May hold placeholders (such as `{hz}`) that the suite fills in for each case. */
  path: string;
  body?: string;
  headers?: Record<string, string | string[]>;
  /** The documented status (or the statuses a fix may choose between). */
  status: number | number[];
  /** The documented `error` word, when the contract names one. */
  error?: string | string[];
  /** A `details[].path` a 400 must name. */
  detail?: string;
}

/** A `HostileCase` from its name, request and documented status; `more` adds headers, `error` and `detail`. */
export const hostileCase = (name: string, method: string, path: string, body: string | undefined, status: HostileCase['status'], more: Partial<HostileCase> = {}): HostileCase => ({
  name, method, path, body, status, ...more,
});

/** Fails with the answer in the message, so that a report shows what came back. */
export function expectStatus(res: RawResponse, statuses: number[]): void {
  if (!statuses.includes(res.status)) {
    throw new Error(`expected status ${statuses.join(' or ')}, got ${res.status}: ${res.text.slice(0, 300) || '(empty body)'}`);
  }
}

/**
 * Every answer to a hostile case: the documented status and a JSON body; for a refusal (4xx/5xx) an
 * `error` word (the documented one, when given), the validation shape for a 400 naming `detail`, and a
 * `currentRevision` (null or a decimal string) on a 409 conflict.
 */
export function expectDocumentedRefusal(res: RawResponse, k: Pick<HostileCase, 'status' | 'error' | 'detail'>): void {
  expectStatus(res, [k.status].flat());
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  if (res.status < 400) return;
  expect(res.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
  if (k.error !== undefined) expect([k.error].flat()).toContain(res.body.error);
  if (res.status === 400 && res.body.error === 'validation') {
    expect(Array.isArray(res.body.details) && res.body.details.length > 0).toBe(true);
    for (const d of res.body.details) expect(d).toEqual({ path: expect.any(String), message: expect.any(String) });
    if (k.detail !== undefined) expect(res.body.details.map((d: { path: string }) => d.path)).toContain(k.detail);
  } else if (k.detail !== undefined) {
    throw new Error(`expected API.md's validation shape naming ${k.detail}, got ${res.text.slice(0, 300)}`);
  }
  if (res.status === 409 && res.body.error === 'conflict') {
    expect(res.body).toHaveProperty('currentRevision');
    expect(res.body.currentRevision === null || /^\d+$/.test(res.body.currentRevision)).toBe(true);
  }
}

/** The store's head position (a decimal string) from `GET /health`, which must answer 200. */
export async function headPosition(base: string): Promise<string> {
  const health = await raw(base, 'GET', '/health');
  expect(health.status).toBe(200);
  return health.body.headPosition as string;
}

/**
 * The projections a `GET /health` answer reports with a `lastError`, and the events it names as parked
 * (a projector threw on them: the runner sets them aside instead of erroring) — none, on a healthy app.
 */
export function projectionErrors(health: RawResponse): { lastError: string | null }[] {
  const parked = (health.body.parkedEvents?.first ?? []) as { projection: string; position: string; error: string }[];
  return [
    ...health.body.projections.filter((p: { lastError: string | null }) => p.lastError !== null),
    ...parked.map((p) => ({ lastError: `${p.projection} parked the event at position ${p.position}: ${p.error}` })),
  ];
}
