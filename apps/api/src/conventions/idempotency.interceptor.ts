import { createHash, createHmac, hkdfSync } from 'node:crypto';
import {
  ConflictException,
  Inject,
  Injectable,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DATABASE, REPORTER_KEK, type ReporterKek } from '#bootstrap';
import type { Database } from '#database';
import { canonicalJson } from '#event-store';
import { parseCommandContext } from './command-context.js';
import type { CommandAccepted } from './command-response.js';

/**
 * Prefixed to a statement's FROM list: commits the statement's own (implicit) transaction without
 * waiting for its WAL flush (`synchronous_commit` off for that transaction only; the session keeps its
 * setting). See the class comment for why the claim and the response record need no flush of their own.
 */
export const COMMIT_WITHOUT_FLUSH = `(SELECT set_config('synchronous_commit', 'off', true)) AS no_flush`;
/** A claimed key whose first request has not answered yet has this status. */
const PENDING = 0;
/** How long a retry waits for the first request with its key to answer, in ms. */
const WAIT_FOR_FIRST_MS = 10_000;
/** A claim older than this is taken as abandoned (its process died): a retry may take it over. */
const ABANDONED_AFTER_MS = 30_000;

interface KeyRow {
  request_hash: string;
  status_code: number;
  response: CommandAccepted;
  age_ms: number;
}

