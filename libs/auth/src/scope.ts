import { ForbiddenException } from '@nestjs/common';
import type { Actor } from '#domain';

/**
 * Limits a read to the actor's scope: city_admin and auditor see everything; an inspector or
 * district_supervisor only what lies in its district; an enterprise only what is its own (USCC).
 * @param resource the district and enterprise the resource belongs to (null when it has none)
 * @throws ForbiddenException (403 `{ error: 'forbidden', message }`) outside the scope, and for every other role
 */
export function requireInScope(actor: Actor, resource: { districtCode: string | null; enterpriseUscc: string | null }, what: string): void {
  if (actor.role === 'city_admin' || actor.role === 'auditor') return;
  if ((actor.role === 'inspector' || actor.role === 'district_supervisor') && actor.districtCode !== null && resource.districtCode === actor.districtCode) return;
  if (actor.role === 'enterprise' && actor.enterpriseUscc !== null && resource.enterpriseUscc === actor.enterpriseUscc) return;
  const scope = actor.districtCode ?? actor.enterpriseUscc ?? 'city';
  throw new ForbiddenException({ error: 'forbidden', message: `${actor.role} (${scope}) may not read ${what}: it lies outside its scope` });
}
