import { ForbiddenException, Inject, Injectable, Logger, ServiceUnavailableException, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_METADATA, type AccessRule } from './access.js';
import { ACTOR_PROPERTY } from './request-actor.js';
import { KeySetUnavailableError, TokenVerifier, UnauthenticatedError } from './token-verifier.js';

/** Injection token of the app's `TokenVerifier`. */
export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/**
 * The global guard: reads the route's `@Access`/`@Public` decision, verifies `Authorization: Bearer
 * <JWT>`, sets the request's actor, and lets through only the decision's roles.
 * @throws UnauthorizedException 401 `{ error: 'unauthorized', message }` (missing/invalid/expired token)
 * @throws ForbiddenException 403 `{ error: 'forbidden', message }` (role not allowed, or a route without a decision)
 * @throws ServiceUnavailableException 503 `{ error: 'auth_unavailable', message }` when the identity provider's
 *   key set is needed and cannot be fetched (logged with jose's/fetch's reason)
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    const header = req.headers.authorization;
    if (rule?.public && header === undefined) return true;
    const token = bearerToken(header);
    try {
      (req as unknown as Record<string, unknown>)[ACTOR_PROPERTY] = await this.verifier.verify(token);
    } catch (e) {
      if (e instanceof KeySetUnavailableError) {
        const cause = e.cause instanceof Error ? `${e.cause.name}: ${e.cause.message}` : String(e.cause);
        this.logger.warn(`${e.message} (${cause})`);
        throw new ServiceUnavailableException({ error: 'auth_unavailable', message: e.message });
      }
      throw new UnauthorizedException({ error: 'unauthorized', message: e instanceof UnauthenticatedError ? e.message : 'the token does not verify' });
    }
    if (!rule) throw new ForbiddenException({ error: 'forbidden', message: 'this route has no access decision' });
    if (rule.public) return true;
    const actor = (req as unknown as Record<string, { role: string }>)[ACTOR_PROPERTY]!;
    if (!(rule.roles as readonly string[]).includes(actor.role)) {
      throw new ForbiddenException({ error: 'forbidden', message: `role ${actor.role} may not ${req.method} this route (allowed: ${rule.roles.join(', ')})` });
    }
    return true;
  }
}

/** The token of `Authorization: Bearer <token>`; a missing or other header is a 401. */
function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw new UnauthorizedException({ error: 'unauthorized', message: 'a bearer token is required (Authorization: Bearer <token>)' });
  const m = /^Bearer +([A-Za-z0-9._~+/=-]{1,8192})\s*$/i.exec(header);
  if (!m) throw new UnauthorizedException({ error: 'unauthorized', message: 'the Authorization header must be "Bearer <token>"' });
  return m[1]!;
}
