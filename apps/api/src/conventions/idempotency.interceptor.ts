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
import type { DataSource } from 'typeorm';
import { READ_MODELS, REPORTER_KEK, type ReporterKek } from '#bootstrap';
import { canonicalJson } from '#event-store';
import { parseCommandContext } from './command-context.js';
import type { CommandAccepted } from './command-response.js';

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
 */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  /** The key of the request fingerprint (null: plain SHA-256), derived from the reporters' KEK. */
  private readonly fingerprintKey: Buffer | null;

  constructor(
    @Inject(READ_MODELS) private readonly ds: DataSource,
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
      await this.ds.query('UPDATE idempotency_keys SET created_at = now() WHERE key = $1', [key]);
    }
    let body: CommandAccepted;
    try {
      body = (await lastValueFrom(next.handle())) as CommandAccepted;
    } catch (error) {
      await this.ds.query('DELETE FROM idempotency_keys WHERE key = $1 AND status_code = $2', [key, PENDING]);
      throw error;
    }
    await this.ds.query('UPDATE idempotency_keys SET status_code = 201, response = $2::jsonb WHERE key = $1', [key, JSON.stringify(body)]);
    return body;
  }

  /** Claims the key for this request; false when another request holds or held it. */
  private async claim(key: string, requestHash: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO idempotency_keys (key, request_hash, status_code, response) VALUES ($1, $2, $3, '{}'::jsonb)
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
      const rows: KeyRow[] = await this.ds.query(
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
