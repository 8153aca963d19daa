/**
 * Sends the accepted rows to the API in batches: for each batch of rows, first the enterprises they
 * need registered, then the rows themselves, several at once, each row's commands one after another.
 * Every command carries its deterministic Idempotency-Key.
 */
import { postCommand, type ApiTarget } from './import-api.js';
import type { ImportPlan } from './precheck.js';

/** A row the server refused after the pre-check passed it (a race with another writer, or a bug). */
export interface FailedRow {
  line: number;
  reason: string;
}

/** What sending did. */
export interface SendOutcome {
  /** Commands the server accepted (each appends one event). */
  eventsAppended: number;
  failed: FailedRow[];
  /** The highest position answered, decimal string; '0' when nothing was sent. */
  lastPosition: string;
}

/** Options of {@link sendPlan}. */
export interface SendPlanOptions {
  /** Rows per batch (default 100). */
  batch?: number;
  /** Rows in flight at once within a batch (default 8). */
  concurrency?: number;
  /** Called after each row is sent (or failed) with the rows done and the rows to send. */
  onProgress?(done: number, total: number): void;
}

/** Sends every row of the plan that has requests. Never throws for a refused command: the row is reported failed. */
export async function sendPlan(plan: ImportPlan, api: ApiTarget, options: SendPlanOptions = {}): Promise<SendOutcome> {
  const batch = Math.max(1, options.batch ?? 100);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const rows = plan.rows.filter((r) => r.requests.length > 0);
  const registered = new Map<string, string | null>(); // uscc → null when registered, else the refusal
  const failed: FailedRow[] = [];
  let eventsAppended = 0;
  let lastPosition = 0n;
  let done = 0;

  const send = async (request: Parameters<typeof postCommand>[1]): Promise<string | null> => {
    let answer;
    try {
      answer = await postCommand(api, request);
    } catch (error) {
      return `POST ${request.path} got no answer: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (answer.status < 200 || answer.status > 299) return `POST ${request.path} answered ${answer.status}: ${JSON.stringify(answer.body)}`;
    eventsAppended++;
    const position = answer.body?.position;
    if (typeof position === 'string' && /^\d+$/.test(position) && BigInt(position) > lastPosition) lastPosition = BigInt(position);
    return null;
  };

  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const needed = [...new Set(slice.map((r) => r.uscc))].filter((uscc) => plan.registrations.has(uscc) && !registered.has(uscc));
    await pool(needed, concurrency, async (uscc) => {
      registered.set(uscc, await send(plan.registrations.get(uscc)!));
    });
    await pool(slice, concurrency, async (row) => {
      const refusal = registered.get(row.uscc);
      if (refusal) {
        failed.push({ line: row.line, reason: `the enterprise could not be registered: ${refusal}` });
      } else {
        for (const request of row.requests) {
          const problem = await send(request);
          if (problem) {
            failed.push({ line: row.line, reason: `${request.step}: ${problem}` });
            break;
          }
        }
      }
      options.onProgress?.(++done, rows.length);
    });
  }
  failed.sort((a, b) => a.line - b.line);
  return { eventsAppended, failed, lastPosition: lastPosition.toString() };
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
