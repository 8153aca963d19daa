import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type HazardEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { RowChanges, type Row } from '../batch/row-changes.js';
import { addDifference, hazardContribution, loadHazardFacts, TALLY_TABLE, type HazardFacts, type TallyKey } from './hazard-figure-tallies.js';

/** Adds a fact row (as the projector writes it to `table`) to a hazard's facts in memory. */
function addFact(h: HazardFacts, table: string, row: Row): void {
  const text = (c: string) => String(row[c]);
  if (table === 'hazard_figure_hazards') {
    h.hazard = { district_code: text('district_code'), sector: text('sector'), grade: text('grade'), channel: text('channel'), discovered_date: text('discovered_date') };
  } else if (table === 'hazard_figure_closures') {
    h.closures.push({ revision: BigInt(text('revision')), kind: text('kind'), effective_date: text('effective_date'), deadline_in_force: row['deadline_in_force'] === null ? null : text('deadline_in_force') });
  } else if (table === 'hazard_figure_deadlines') {
    h.deadlines.push({ revision: BigInt(text('revision')), effective_date: text('effective_date'), deadline: text('deadline') });
  } else {
    h.measures.push({ revision: BigInt(text('revision')), kind: text('kind'), value: text('value'), effective_date: text('effective_date') });
  }
}

/**
 * Projects hazard events into the facts the yearly hazard figures are computed from
 * (`hazard_figure_*`): the plan's district- and sector-level statistics (三(二)3 分区域、分行业重大事故隐患统计分析机制).
 */
export class HazardFiguresProjection implements Projection {
  readonly name = 'hazard-figures';
  readonly eventTypes: ReadonlySet<string> = new Set([
    'HazardReported',
    'RectificationPlanned',
    'DeadlineExtended',
    'HazardClosed',
    'HazardReopened',
    'HazardEscalated',
    'ListedSupervisionOrdered',
    'HazardListed',
  ]);

  readonly batched = true;

  /**
   * Applies a batch in order, set-based: every fact is inserted once, keyed by hazard (discovery) or
   * (hazard, revision), so a replay changes nothing; each new fact moves the tallies
   * (`hazard_figure_tallies`) by the change of its hazard's contribution, at the fact's position.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const facts: { table: string; position: bigint; row: Row }[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as HazardEvent;
      const rev = recorded.revision.toString();
      const add = (table: string, row: Row) => facts.push({ table, position: recorded.position, row });
      const deadlineRow = (hazardId: string, at: string, deadline: string) =>
        add('hazard_figure_deadlines', { hazard_id: hazardId, revision: rev, effective_date: cstDate(at), deadline });
      const measureRow = (hazardId: string, kind: string, value: string, at: string) =>
        add('hazard_figure_measures', { hazard_id: hazardId, revision: rev, kind, value, effective_date: cstDate(at) });
      switch (event.type) {
        case 'HazardReported': {
          const d = event.data;
          add('hazard_figure_hazards', {
            hazard_id: d.hazardId,
            district_code: d.districtCode,
            sector: d.sector,
            grade: d.grade,
            channel: d.channel,
            discovered_date: cstDate(d.discoveredAt),
          });
          break;
        }
        case 'RectificationPlanned':
          deadlineRow(event.data.hazardId, event.data.plannedAt, event.data.deadline);
          break;
        case 'DeadlineExtended':
          deadlineRow(event.data.hazardId, event.data.extendedAt, event.data.deadline);
          break;
        case 'HazardReopened':
          deadlineRow(event.data.hazardId, event.data.reopenedAt, event.data.deadline);
          add('hazard_figure_closures', { hazard_id: event.data.hazardId, revision: rev, kind: 'reopened', effective_date: cstDate(event.data.reopenedAt), deadline_in_force: null });
          break;
        case 'HazardClosed':
          add('hazard_figure_closures', {
            hazard_id: event.data.hazardId,
            revision: rev,
            kind: 'closed',
            effective_date: cstDate(event.data.closedAt),
            deadline_in_force: event.data.deadlineInForce,
          });
          break;
        case 'HazardEscalated':
          measureRow(event.data.hazardId, 'escalation', event.data.measure, event.data.decidedAt);
          break;
        case 'ListedSupervisionOrdered':
          // 挂牌督办 ordered with its document is the `listed_supervision` escalation measure.
          measureRow(event.data.hazardId, 'escalation', 'listed_supervision', event.data.orderedAt);
          break;
        case 'HazardListed':
          measureRow(event.data.hazardId, 'problem_list', event.data.list, event.data.listedAt);
          break;
        default:
          break; // the other hazard events change no figure
      }
    }
    const rows = new RowChanges(em);
    for (const table of new Set(facts.map((f) => f.table))) await rows.load(table, facts.filter((f) => f.table === table).map((f) => f.row));
    // The tallies follow the facts: each new fact changes its hazard's contribution by the difference.
    const hazards = await loadHazardFacts(em, [...new Set(facts.map((f) => String(f.row['hazard_id']).toLowerCase()))]);
    const tallyChanges: { position: bigint; changes: Map<string, { key: TallyKey; n: number }> }[] = [];
    // Insert-only: a fact already there (a replay) stays as it is and changes no tally.
    for (const f of facts) {
      if (rows.get(f.table, f.row)) continue;
      rows.put(f.table, f.position, f.row);
      const h = hazards.get(String(f.row['hazard_id']).toLowerCase())!;
      const before = hazardContribution(h);
      addFact(h, f.table, f.row);
      const changes = new Map<string, { key: TallyKey; n: number }>();
      addDifference(changes, before, hazardContribution(h));
      if (changes.size > 0) tallyChanges.push({ position: f.position, changes });
    }
    await rows.load(TALLY_TABLE, tallyChanges.flatMap((c) => [...c.changes.values()].map((e) => e.key as unknown as Row)));
    for (const { position, changes } of tallyChanges) {
      for (const { key, n } of changes.values()) {
        const total = Number(rows.get(TALLY_TABLE, key as unknown as Row)?.['n'] ?? 0) + n;
        if (total === 0) rows.remove(TALLY_TABLE, position, key as unknown as Row);
        else rows.put(TALLY_TABLE, position, { ...key, n: String(total) });
      }
    }
    await rows.write();
  }
}