/**
 * On every command route: sets the `ETag` of the new revision, and honours `Idempotency-Key`.
 * The key is claimed before the command runs, so of several requests with one key — in sequence or
 * at once, in one process or several — one runs: a retry with the same method, path and body gets its
 * response (waiting for it if it is still running); another request with that key is 422
 * `idempotency_key_reused`. A refused command releases its key. A claim left by a crashed process is
 * taken over after 30 s; the event ids derived from the key then make the re-run return the first
 * append's result (see `handleCommand`).
 *
 * ## Durability without flushes of its own
 * The claim and the response record commit with `synchronous_commit` off (no WAL flush waited for);
 * the command's append is the only flush a command waits for (shared with its group, see
 * `PostgresEventStore`). Why nothing promised is lost (decision record docs/decisions/0004):
 * - An asynchronous commit is visible to every session at once, so "one request per key runs" and
 *   "another body with this key is 422" hold exactly as before while the server is up; it can be lost
 *   only if the PostgreSQL server (or its machine) crashes before the WAL writer flushes it (≤ about
 *   3 × `wal_writer_delay`), never when this process dies.
 * - The WAL is one sequence, flushed in order: the append commits synchronously after the claim has
 *   committed (the command runs only once the claim's commit has answered), so its flush makes the
 *   claim durable too. A command is acknowledged only after its append; so an acknowledged command's
 *   claim always survives a crash, and a retry with another body is still 422. A claim lost in a crash
 *   belonged to a command that appended nothing and was never answered 201: the key is free again,
 *   as if that request had never arrived.
 * - The response record (after the append) may be lost in a server crash: the claim stays, durable,
 *   with status pending, and is taken over after 30 s like the claim of a crashed process; the re-run
 *   finds the events derived from the key and answers the first append's result (`handleCommand`),
 *   i.e. the same response. Only a retry's wait differs, and only after a server crash.
 * - Releasing the key of a refused command stays synchronous (a refusal is rare; its loss would
 *   turn a later, different body with this key into a 422).
 */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  /** The key of the request fingerprint (null: plain SHA-256), derived from the reporters' KEK. */
  private readonly fingerprintKey: Buffer | null;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(REPORTER_KEK) kek: ReporterKek,
  ) {
    this.fingerprintKey = kek.key === null ? null : Buffer.from(hkdfSync('sha256', kek.key, Buffer.alloc(0), 'zhiben/idempotency-request-fingerprint/v1', 32));
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const { idempotencyKey, actor } = parseCommandContext(req);
    const withEtag = (body: CommandAccepted) => {
      if (body && typeof body.streamRevision === 'string') res.setHeader('ETag', `"${body.streamRevision}"`);
      return body;
    };
    if (!idempotencyKey) return from(lastValueFrom(next.handle()).then(withEtag));
    // The subject is part of the request: another subject's request with the same key is a reuse (422), never a replay.
    const requestHash = this.fingerprint(`${actor.subject} ${req.method} ${req.originalUrl.split('?')[0]} ${canonicalJson(req.body ?? null)}`);
    return from(this.run(idempotencyKey, requestHash, next, res).then(withEtag));
  }

  /**
   * The stored fingerprint of a request: HMAC-SHA256 under a key derived from REPORTER_KEK, so that
   * `idempotency_keys.request_hash` cannot be used to guess a body's secret parts (a reporter's phone
   * number has few enough candidates to try them all against a plain hash once the rest of the report
   * is known from the read models). Without a KEK no identity is accepted, and a plain SHA-256 is kept.
   */
  private fingerprint(text: string): string {
    return this.fingerprintKey === null ? createHash('sha256').update(text).digest('hex') : createHmac('sha256', this.fingerprintKey).update(text).digest('hex');
  }

  private async run(key: string, requestHash: string, next: CallHandler, res: Response): Promise<CommandAccepted> {
    const claimed = await this.claim(key, requestHash);
    if (!claimed) {
      const stored = await this.awaitFirst(key, requestHash);
      if (stored) {
        res.status(stored.status_code);
        return stored.response;
      }
      // The first request's process died: take its claim over and run again (appends nothing new).
      await this.db.query('UPDATE idempotency_keys SET created_at = now() WHERE key = $1', [key]);
    }
    let body: CommandAccepted;
    try {
      body = (await lastValueFrom(next.handle())) as CommandAccepted;
    } catch (error) {
      await this.db.query('DELETE FROM idempotency_keys WHERE key = $1 AND status_code = $2', [key, PENDING]);
      throw error;
    }
    await this.db.query(`UPDATE idempotency_keys SET status_code = 201, response = $2::jsonb FROM ${COMMIT_WITHOUT_FLUSH} WHERE key = $1`, [key, JSON.stringify(body)]);
    return body;
  }

  /** Claims the key for this request; false when another request holds or held it. */
  private async claim(key: string, requestHash: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `INSERT INTO idempotency_keys (key, request_hash, status_code, response) SELECT $1::uuid, $2, $3::integer, '{}'::jsonb FROM ${COMMIT_WITHOUT_FLUSH}
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, requestHash, PENDING],
    );
    return rows.length === 1;
  }

  /**
   * Waits for the request holding the key to answer.
   * @returns its stored answer, or null when its claim is abandoned (to be taken over)
   * @throws UnprocessableEntityException when the key was used for another request
   * @throws ConflictException when the first request is still running after WAIT_FOR_FIRST_MS
   */
  private async awaitFirst(key: string, requestHash: string): Promise<KeyRow | null> {
    const started = performance.now();
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      const { rows } = await this.db.query<KeyRow>(
        `SELECT request_hash, status_code, response, (extract(epoch FROM now() - created_at) * 1000)::float8 AS age_ms
           FROM idempotency_keys WHERE key = $1`,
        [key],
      );
      const row = rows[0];
      if (!row) {
        // The first request was refused and released the key: this one may claim it now.
        if (await this.claim(key, requestHash)) return null;
        continue;
      }
      if (row.request_hash !== requestHash) {
        throw new UnprocessableEntityException({
          error: 'idempotency_key_reused',
          message: 'this Idempotency-Key was used with another request body or route',
        });
      }
      if (row.status_code !== PENDING) return row;
      if (row.age_ms > ABANDONED_AFTER_MS) return null;
      if (performance.now() - started > WAIT_FOR_FIRST_MS) {
        throw new ConflictException({ error: 'idempotency_in_progress', message: 'a request with this Idempotency-Key is still running; retry later' });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
