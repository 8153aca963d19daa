import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type KeyTaskEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, type RowIntent } from '../batch/row-intents.js';

/**
 * Projects the key-task facts (the annex's 重点任务清单) into `key_task_reports`, `key_task_completions`
 * and `key_task_measurements`, each row keyed by (stream, revision[, ordinal]) with the fact's CST date
 * and the event's global position.
 */
export class KeyTaskProgressProjection implements Projection {
  readonly name = 'key-task-progress';
  readonly eventTypes: ReadonlySet<string> = new Set(['TaskProgressReported', 'TaskItemCompleted']);

  readonly batched = true;

  /** Applies a batch in order, set-based; rows are inserted once per key: a replay changes nothing. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as KeyTaskEvent;
      const at = recorded.position;
      const key = { stream_id: recorded.streamId, revision: recorded.revision.toString(), position: recorded.position.toString() };
      switch (event.type) {
        case 'TaskProgressReported': {
          const d = event.data;
          const date = cstDate(d.reportedAt);
          intents.push(insertOnce('key_task_reports', at, {
            ...key, task_no: d.taskNo, item_no: d.itemNo, year: d.year, lead_unit: d.leadUnit, district_code: d.districtCode, summary: d.summary,
            percent_complete: d.percentComplete, reported_at: d.reportedAt, reported_at_text: d.reportedAt, reported_date: date,
          }));
          for (const [ordinal, m] of d.measurements.entries()) {
            intents.push(insertOnce('key_task_measurements', at, {
              ...key, ordinal, item_no: d.itemNo, indicator: m.indicator, district_code: m.districtCode, sector: m.sector,
              numerator: m.numerator, denominator: m.denominator, reported_at: d.reportedAt, reported_at_text: d.reportedAt, reported_date: date,
            }));
          }
          break;
        }
        case 'TaskItemCompleted': {
          const d = event.data;
          intents.push(insertOnce('key_task_completions', at, {
            ...key, task_no: d.taskNo, item_no: d.itemNo, year: d.year, lead_unit: d.leadUnit, evidence: d.evidence,
            completed_at: d.completedAt, completed_at_text: d.completedAt, completed_date: cstDate(d.completedAt),
          }));
          break;
        }
        default:
          break;
      }
    }
    await applyRowIntents(em, intents);
  }
}
