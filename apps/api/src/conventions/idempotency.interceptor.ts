import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, mergeMap, of, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { READ_MODELS } from '#bootstrap';
import { canonicalJson } from '#event-store';
import { parseCommandContext } from './command-context.js';
import type { CommandAccepted } from './command-response.js';

/**
 * On every command route: sets the `ETag` of the new revision, and honours `Idempotency-Key` — a
 * retry with the same key and body gets the first response and appends nothing; the same key with
 * another body is 422 `idempotency_key_reused`. (The event ids are also derived from the key, so two
 * retries racing each other still append once: see `handleCommand`.)
 */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  constructor(@Inject(READ_MODELS) private readonly ds: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const { idempotencyKey } = parseCommandContext(req);
    const setEtag = (body: CommandAccepted) => {
      if (body && typeof body.streamRevision === 'string') res.setHeader('ETag', `"${body.streamRevision}"`);
      return body;
    };
    if (!idempotencyKey) return next.handle().pipe(mergeMap((body: CommandAccepted) => of(setEtag(body))));
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl.split('?')[0]} ${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    return from(
      this.ds.query('SELECT request_hash, status_code, response FROM idempotency_keys WHERE key = $1', [idempotencyKey]) as Promise<
        { request_hash: string; status_code: number; response: CommandAccepted }[]
      >,
    ).pipe(
      mergeMap((rows) => {
        const stored = rows[0];
        if (stored) {
          if (stored.request_hash !== requestHash) {
            throw new UnprocessableEntityException({
              error: 'idempotency_key_reused',
              message: 'this Idempotency-Key was used with another request body or route',
            });
          }
          res.status(stored.status_code);
          return of(setEtag(stored.response));
        }
        return next.handle().pipe(
          mergeMap(async (body: CommandAccepted) => {
            await this.ds.query(
              `INSERT INTO idempotency_keys (key, request_hash, status_code, response) VALUES ($1, $2, $3, $4::jsonb)
               ON CONFLICT (key) DO NOTHING`,
              [idempotencyKey, requestHash, 201, JSON.stringify(body)],
            );
            return setEtag(body);
          }),
        );
      }),
    );
  }
}
