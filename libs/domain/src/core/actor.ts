/** Roles of DOMAIN.md §4, plus `system` for the process managers (the deadline watcher). */
export const ROLES = ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst', 'system'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who issues a command: the subject, the role, and the scope the role is held in
 * (a district code for inspectors and supervisors, a USCC for an enterprise, `null` otherwise).
 */
export interface Actor {
  subject: string;
  role: Role;
  districtCode: string | null;
  enterpriseUscc: string | null;
  /** Human-readable organisation: district bureau, department or enterprise name. */
  organisation: string;
}

/** What every command carries besides its data. `now` is when the command was received (ISO-8601). */
export interface CommandMetadata {
  actor: Actor;
  now: string;
  correlationId: string;
  causationId: string | null;
}

/** What every event carries in `metadata` (the store adds recordedAt, revision, position and hashes). */
export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  /** When the fact happened in the world (ISO-8601 with offset). */
  occurredAt: string;
}
