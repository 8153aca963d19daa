/**
 * The pre-check: every row is judged whole before anything is sent. Cells are parsed (parse-row),
 * duplicates found, and the row's commands run through the domain's own deciders — fold the
 * enterprise's and the hazard's stored events, then decide each command in order — with the
 * server's reference data. A row any of whose commands would be refused is rejected and sends
 * nothing; a row whose hazard already holds exactly its history is `unchanged`.
 */
import {
  DomainError,
  enterpriseDecider,
  enterpriseStreamId,
  hazardDecider,
  hazardStreamId,
  type EnterpriseEvent,
  type EnterpriseState,
  type HazardEvent,
  type HazardState,
} from '#domain';
import { columnOf, type HeaderMap, type LedgerField } from './ledger-columns.js';
import type { StoredEvent } from './import-api.js';
import { referenceMatcher, type ImportReference } from './match-reference.js';
import { parseRow, type LedgerEntry, type Rejection } from './parse-row.js';
import type { LedgerRow } from './read-ledger.js';
import {
  atCstMidnight,
  hazardCommand,
  hazardRequests,
  ledgerHazardId,
  registerCommand,
  registrationRequest,
  type Step,
  type StepRequest,
} from './row-commands.js';

/** What the import will do with an accepted row. */
export type RowOutcome = 'imported' | 'updated' | 'unchanged';

/** An accepted row: its hazard, and the requests still to send (none when unchanged). */
export interface RowPlan {
  line: number;
  ledgerId: string;
  hazardId: string;
  uscc: string;
  outcome: RowOutcome;
  requests: StepRequest[];
}

/** The pre-check's verdict on a whole ledger. */
export interface ImportPlan {
  rowsRead: number;
  rows: RowPlan[];
  /** Every problem found, by line then column order of discovery. */
  rejections: Rejection[];
  /** The enterprises to register before the rows naming them, by USCC. */
  registrations: Map<string, StepRequest>;
}

/** What the pre-check needs besides the rows. */
export interface PrecheckOptions {
  reference: ImportReference;
  /** CST date of the import: later dates lie in the future. */
  today: string;
  /** ISO instant handed to the deciders as `metadata.now`. */
  now: string;
  /** A stream's stored events ([] when it does not exist). */
  loadStream(streamId: string): Promise<StoredEvent[]>;
  /** Streams read at once (default 8). */
  concurrency?: number;
}

/** Event types a ledger row states; others (DeadlineMissed, escalations …) are not the ledger's and are not compared. */
const LEDGER_EVENT_TYPES = new Set(['HazardReported', 'RectificationPlanned', 'RectificationCompleted', 'RectificationVerified', 'HazardClosed']);

/** Judges every row of a ledger. */
export async function precheckLedger(rows: readonly LedgerRow[], header: HeaderMap, options: PrecheckOptions): Promise<ImportPlan> {
  const match = referenceMatcher(options.reference);
  const rejections: Rejection[] = [];
  const entries: LedgerEntry[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const result = parseRow(row, header, match, options.today);
    if ('problems' in result) {
      rejections.push(...result.problems);
      continue;
    }
    const key = `${result.entry.districtCode}:${result.entry.ledgerId}`;
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      rejections.push({ line: row.line, column: header.text.ledgerId!, reason: `隐患编号 ${result.entry.ledgerId} of this district is already on line ${first}` });
      continue;
    }
    firstLineOf.set(key, row.line);
    entries.push(result.entry);
  }

  const streamIds = [
    ...new Set(entries.flatMap((e) => [enterpriseStreamId(e.uscc), hazardStreamId(ledgerHazardId(e.districtCode, e.ledgerId))])),
  ];
  const stored = await loadAll(streamIds, options.loadStream, options.concurrency ?? 8);

  const enterprises = new Map<string, EnterpriseState>();
  const registrations = new Map<string, StepRequest>();
  const plans: RowPlan[] = [];
  for (const entry of entries) {
    const judged = judgeEntry(entry, header, options, stored, enterprises, registrations);
    if ('problems' in judged) rejections.push(...judged.problems);
    else plans.push(judged.plan);
  }
  rejections.sort((a, b) => a.line - b.line);
  return { rowsRead: rows.length, rows: plans, rejections, registrations };
}

