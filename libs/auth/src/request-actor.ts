import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '#domain';

/** The request property the guard sets to the authenticated actor (absent on a public route without a token). */
export const ACTOR_PROPERTY = 'zhibenActor';

/** The authenticated actor of a request, or null (public route, no token). */
export function actorOf(req: Request): Actor | null {
  return ((req as unknown as Record<string, unknown>)[ACTOR_PROPERTY] as Actor | undefined) ?? null;
}

/** Route parameter decorator: the authenticated actor (the guard has made sure there is one on a non-public route). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = actorOf(ctx.switchToHttp().getRequest<Request>());
  if (!actor) throw new Error('CurrentActor on a route without an authenticated actor');
  return actor;
});
