import type { Actor, Role } from './actor.js';
import { DomainError } from './domain-error.js';

/** Roles that read and never write (DOMAIN.md §4): every command of theirs is refused. */
export const READ_ONLY_ROLES: readonly Role[] = ['auditor', 'analyst'];

/** True when the actor is the enterprise `uscc` itself (role `enterprise` scoped to that USCC). */
export function isEnterpriseItself(actor: Actor, uscc: string): boolean {
  return actor.role === 'enterprise' && actor.enterpriseUscc === uscc;
}

/** True when the actor holds one of `roles` in district `districtCode`. */
export function holdsRoleInDistrict(actor: Actor, roles: readonly Role[], districtCode: string): boolean {
  return roles.includes(actor.role) && actor.districtCode === districtCode;
}

/**
 * The refusal for "who may": code `forbidden` (the API answers 403 and logs it).
 * @param commandType the refused command, named in the message
 * @param why what the actor would have needed
 */
export function forbidden(actor: Actor, commandType: string, why: string): DomainError {
  const scope = actor.districtCode ?? actor.enterpriseUscc ?? 'city';
  return new DomainError('forbidden', `${actor.role} (${scope}) may not ${commandType}: ${why}`);
}