function judgeEntry(
  entry: LedgerEntry,
  header: HeaderMap,
  options: PrecheckOptions,
  stored: Map<string, StoredEvent[]>,
  enterprises: Map<string, EnterpriseState>,
  registrations: Map<string, StepRequest>,
): { plan: RowPlan } | { problems: Rejection[] } {
  const reject = (field: LedgerField, reason: string) => ({ problems: [{ line: entry.line, column: header.text[field] ?? columnOf(field).header, reason }] });
  let enterprise =
    enterprises.get(entry.uscc) ??
    (stored.get(enterpriseStreamId(entry.uscc)) ?? []).reduce(
      (s, e) => enterpriseDecider.evolve(s, e as unknown as EnterpriseEvent),
      enterpriseDecider.initialState,
    );
  let registration: StepRequest | null = null;
  if (enterprise.status === 'unregistered') {
    const industryCode = entry.industryCode ?? options.reference.sectors.find((s) => s.code === entry.sector)?.gbt4754[0] ?? null;
    if (industryCode === null) {
      return reject('sector', `the enterprise must be registered and sector ${entry.sector} has no GB/T 4754-2017 link in the reference data: give its 国民经济行业代码`);
    }
    registration = registrationRequest(entry, industryCode, entry.discoveredOn);
    try {
      const events = enterpriseDecider.decide(registerCommand(registration, options.reference, options.now), enterprise);
      enterprise = events.reduce(enterpriseDecider.evolve, enterprise);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return reject(registrationField(error.code, entry), `${error.message} (${error.code})`);
    }
  } else {
    if (enterprise.districtCode !== entry.districtCode) {
      return reject('district', `enterprise ${entry.uscc} is registered in district ${enterprise.districtCode}, not ${entry.districtCode}`);
    }
    if (enterprise.sector !== entry.sector) {
      return reject('sector', `enterprise ${entry.uscc} is registered in sector ${enterprise.sector}, not ${entry.sector}`);
    }
  }

  const requests = hazardRequests(entry);
  const hazardId = ledgerHazardId(entry.districtCode, entry.ledgerId);
  // What the row's commands decide on a hazard not yet reported: the history the ledger states.
  const expected: HazardEvent[] = [];
  let state: HazardState = hazardDecider.initialState;
  for (const request of requests) {
    const failure = decideInto(request, state, enterprise, options, expected);
    if (failure) return reject(stepField(request.step, failure.code), `${failure.message} (${failure.code})`);
    state = expected.reduce(hazardDecider.evolve, hazardDecider.initialState);
  }

  const history = stored.get(hazardStreamId(hazardId)) ?? [];
  const existing = history.filter((e) => LEDGER_EVENT_TYPES.has(e.type));
  const common = Math.min(existing.length, expected.length);
  for (let i = 0; i < common; i++) {
    if (canonical(existing[i]!) !== canonical(expected[i]!)) {
      return reject(
        'ledgerId',
        `hazard ${hazardId} is already recorded with another history: its ${existing[i]!.type} differs from this row (${describeDifference(existing[i]!, expected[i]!)})`,
      );
    }
  }
  let outcome: RowOutcome = existing.length === 0 ? 'imported' : 'updated';
  let toSend = requests.slice(existing.length);
  if (existing.length >= expected.length) {
    outcome = 'unchanged';
    toSend = [];
  } else if (existing.length > 0) {
    // The rest is decided against the hazard as it stands (with any escalation or missed deadline).
    let current = history.reduce((s, e) => hazardDecider.evolve(s, e as unknown as HazardEvent), hazardDecider.initialState);
    for (const request of toSend) {
      const decided: HazardEvent[] = [];
      const failure = decideInto(request, current, enterprise, options, decided);
      if (failure) return reject(stepField(request.step, failure.code), `${failure.message} (${failure.code})`);
      current = decided.reduce(hazardDecider.evolve, current);
    }
  }

  enterprises.set(entry.uscc, enterprise);
  if (registration !== null) registrations.set(entry.uscc, registration);
  const pending = registrations.get(entry.uscc);
  if (pending && String(pending.body['registeredAt']) > atCstMidnight(entry.discoveredOn)) {
    // Registered no later than the earliest hazard found there.
    pending.body['registeredAt'] = atCstMidnight(entry.discoveredOn);
  }
  return { plan: { line: entry.line, ledgerId: entry.ledgerId, hazardId, uscc: entry.uscc, outcome, requests: toSend } };
}

function decideInto(
  request: StepRequest,
  state: HazardState,
  enterprise: EnterpriseState,
  options: PrecheckOptions,
  into: HazardEvent[],
): DomainError | null {
  try {
    into.push(...hazardDecider.decide(hazardCommand(request, enterprise, options.reference, options.now), state));
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** The column a refusal of a hazard command points at. */
function stepField(step: Step, code: string): LedgerField {
  switch (step) {
    case 'report':
      if (code.startsWith('enterprise_')) return 'uscc';
      if (code.includes('criterion')) return 'criterion';
      if (code === 'title_required') return 'title';
      if (code === 'description_required') return 'description';
      if (code === 'occurred_in_future' || code === 'invalid_time') return 'discoveredOn';
      return 'ledgerId';
    case 'plan':
      if (code === 'five_in_place_incomplete') return 'measures';
      if (code === 'invalid_funds') return 'fundsYuan';
      return 'deadline';
    case 'complete':
      return 'completedOn';
    case 'verify':
    case 'close':
      return 'closedOn';
    default: {
      const unhandled: never = step;
      throw new Error(`unhandled step ${String(unhandled)}`);
    }
  }
}

/** The column a refusal of RegisterEnterprise points at. */
function registrationField(code: string, entry: LedgerEntry): LedgerField {
  switch (code) {
    case 'name_required':
      return 'enterpriseName';
    case 'unknown_district':
      return 'district';
    case 'unknown_sector':
      return 'sector';
    case 'invalid_industry_code':
      return entry.industryCode !== null ? 'industryCode' : 'sector';
    case 'occurred_in_future':
    case 'invalid_time':
      return 'discoveredOn';
    default:
      return 'uscc';
  }
}

/** JSON with sorted keys: stored JSONB does not keep key order. */
function canonical(event: { type: string; data: unknown }): string {
  return JSON.stringify({ type: event.type, data: event.data }, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

function describeDifference(stored: StoredEvent, expected: HazardEvent): string {
  if (stored.type !== expected.type) return `recorded ${stored.type}, the row states ${expected.type}`;
  const want = expected.data as unknown as Record<string, unknown>;
  const fields = Object.keys(want).filter((k) => JSON.stringify(stored.data[k]) !== JSON.stringify(want[k]));
  return fields.map((k) => `${k}: recorded ${JSON.stringify(stored.data[k])}, row ${JSON.stringify(want[k])}`).join('; ');
}

async function loadAll(ids: readonly string[], load: (id: string) => Promise<StoredEvent[]>, concurrency: number): Promise<Map<string, StoredEvent[]>> {
  const out = new Map<string, StoredEvent[]>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      out.set(id, await load(id));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return out;
}
