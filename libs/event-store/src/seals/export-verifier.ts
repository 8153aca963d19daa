/**
 * Offline verification of an audit export (see `audit-export.ts`), without the database: each event's
 * hash from its content; the chain links between consecutive exported revisions of a stream (a whole
 * stream export must be complete from revision 0); each event's entry in its block's list; each block's
 * events hash and count; each seal's hash and the chain between the exported seals; the trailer's
 * digest of the file's bytes.
 *
 * What it proves: the events are the ones the store's seals covered, unchanged, provided the last
 * seal's hash matches one the auditor obtained independently (from the running system's
 * `GET /api/v1/audit/verify`, or an earlier export). Events after the last seal are covered by their
 * chains only (`unsealedEvents`).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, hashEvent } from '../event-hash.js';
import { AUDIT_EXPORT_FORMAT, AUDIT_EXPORT_VERSION } from './audit-export.js';
import { eventsHash, hashSeal, type Seal, type SealEntry } from './seal-hash.js';
import type { VerificationProblem } from './verification.js';

/** The result of `verifyExport`. */
export interface ExportVerification {
  ok: boolean;
  /** Every problem found, in file order (at most 100). */
  problems: VerificationProblem[];
  events: number;
  seals: number;
  /** Exported events after the last exported seal (covered by their chains only). */
  unsealedEvents: number;
  /** The last exported seal: compare its hash with one obtained from the system independently. */
  lastSeal: { blockNo: number; toPosition: string; sealHash: string } | null;
}

interface ExportedEvent {
  line: number;
  position: bigint;
  revision: bigint;
  eventId: string;
  streamId: string;
  hash: string;
  previousHash: string | null;
}

interface ExportedSeal extends Seal {
  line: number;
  entries: SealEntry[] | undefined;
}

class FormatError extends Error {}

/**
 * Verifies an export's bytes.
 * @returns the verification (never throws for bad content: a malformed file is a `format_error`)
 */
export function verifyExport(content: Buffer | string): ExportVerification {
  const problems: VerificationProblem[] = [];
  const add = (problem: VerificationProblem) => {
    if (problems.length < 100) problems.push(problem);
  };
  const events: ExportedEvent[] = [];
  const seals: ExportedSeal[] = [];
  let text: string;
  try {
    text = typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return result(false, [{ kind: 'format_error', message: 'the file is not UTF-8' }], events, seals);
  }
  if (!text.endsWith('\n')) add({ kind: 'format_error', message: 'the file does not end with a newline (truncated?)' });
  const lines = text.replace(/\n$/, '').split('\n');
  const digest = createHash('sha256');
  let header: Record<string, unknown> | undefined;
  let trailer: Record<string, unknown> | undefined;
  lines.forEach((raw, index) => {
    const line = index + 1;
    try {
      const record = parseRecord(raw);
      const kind = record['record'];
      if (trailer !== undefined) throw new FormatError('a line after the trailer');
      if (line === 1) {
        if (kind !== 'header') throw new FormatError('the first line is not the header');
        header = readHeader(record);
      } else if (kind === 'event') {
        if (seals.length > 0) throw new FormatError('an event after the seals');
        events.push(checkEvent(record, line, add));
      } else if (kind === 'seal') {
        seals.push(readSeal(record, line));
      } else if (kind === 'trailer') {
        trailer = record;
      } else {
        throw new FormatError(`unknown record ${String(kind)}`);
      }
      if (kind !== 'trailer') digest.update(`${raw}\n`, 'utf8');
    } catch (error) {
      add({ kind: 'format_error', message: `line ${line}: ${error instanceof Error ? error.message : String(error)}`, line });
    }
  });
  if (header === undefined) add({ kind: 'format_error', message: 'no header' });
  checkChains(events, header, add);
  checkSeals(events, seals, add);
  if (trailer === undefined) {
    add({ kind: 'format_error', message: 'no trailer (truncated?)' });
  } else if (
    trailer['sha256'] !== digest.digest('hex') ||
    trailer['lines'] !== lines.length - 1 ||
    trailer['events'] !== events.length ||
    trailer['seals'] !== seals.length ||
    Object.keys(trailer).length !== 5
  ) {
    add({ kind: 'file_changed', message: 'the trailer does not match the bytes, lines, events or seals of the file', line: lines.length });
  }
  return result(problems.length === 0, problems, events, seals);
}

function result(ok: boolean, problems: VerificationProblem[], events: ExportedEvent[], seals: ExportedSeal[]): ExportVerification {
  const last = seals[seals.length - 1];
  const sealedThrough = last?.toPosition ?? 0n;
  return {
    ok,
    problems,
    events: events.length,
    seals: seals.length,
    unsealedEvents: events.filter((e) => e.position > sealedThrough).length,
    lastSeal: last === undefined ? null : { blockNo: last.blockNo, toPosition: last.toPosition.toString(), sealHash: last.sealHash },
  };
}

