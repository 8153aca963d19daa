import { createHash } from 'node:crypto';

/**
 * Canonical JSON of a value, so that the same event always hashes the same, whoever computes it.
 *
 * - object keys sorted recursively by UTF-16 code units (JavaScript's default sort, as RFC 8785 JCS);
 *   keys whose value is `undefined`, a function or a symbol are left out (as `JSON.stringify` does);
 * - no whitespace; strings and finite numbers as `JSON.stringify` writes them (ECMAScript number form,
 *   as JCS); `bigint` as a JSON string of its decimal digits (`12n` → `"12"`);
 * - values with `toJSON` (e.g. `Date`) are replaced by its result first;
 * - `undefined` inside an array becomes `null` (as `JSON.stringify` does).
 *
 * Storing `canonicalJson(data)` as jsonb and reading it back yields a value with the same canonical
 * JSON, which is what lets an auditor recompute the hash from the stored row.
 * @throws TypeError for non-finite numbers, a top-level `undefined`/function/symbol, and cycles
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${String(value)}`);
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') {
    return write((withToJson.toJSON as () => unknown).call(value), ancestors);
  }
  if (ancestors.has(value)) throw new TypeError('canonicalJson: cyclic structure');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item: unknown) => (isSkipped(item) ? 'null' : write(item, ancestors))).join(',')}]`;
    }
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (isSkipped(item)) continue;
      parts.push(`${JSON.stringify(key)}:${write(item, ancestors)}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** The fields of an event that its hash covers (everything but position and the hashes themselves). */
export interface HashedEventFields {
  eventId: string;
  streamId: string;
  revision: bigint;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: Date;
}

/**
 * The hash of an event in its stream's chain:
 * `sha256hex(previousHash ?? '' ‖ canonicalJson({ eventId, streamId, revision, type, schemaVersion,
 * data, metadata, recordedAt }))` with `revision` as a decimal string and `recordedAt` as an ISO-8601
 * UTC string with milliseconds (`Date.prototype.toISOString`). The global position is not covered
 * (block seals cover the global order).
 * @param previousHash the hash of revision n-1 of the same stream; `null` for revision 0
 * @returns 64 lower-case hex characters
 * @throws TypeError as `canonicalJson`, or RangeError for an invalid `recordedAt`
 */
export function hashEvent(previousHash: string | null, event: HashedEventFields): string {
  const body = canonicalJson({
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  });
  return createHash('sha256')
    .update(previousHash ?? '', 'utf8')
    .update(body, 'utf8')
    .digest('hex');
}
