/**
 * Sends a workload through the HTTP API with a few requests in flight, each stream's operations one
 * after another in list order, and a hazard's report only after its enterprise is registered.
 */
import type { WorkloadOperation } from './generate-workload.js';

/** Options of {@link sendWorkload}. */
export interface SendOptions {
  /** e.g. 'http://localhost:3000' (no trailing slash needed). */
  baseUrl: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Called after each successful operation with the number done so far. */
  onProgress?: (done: number) => void;
  /** Extra headers on every request (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Called before an operation is sent again after a network failure (see `post`). */
  onRetry?: (operation: WorkloadOperation, error: unknown, attempt: number) => void;
  /** Values captured from earlier answers (`WorkloadOperation.capture`), shared across calls; a new map by default. */
  captured?: Map<string, string>;
}

/** What a completed send reports. */
export interface SendResult {
  sent: number;
  /** The highest global position any command answered, as a decimal string ('0' when none). */
  lastPosition: string;
  elapsedMs: number;
}

/** The first operation the server did not accept (a non-2xx answer, or no answer at all). */
export class OperationFailedError extends Error {
  override readonly name = 'OperationFailedError';
  constructor(
    readonly operation: WorkloadOperation,
    /** The HTTP status, or null when the request itself failed (connection refused …). */
    readonly status: number | null,
    /** The answer's body as text (or the network error's message). */
    readonly responseBody: string,
    /** Index of the operation in the list. */
    readonly index: number,
  ) {
    super(
      `${operation.method} ${operation.path} (operation ${index + 1}) ${status === null ? 'failed' : `answered ${status}`}: ${responseBody}\n` +
        `request body: ${JSON.stringify(operation.body)}`,
    );
  }
}

/** How far ahead of the first unsent operation the scheduler looks for one it may send. */
const LOOK_AHEAD = 4000;

/**
 * Sends every operation (POST with a JSON body and its headers) and stops at the first failure:
 * the operations in flight are awaited, nothing further is sent.
 *
 * Ordering: an operation starts only when every earlier operation of its `stream` has succeeded and,
 * if it names one, every operation of its `after` stream has.
 *
 * @returns how many were sent, the highest position answered (decimal string) and the time taken (ms)
 * @throws OperationFailedError for the first non-2xx answer or network failure
 */
export async function sendWorkload(operations: readonly WorkloadOperation[], options: SendOptions): Promise<SendResult> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const started = Date.now();
  const remaining = new Map<string, number>();
  for (const op of operations) remaining.set(op.stream, (remaining.get(op.stream) ?? 0) + 1);
  const launched = new Uint8Array(operations.length);
  const busy = new Set<string>();
  let cursor = 0;
  let done = 0;
  let inFlight = 0;
  let lastPosition = 0n;
  let failure: OperationFailedError | null = null;
  const captured = options.captured ?? new Map<string, string>();

  return new Promise<SendResult>((resolve, reject) => {
    const finishIfDone = () => {
      if (inFlight > 0) return;
      if (failure) reject(failure);
      else if (done === operations.length) resolve({ sent: done, lastPosition: lastPosition.toString(), elapsedMs: Date.now() - started });
    };

    const pump = () => {
      if (failure) return finishIfDone();
      while (cursor < operations.length && launched[cursor]) cursor++;
      // Streams with an earlier operation not yet launched in this scan: later ones must wait for it.
      const blocked = new Set<string>();
      for (let i = cursor; i < operations.length && i < cursor + LOOK_AHEAD && inFlight < concurrency; i++) {
        if (launched[i]) continue;
        const op = operations[i]!;
        const waiting = busy.has(op.stream) || blocked.has(op.stream) || (op.after !== undefined && (remaining.get(op.after) ?? 0) > 0);
        if (waiting) {
          blocked.add(op.stream);
          continue;
        }
        launched[i] = 1;
        busy.add(op.stream);
        inFlight++;
        void send(op, i);
      }
      if (inFlight === 0 && !failure && done < operations.length) {
        // Nothing may start and nothing runs: an operation waits for a stream listed after it.
        return reject(new Error(`cannot order the workload: operation ${cursor + 1} (${operations[cursor]!.path}) waits for a stream that never completes`));
      }
      finishIfDone();
    };

    const send = async (op: WorkloadOperation, index: number) => {
      try {
        const path = op.path.replace(/\{\{([\w-]+)\}\}/g, (_, name: string) => {
          const value = captured.get(name);
          if (value === undefined) throw new Error(`nothing captured as '${name}' before ${op.path}`);
          return encodeURIComponent(value);
        });
        const { status, text } = await post(base, path === op.path ? op : { ...op, path }, options.headers, options.onRetry);
        if (status < 200 || status > 299) {
          failure ??= new OperationFailedError(op, status, text, index);
        } else {
          if (op.capture) {
            const value = (JSON.parse(text) as Record<string, unknown>)[op.capture.field];
            if (typeof value !== 'string') throw new Error(`${op.path} answered no string '${op.capture.field}' to capture: ${text}`);
            captured.set(op.capture.as, value);
          }
          const position = positionOf(text);
          if (position !== null && position > lastPosition) lastPosition = position;
          remaining.set(op.stream, remaining.get(op.stream)! - 1);
          done++;
          options.onProgress?.(done);
        }
      } catch (error) {
        failure ??= new OperationFailedError(op, null, error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ''}` : String(error), index);
      } finally {
        busy.delete(op.stream);
        inFlight--;
        pump();
      }
    };

    pump();
  });
}

/** Network failures retried (with the same Idempotency-Key, so the server appends once) before giving up. */
const NETWORK_RETRIES = 3;

/**
 * One POST. A request that fails without an answer (a keep-alive connection the server closed as it
 * was reused: ECONNRESET) is sent again, but only when it carries an `Idempotency-Key`: the server then
 * answers a retry of a command it did append with the first response and appends nothing.
 */
async function post(
  base: string,
  op: WorkloadOperation,
  extra: Record<string, string> | undefined,
  onRetry: SendOptions['onRetry'],
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extra, ...op.headers };
  const retriable = Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key');
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${base}${op.path}`, { method: op.method, headers, body: JSON.stringify(op.body) });
      return { status: res.status, text: await res.text() };
    } catch (error) {
      if (!retriable || attempt >= NETWORK_RETRIES) throw error;
      onRetry?.(op, error, attempt + 1);
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
  }
}

function positionOf(text: string): bigint | null {
  try {
    const body = JSON.parse(text) as { position?: unknown };
    return typeof body.position === 'string' && /^\d+$/.test(body.position) ? BigInt(body.position) : null;
  } catch {
    return null;
  }
}
