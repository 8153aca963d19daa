/**
 * The few HTTP calls the import makes to a running Zhiben API: its health, its reference data, a
 * stream's history (straight from the store, so never behind like a read model), and one command.
 */
import type { ImportReference } from './match-reference.js';
import type { StepRequest } from './row-commands.js';

/** A stored event as the pre-check folds it. */
export interface StoredEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Where the API is and what every request carries (e.g. Authorization). */
export interface ApiTarget {
  baseUrl: string;
  headers: Record<string, string>;
}

/** An answer: HTTP status and parsed JSON body (or the text when not JSON). */
export interface ApiAnswer {
  status: number;
  body: any;
}

/** GETs a path. */
export async function apiGet(api: ApiTarget, path: string): Promise<ApiAnswer> {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: api.headers });
  return { status: res.status, body: parseBody(await res.text()) };
}

/** The API's head position (GET /health), as a decimal string. @throws Error when the API does not answer 200 */
export async function headPosition(api: ApiTarget): Promise<string> {
  const res = await apiGet(api, '/health');
  if (res.status !== 200) throw new Error(`GET /health answered ${res.status}`);
  return String(res.body.headPosition ?? '0');
}

/** The reference data the server loaded (districts, sectors, risk tags, criteria). @throws Error on a non-200 answer */
export async function fetchReference(api: ApiTarget): Promise<ImportReference> {
  const get = async (what: string) => {
    const res = await apiGet(api, `/api/v1/reference/${what}`);
    if (res.status !== 200) throw new Error(`GET /api/v1/reference/${what} answered ${res.status}`);
    return res.body.items;
  };
  const [districts, sectors, riskTags, criteria] = await Promise.all([get('districts'), get('sectors'), get('risk-tags'), get('criteria')]);
  return { districts, sectors, riskTags, criteria };
}

/**
 * A stream's events (GET /api/v1/audit/streams/{streamId}), or an empty list when the stream does
 * not exist (404). @throws Error on any other answer
 */
export async function readStream(api: ApiTarget, streamId: string): Promise<StoredEvent[]> {
  const res = await apiGet(api, `/api/v1/audit/streams/${encodeURIComponent(streamId)}`);
  if (res.status === 404) return [];
  if (res.status !== 200) throw new Error(`GET /api/v1/audit/streams/${streamId} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body.events as StoredEvent[]).map((e) => ({ type: e.type, data: e.data }));
}

/** Network failures retried with the same Idempotency-Key (the server then appends once). */
const NETWORK_RETRIES = 3;

/** POSTs one command with its Idempotency-Key; a request that got no answer is sent again (same key). */
export async function postCommand(api: ApiTarget, request: StepRequest): Promise<ApiAnswer> {
  const headers = { ...api.headers, 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey };
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${api.baseUrl}${request.path}`, { method: 'POST', headers, body: JSON.stringify(request.body) });
      return { status: res.status, body: parseBody(await res.text()) };
    } catch (error) {
      if (attempt >= NETWORK_RETRIES) throw error;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
  }
}

function parseBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}
