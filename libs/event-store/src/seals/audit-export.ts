/**
 * The audit export: JSON lines an auditor can verify offline (`verifyExport`), without the database.
 *
 *   line 1      {"record":"header","format":"zhiben-audit-export","formatVersion":1,"exportedAt":…,"selection":{…}}
 *   then        {"record":"event",…} per event, in global order: eventId, streamId, revision, position,
 *               type, schemaVersion, data, metadata, recordedAt, hash, previousHash
 *   then        {"record":"seal",…} per seal from the first to the last seal covering an exported event:
 *               the covering ones with `entries`, the (position, eventId, streamId, revision, hash) list
 *               of their whole block; the ones between without (their headers connect the seal chain)
 *   last        {"record":"trailer","lines":n,"events":e,"seals":s,"sha256":…} — sha256 hex of every
 *               byte before the trailer line, so a damaged file is told from a forged one
 *
 * Every line is canonical JSON (`canonicalJson`); positions and revisions are decimal strings.
 */
import { createHash } from 'node:crypto';
import type { SqlExecutor } from '#database';
import { canonicalJson } from '../event-hash.js';
import type { RecordedEvent } from '../event-store.port.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from '../postgres-event-store.js';
import { sealEntryTuple, type Seal } from './seal-hash.js';
import { blockEntries, sealsBetween, sealsMeeting } from './seal-repository.js';

/** The export's format name and version, as its header states them. */
export const AUDIT_EXPORT_FORMAT = 'zhiben-audit-export';
export const AUDIT_EXPORT_VERSION = 1;

/** What to export: one whole stream, or every event of one correlation id (`metadata.correlationId`). */
export type AuditExportSelection = { streamId: string } | { correlationId: string };

/** Options of `auditExportLines`. */
export interface AuditExportOptions {
  /** The export's time (default now). */
  clock?: () => Date;
  /** Events read per query (default 1 000). */
  batchSize?: number;
}

/**
 * The export's lines (each without its newline; join with `\n` and end with one). Streams: memory
 * holds one batch of events plus one position per exported event (to find their seals).
 * @throws RangeError when the selection names nothing (an empty id)
 */
export async function* auditExportLines(
  db: SqlExecutor,
  selection: AuditExportSelection,
  options: AuditExportOptions = {},
): AsyncGenerator<string, void, undefined> {
  const id = 'streamId' in selection ? selection.streamId : selection.correlationId;
  if (typeof id !== 'string' || id.length === 0) throw new RangeError('the export needs a stream id or a correlation id');
  const digest = createHash('sha256');
  let lines = 0;
  const emit = (record: Record<string, unknown>): string => {
    const line = canonicalJson(record);
    digest.update(`${line}\n`, 'utf8');
    lines += 1;
    return line;
  };
  yield emit({
    record: 'header',
    format: AUDIT_EXPORT_FORMAT,
    formatVersion: AUDIT_EXPORT_VERSION,
    exportedAt: (options.clock ?? (() => new Date()))().toISOString(),
    selection: 'streamId' in selection ? { streamId: selection.streamId } : { correlationId: selection.correlationId },
  });
  const positions: bigint[] = [];
  for await (const event of selectedEvents(db, selection, options.batchSize ?? 1000)) {
    positions.push(event.position);
    yield emit(eventRecord(event));
  }
  let sealCount = 0;
  if (positions.length > 0) {
    const covering = await sealsMeeting(db, positions[0]!, positions[positions.length - 1]!);
    const coveringNos = new Set<number>();
    let i = 0;
    for (const seal of covering) {
      while (i < positions.length && positions[i]! < seal.fromPosition) i += 1;
      if (i < positions.length && positions[i]! <= seal.toPosition) coveringNos.add(seal.blockNo);
    }
    if (coveringNos.size > 0) {
      const nos = [...coveringNos];
      for (const seal of await sealsBetween(db, Math.min(...nos), Math.max(...nos))) {
        const entries = coveringNos.has(seal.blockNo) ? (await blockEntries(db, seal.fromPosition, seal.toPosition)).map(sealEntryTuple) : undefined;
        sealCount += 1;
        yield emit(sealRecord(seal, entries));
      }
    }
  }
  yield canonicalJson({ record: 'trailer', lines, events: positions.length, seals: sealCount, sha256: digest.digest('hex') });
}

/** An event as an export record. */
export function eventRecord(event: RecordedEvent): Record<string, unknown> {
  return {
    record: 'event',
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
    hash: event.hash,
    previousHash: event.previousHash,
  };
}

/** A seal as an export record, with its block's entries when given. */
export function sealRecord(seal: Seal, entries?: string[][]): Record<string, unknown> {
  return {
    record: 'seal',
    blockNo: seal.blockNo,
    fromPosition: seal.fromPosition.toString(),
    toPosition: seal.toPosition.toString(),
    eventCount: seal.eventCount,
    eventsHash: seal.eventsHash,
    previousSealHash: seal.previousSealHash,
    sealHash: seal.sealHash,
    sealedAt: seal.sealedAt.toISOString(),
    ...(entries === undefined ? {} : { entries }),
  };
}

async function* selectedEvents(db: SqlExecutor, selection: AuditExportSelection, batchSize: number): AsyncGenerator<RecordedEvent> {
  let after = 0n;
  for (;;) {
    const { rows } =
      'streamId' in selection
        ? await db.query<EventRow>(
            `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = $1 AND position > $2::bigint ORDER BY position LIMIT $3::bigint`,
            [selection.streamId, after.toString(), batchSize],
          )
        : await db.query<EventRow>(
            `SELECT ${EVENT_COLUMNS} FROM es_events WHERE metadata->>'correlationId' = $1 AND position > $2::bigint ORDER BY position LIMIT $3::bigint`,
            [selection.correlationId, after.toString(), batchSize],
          );
    for (const row of rows) yield toRecordedEvent(row);
    if (rows.length < batchSize) return;
    after = BigInt(rows[rows.length - 1]!.position);
  }
}
