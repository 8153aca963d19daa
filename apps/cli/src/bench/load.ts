/**
 * HTTP load through autocannon (a well-kept load generator): a fixed number of connections for a
 * bounded time and count, each request built fresh (a new body per request when asked).
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

/** Options of {@link load}. */
export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  connections: number;
  /** Upper bound on the run, in seconds. */
  seconds: number;
  /** Upper bound on the requests sent (the run stops at whichever bound comes first). */
  maxRequests?: number;
  headers?: Record<string, string>;
  /** A fresh JSON body per request (POST), sent with a fresh `Idempotency-Key`, as the demo's commands are. */
  body?: () => Record<string, unknown>;
}

/** What a load measured: successes per second and latency percentiles of every request, in ms. */
export interface LoadResult {
  /** 2xx answers per second of the run. */
  perSecond: number;
  ok: number;
  /** Answers that were not 2xx, plus errors and timeouts. */
  failed: number;
  mean: number;
  p50: number;
  p99: number;
  seconds: number;
}

/**
 * Runs the load and reports it.
 * @throws Error when fewer than half of the requests succeeded (the figure would not measure the route)
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const body = options.body;
  let firstError: unknown = null;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method ?? 'GET',
        connections: options.connections,
        // With `amount`, autocannon ignores `duration`: the timer below bounds the time then.
        ...(options.maxRequests ? { amount: options.maxRequests } : { duration: options.seconds }),
        timeout: 30,
        headers: { 'content-type': 'application/json', ...options.headers },
        ...(body ? { requests: [{ setupRequest: (req: { headers?: Record<string, string> }) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() }, body: JSON.stringify(body()) }) }] } : {}),
      } as autocannon.Options,
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    const timer = setTimeout(() => instance.stop(), options.seconds * 1000);
    instance.on('done', () => clearTimeout(timer));
    instance.on('reqError', (e: unknown) => (firstError ??= e));
  });
  const ok = result['2xx'];
  const failed = result.non2xx + result.errors + result.timeouts;
  if (ok === 0 || failed > ok) {
    throw new Error(`${options.method ?? 'GET'} ${options.url}: ${ok} answers 2xx, ${failed} not (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}; first error: ${firstError instanceof Error ? firstError.message : String(firstError)})`);
  }
  return {
    perSecond: ok / result.duration,
    ok,
    failed,
    mean: result.latency.mean,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
  };
}
