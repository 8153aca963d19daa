/**
 * Roles of DOMAIN.md §4, plus `system` for the process managers (the deadline watcher) and `public` for
 * anyone submitting a whistle-blower report without a token (DOMAIN.md §4 "anyone"; it may do nothing else).
 */
export const ROLES = ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst', 'system', 'public'] as const;
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
  /** Groups every event one request (or one process-manager reaction) caused: `X-Correlation-Id`, or made. */
  correlationId: string;
  /** The event this command reacts to (e.g. the deadline watcher's), or `null`: the command handler then names the command's own id. */
  causationId: string | null;
}

/** What every event carries in `metadata` (the store adds recordedAt, revision, position and hashes). */
export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  /** The command's id (from `handleCommand`), or the event a process manager reacted to; `null` only in events stored before issue 4. */
  causationId: string | null;
  /** When the fact happened in the world (ISO-8601 with offset). */
  occurredAt: string;
}
