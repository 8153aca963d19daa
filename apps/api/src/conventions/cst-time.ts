/** Milliseconds China Standard Time is ahead of UTC. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * An instant written in China Standard Time, the zone every user of Zhiben works in:
 * `2025-03-01T01:30:00Z` → `'2025-03-01T09:30:00.000+08:00'`.
 */
export function toCstIso(instant: Date): string {
  return `${new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** `toCstIso` for a nullable column. */
export function toCstIsoOrNull(instant: Date | null | undefined): string | null {
  return instant ? toCstIso(instant) : null;
}
