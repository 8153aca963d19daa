import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { actorOf, PUBLIC_ACTOR } from '#auth';
import type { Actor } from '#domain';
import type { ExpectedRevision } from '#event-store';
import { validationError } from './validation.js';

/** What a command route takes from its request besides the body. */
export interface CommandContext {
  /** The token's actor (`AuthGuard`); on the public report submission without a token, `PUBLIC_ACTOR`. */
  actor: Actor;
  correlationId: string;
  /** From `If-Match: "<revision>"`; absent when the header is. */
  expectedRevision?: ExpectedRevision;
  /** From `Idempotency-Key: <uuid>`. */
  idempotencyKey?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REVISION = /^(?:W\/)?(?:"(\d{1,19})"|(\d{1,19}))$/;

/**
 * Takes the actor the guard authenticated (`PUBLIC_ACTOR` on a public route without a token), and parses `If-Match` ('"5"', '5' or 'W/"5"'; '*' means any), `Idempotency-Key` (a UUID) and
 * `X-Correlation-Id` (kept when 1–128 safe characters, else a new UUID v7).
 * @throws BadRequestException (400, API.md's validation shape) for a malformed header
 */
export function parseCommandContext(req: Request): CommandContext {
  // The interceptor and the route's @Ctx() both ask: parse once per request (one correlation id).
  const parsed = parsedContexts.get(req);
  if (parsed) return parsed;
  const correlation = req.header('x-correlation-id');
  const context: CommandContext = {
    actor: actorOf(req) ?? PUBLIC_ACTOR,
    correlationId: correlation && /^[\w.:-]{1,128}$/.test(correlation) ? correlation : uuidv7(),
  };
  const ifMatch = req.header('if-match');
  if (ifMatch !== undefined) {
    const trimmed = ifMatch.trim();
    const m = REVISION.exec(trimmed);
    if (trimmed === '*') context.expectedRevision = 'any';
    else if (m && BigInt(m[1] ?? m[2]!) <= 9_223_372_036_854_775_807n) context.expectedRevision = BigInt(m[1] ?? m[2]!);
    else throw validationError([{ path: 'headers.if-match', message: 'If-Match must be a stream revision such as "5"' }]);
  }
  const key = req.header('idempotency-key');
  if (key !== undefined) {
    if (!UUID.test(key.trim())) throw validationError([{ path: 'headers.idempotency-key', message: 'Idempotency-Key must be a UUID' }]);
    context.idempotencyKey = key.trim().toLowerCase();
  }
  parsedContexts.set(req, context);
  return context;
}

/** Each request's parsed context (a malformed header is never stored: it throws on every ask). */
const parsedContexts = new WeakMap<Request, CommandContext>();

/** Route parameter decorator giving the `CommandContext` of the request. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext =>
  parseCommandContext(ctx.switchToHttp().getRequest<Request>()),
);