/** Parses one line: a JSON object written canonically (a re-encoded line must equal the line). */
function parseRecord(raw: string): Record<string, unknown> {
  const value: unknown = JSON.parse(raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FormatError('not a JSON object');
  if (canonicalJson(value) !== raw) throw new FormatError('not canonical JSON');
  return value as Record<string, unknown>;
}

function readHeader(record: Record<string, unknown>): Record<string, unknown> {
  if (record['format'] !== AUDIT_EXPORT_FORMAT || record['formatVersion'] !== AUDIT_EXPORT_VERSION) {
    throw new FormatError(`not a ${AUDIT_EXPORT_FORMAT} version ${AUDIT_EXPORT_VERSION}`);
  }
  if (typeof record['exportedAt'] !== 'string' || Number.isNaN(Date.parse(record['exportedAt']))) throw new FormatError('bad exportedAt');
  const selection = record['selection'] as Record<string, unknown> | undefined;
  const keys = selection === undefined || selection === null ? [] : Object.keys(selection);
  if (keys.length !== 1 || !['streamId', 'correlationId'].includes(keys[0]!) || typeof selection![keys[0]!] !== 'string') {
    throw new FormatError('bad selection');
  }
  return record;
}

function str(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw new FormatError(`${key} is not a string`);
  return value;
}

function decimal(record: Record<string, unknown>, key: string): bigint {
  const value = str(record, key);
  if (!/^(0|[1-9][0-9]*)$/.test(value)) throw new FormatError(`${key} is not a decimal`);
  return BigInt(value);
}

function object(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = record[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FormatError(`${key} is not an object`);
  return value as Record<string, unknown>;
}

function date(record: Record<string, unknown>, key: string): Date {
  const value = new Date(str(record, key));
  if (Number.isNaN(value.getTime()) || value.toISOString() !== record[key]) throw new FormatError(`${key} is not an ISO instant`);
  return value;
}

function checkEvent(record: Record<string, unknown>, line: number, add: (p: VerificationProblem) => void): ExportedEvent {
  const previousHash = record['previousHash'] === null ? null : str(record, 'previousHash');
  const schemaVersion = record['schemaVersion'];
  if (!Number.isInteger(schemaVersion)) throw new FormatError('schemaVersion is not an integer');
  const event: ExportedEvent = {
    line,
    position: decimal(record, 'position'),
    revision: decimal(record, 'revision'),
    eventId: str(record, 'eventId'),
    streamId: str(record, 'streamId'),
    hash: str(record, 'hash'),
    previousHash,
  };
  const recomputed = hashEvent(previousHash, {
    ...event,
    type: str(record, 'type'),
    schemaVersion: schemaVersion as number,
    data: object(record, 'data'),
    metadata: object(record, 'metadata'),
    recordedAt: date(record, 'recordedAt'),
  });
  if (recomputed !== event.hash) {
    add({ kind: 'data_changed', message: `line ${line}: the event does not match its hash`, ...where(event), line });
  }
  return event;
}

function where(e: ExportedEvent): Pick<VerificationProblem, 'streamId' | 'revision' | 'position' | 'eventId'> {
  return { streamId: e.streamId, revision: e.revision.toString(), position: e.position.toString(), eventId: e.eventId };
}

function readSeal(record: Record<string, unknown>, line: number): ExportedSeal {
  const blockNo = record['blockNo'];
  const eventCount = record['eventCount'];
  if (!Number.isSafeInteger(blockNo) || !Number.isSafeInteger(eventCount)) throw new FormatError('blockNo/eventCount are not integers');
  const rawEntries = record['entries'];
  let entries: SealEntry[] | undefined;
  if (rawEntries !== undefined) {
    if (!Array.isArray(rawEntries)) throw new FormatError('entries is not a list');
    entries = rawEntries.map((entry: unknown) => {
      if (!Array.isArray(entry) || entry.length !== 5 || !entry.every((v) => typeof v === 'string')) throw new FormatError('bad entry');
      const [position, eventId, streamId, revision, hash] = entry as string[];
      if (!/^[0-9]+$/.test(position!) || !/^[0-9]+$/.test(revision!)) throw new FormatError('bad entry position or revision');
      return { position: BigInt(position!), eventId: eventId!, streamId: streamId!, revision: BigInt(revision!), hash: hash! };
    });
  }
  return {
    line,
    blockNo: blockNo as number,
    fromPosition: decimal(record, 'fromPosition'),
    toPosition: decimal(record, 'toPosition'),
    eventCount: eventCount as number,
    eventsHash: str(record, 'eventsHash'),
    previousSealHash: record['previousSealHash'] === null ? null : str(record, 'previousSealHash'),
    sealHash: str(record, 'sealHash'),
    sealedAt: date(record, 'sealedAt'),
    entries,
  };
}

/** Positions strictly increase; the selection holds; consecutive exported revisions link; a stream export is whole. */
function checkChains(events: ExportedEvent[], header: Record<string, unknown> | undefined, add: (p: VerificationProblem) => void): void {
  const selection = (header?.['selection'] ?? {}) as Record<string, string>;
  const byStream = new Map<string, ExportedEvent>();
  let previous: ExportedEvent | undefined;
  for (const event of events) {
    if (previous !== undefined && event.position <= previous.position) {
      add({ kind: 'order_changed', message: `line ${event.line}: position ${event.position} does not follow ${previous.position}`, ...where(event), line: event.line });
    }
    previous = event;
    if (selection['streamId'] !== undefined && event.streamId !== selection['streamId']) {
      add({ kind: 'event_inserted', message: `line ${event.line}: an event of another stream`, ...where(event), line: event.line });
    }
    const last = byStream.get(event.streamId);
    const whole = selection['streamId'] !== undefined;
    if (last === undefined) {
      if (whole && event.revision !== 0n) add({ kind: 'event_missing', message: `revisions 0–${event.revision - 1n} are missing`, streamId: event.streamId, revision: '0', line: event.line });
      if (event.revision === 0n && event.previousHash !== null) add({ kind: 'data_changed', message: `line ${event.line}: revision 0 names a previous hash`, ...where(event), line: event.line });
    } else if (event.revision <= last.revision) {
      add({ kind: 'order_changed', message: `line ${event.line}: revision ${event.revision} after revision ${last.revision}`, ...where(event), line: event.line });
    } else if (event.revision === last.revision + 1n) {
      if (event.previousHash !== last.hash) {
        add({ kind: 'data_changed', message: `line ${event.line}: does not link to revision ${last.revision} (line ${last.line})`, ...where(event), line: event.line });
      }
    } else if (whole) {
      add({ kind: 'event_missing', message: `revisions ${last.revision + 1n}–${event.revision - 1n} are missing`, streamId: event.streamId, revision: (last.revision + 1n).toString(), line: event.line });
    }
    if (last === undefined || event.revision > last.revision) byStream.set(event.streamId, event);
  }
}

/** Each event is in its block's list; each listed block hashes to its seal; the seals recompute and chain. */
function checkSeals(events: ExportedEvent[], seals: ExportedSeal[], add: (p: VerificationProblem) => void): void {
  let previous: ExportedSeal | undefined;
  for (const seal of seals) {
    const broken = (message: string) => add({ kind: 'seal_broken', message: `line ${seal.line}: seal ${seal.blockNo}: ${message}`, blockNo: seal.blockNo, line: seal.line });
    if (hashSeal(seal.previousSealHash, seal) !== seal.sealHash) broken('does not match its hash');
    if (previous !== undefined) {
      if (seal.blockNo !== previous.blockNo + 1 || seal.fromPosition !== previous.toPosition + 1n) broken(`does not follow seal ${previous.blockNo}`);
      if (seal.previousSealHash !== previous.sealHash) broken(`does not link to seal ${previous.blockNo}`);
    }
    if (seal.entries !== undefined) {
      const inRange = seal.entries.every((e, i) => e.position >= seal.fromPosition && e.position <= seal.toPosition && (i === 0 || e.position > seal.entries![i - 1]!.position));
      if (!inRange || seal.entries.length !== seal.eventCount || eventsHash(seal.entries) !== seal.eventsHash) broken('its entries do not match its events hash');
    }
    previous = seal;
  }
  const sealedThrough = previous?.toPosition ?? 0n;
  const firstFrom = seals[0]?.fromPosition ?? 0n;
  let s = 0;
  for (const event of events) {
    if (event.position > sealedThrough) continue;
    while (s < seals.length && seals[s]!.toPosition < event.position) s += 1;
    const seal = seals[s];
    if (event.position < firstFrom || seal === undefined || seal.entries === undefined) {
      add({ kind: 'seal_broken', message: `line ${event.line}: no block list covers position ${event.position}`, ...where(event), line: event.line });
      continue;
    }
    const entry = seal.entries.find((e) => e.position === event.position);
    if (entry === undefined) {
      add({ kind: 'event_inserted', message: `line ${event.line}: block ${seal.blockNo} has no event at position ${event.position}`, ...where(event), blockNo: seal.blockNo, line: event.line });
    } else if (entry.eventId !== event.eventId || entry.streamId !== event.streamId || entry.revision !== event.revision || entry.hash !== event.hash) {
      add({ kind: 'data_changed', message: `line ${event.line}: differs from block ${seal.blockNo}'s entry at position ${event.position}`, ...where(event), blockNo: seal.blockNo, line: event.line });
    }
  }
}
