import { SetMetadata } from '@nestjs/common';
import type { TokenRole } from './principal.js';

/** Metadata key of a route's access decision. */
export const ACCESS_METADATA = 'zhiben:access';

/**
 * How a route limits a role to its scope once the role is let through:
 * - `none`: the role is enough (figures, reference data, audit reads — nothing personal by district);
 * - `resource`: the handler limits a district role to its district and an enterprise to its own USCC
 *   (`requireInScope`), 403 otherwise;
 * - `decider`: a command — the domain decider judges the scope and refuses with `forbidden` (403).
 */
export type AccessScope = 'none' | 'resource' | 'decider';

/** A route's access decision. `public: true` needs no token (a token, when sent, must verify). */
export type AccessRule = { public: true } | { public?: false; roles: readonly TokenRole[]; scope: AccessScope };

/**
 * Declares who may call a route (DOMAIN.md §4). Every route must carry one (on the method or its
 * controller): the app refuses to start with a route left undecided.
 */
export const Access = (rule: { roles: readonly TokenRole[]; scope: AccessScope }): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_METADATA, { public: false, ...rule } satisfies AccessRule);

/** Declares a route open to anyone without a token (health, public report submission). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);
