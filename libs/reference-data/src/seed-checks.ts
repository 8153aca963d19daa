import { SeedValidationError, type SeedEntryRef } from './seed-validation.error.js';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** True when `value` is a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `s` is a real calendar date written 'YYYY-MM-DD' (e.g. '2025-02-30' is not). */
export function isRealDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Plain code-unit order, the order the API lists codes in ('500101' < 'CQ-GXQ'). */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Checks the fields of one seed entry (or of the file's top level, when `entry` is null) and throws
 * a `SeedValidationError` naming the file, the entry and the field path on the first problem.
 * Strings must be non-empty and carry no leading or trailing whitespace.
 */
export class SeedChecker {
  constructor(
    readonly file: string,
    readonly entry: SeedEntryRef | null,
  ) {}

  /** @throws SeedValidationError always. */
  fail(problem: string): never {
    throw new SeedValidationError(this.file, this.entry, problem);
  }

  /** `value` as an object whose keys are exactly `required` plus any of `optional`. */
  object(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []): JsonObject {
    if (!isJsonObject(value)) this.fail(`${path || 'entry'}: must be an object`);
    for (const key of required) {
      if (!(key in value)) this.fail(`${join(path, key)}: is required`);
    }
    for (const key of Object.keys(value)) {
      if (!required.includes(key) && !optional.includes(key)) this.fail(`${join(path, key)}: unknown field`);
    }
    return value;
  }

  string(obj: JsonObject, key: string, path = ''): string {
    const v = obj[key];
    const p = join(path, key);
    if (typeof v !== 'string') this.fail(`${p}: must be a string, got ${describe(v)}`);
    if (v.length === 0) this.fail(`${p}: must not be empty`);
    if (v.trim() !== v) this.fail(`${p}: has leading or trailing whitespace`);
    return v;
  }

  stringOrNull(obj: JsonObject, key: string, path = ''): string | null {
    return obj[key] === null ? null : this.string(obj, key, path);
  }

  matching(obj: JsonObject, key: string, re: RegExp, what: string, path = ''): string {
    const v = this.string(obj, key, path);
    if (!re.test(v)) this.fail(`${join(path, key)}: '${v}' is not ${what}`);
    return v;
  }

  boolean(obj: JsonObject, key: string, path = ''): boolean {
    const v = obj[key];
    if (typeof v !== 'boolean') this.fail(`${join(path, key)}: must be a boolean (true or false), got ${describe(v)}`);
    return v;
  }

  integer(obj: JsonObject, key: string, min: number, max: number, path = ''): number {
    const v = obj[key];
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(`${join(path, key)}: must be an integer, got ${describe(v)}`);
    if (v < min || v > max) this.fail(`${join(path, key)}: ${v} is outside ${min}–${max}`);
    return v;
  }

  finiteNumber(obj: JsonObject, key: string, path = ''): number {
    const v = obj[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(`${join(path, key)}: must be a finite number, got ${describe(v)}`);
    return v;
  }

  date(obj: JsonObject, key: string, path = ''): string {
    const v = obj[key];
    if (!isRealDate(v)) this.fail(`${join(path, key)}: must be a real date 'YYYY-MM-DD', got ${describe(v)}`);
    return v;
  }

  dateOrNull(obj: JsonObject, key: string, path = ''): string | null {
    return obj[key] === null ? null : this.date(obj, key, path);
  }

  oneOf<T extends string>(obj: JsonObject, key: string, allowed: readonly T[], path = ''): T {
    const v = obj[key];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(`${join(path, key)}: must be one of ${allowed.join(' | ')}, got ${describe(v)}`);
    }
    return v as T;
  }

  array(obj: JsonObject, key: string, path = ''): unknown[] {
    const v = obj[key];
    if (!Array.isArray(v)) this.fail(`${join(path, key)}: must be an array, got ${describe(v)}`);
    return v;
  }

  /** An array of distinct strings each matching `re`. */
  stringArray(obj: JsonObject, key: string, re: RegExp, what: string, path = ''): string[] {
    const arr = this.array(obj, key, path);
    const seen = new Set<string>();
    arr.forEach((v, i) => {
      const p = `${join(path, key)}[${i}]`;
      if (typeof v !== 'string' || !re.test(v)) this.fail(`${p}: ${describe(v)} is not ${what}`);
      if (seen.has(v)) this.fail(`${p}: '${v}' is listed twice`);
      seen.add(v);
    });
    return arr as string[];
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
