import { isCstDate, isIsoInstant } from '#domain';
import type { AsOf, RecordedRange } from '#event-store';
import { validationError } from '../conventions/validation.js';
import type { ValidationDetail } from '../conventions/validation.js';

/** Largest page an audit list route answers; the default when `limit` is absent. */
export const MAX_AUDIT_PAGE = 1000;
export const DEFAULT_AUDIT_PAGE = 100;
const MAX_POSITION = 9_223_372_036_854_775_807n;

/** Raw query-string values (Express may hand arrays for repeated keys). */
type Raw = unknown;

function fail(details: ValidationDetail[]): never {
  throw validationError(details);
}

/**
 * `limit` (1..1000, default `fallback`).
 * @throws BadRequestException (400 validation) otherwise
 */
export function parseLimit(raw: Raw, fallback = DEFAULT_AUDIT_PAGE): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_AUDIT_PAGE) {
    fail([{ path: 'query.limit', message: `limit must be an integer from 1 to ${MAX_AUDIT_PAGE}` }]);
  }
  return Number(raw);
}

/**
 * A non-negative 64-bit decimal (a position or revision cursor); `fallback` when absent.
 * @throws BadRequestException (400 validation) otherwise
 */
export function parseCursor(raw: Raw, name: string, fallback: bigint): bigint {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{1,19}$/.test(raw) || BigInt(raw) > MAX_POSITION) {
    fail([{ path: `query.${name}`, message: `${name} must be a non-negative integer (a decimal string)` }]);
  }
  return BigInt(raw);
}

/** 00:00 China Standard Time of a 'YYYY-MM-DD' date, as an instant. */
function cstMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/**
 * An instant bound: an ISO-8601 instant with offset as is; a CST date as its 00:00 CST (`from`) or as
 * the next day's 00:00 CST (`to`: the whole day is inside the half-open interval).
 */
function parseBound(raw: Raw, name: 'from' | 'to'): Date | null {
  if (raw === undefined) return null;
  if (typeof raw === 'string' && isCstDate(raw)) {
    const start = cstMidnight(raw);
    return name === 'from' ? start : new Date(start.getTime() + 86_400_000);
  }
  if (typeof raw === 'string' && isIsoInstant(raw)) return new Date(raw);
  return fail([{ path: `query.${name}`, message: `${name} must be a CST date YYYY-MM-DD or an ISO-8601 time with an offset` }]);
}

/**
 * `from` / `to` → the half-open interval `[from, to)` of recording instants; a date `from` starts at
 * its 00:00 CST, a date `to` includes its whole day. `required` makes both mandatory.
 * @throws BadRequestException (400 validation) for a malformed bound or `from` after `to`
 */
export function parseRecordedRange(query: { from?: Raw; to?: Raw }, required: boolean): RecordedRange {
  const missing: ValidationDetail[] = [];
  if (required && query.from === undefined) missing.push({ path: 'query.from', message: 'from is required (a CST date or an ISO-8601 time)' });
  if (required && query.to === undefined) missing.push({ path: 'query.to', message: 'to is required (a CST date or an ISO-8601 time)' });
  if (missing.length > 0) fail(missing);
  const range = { from: parseBound(query.from, 'from'), to: parseBound(query.to, 'to') };
  if (range.from && range.to && range.from.getTime() > range.to.getTime()) fail([{ path: 'query.to', message: 'to must not be before from' }]);
  return range;
}

/**
 * `asOf`: a global position (digits) or an ISO-8601 instant with offset (what the store had recorded
 * by then, `recordedAt ≤ t`); absent means now (everything recorded).
 * @throws BadRequestException (400 validation) otherwise
 */
export function parseAsOf(raw: Raw): AsOf | null {
  if (raw === undefined) return null;
  if (typeof raw === 'string' && /^\d{1,19}$/.test(raw) && BigInt(raw) <= MAX_POSITION) return { position: BigInt(raw) };
  if (typeof raw === 'string' && isIsoInstant(raw)) return { recordedAt: new Date(raw) };
  return fail([{ path: 'query.asOf', message: 'asOf must be a global position (digits) or an ISO-8601 time with an offset' }]);
}
