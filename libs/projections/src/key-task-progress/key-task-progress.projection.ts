import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type KeyTaskEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects the key-task facts (the annex's 重点任务清单) into `key_task_reports`, `key_task_completions`
 * and `key_task_measurements`, each row keyed by (stream, revision[, ordinal]) with the fact's CST date
 * and the event's global position.
 */
export class KeyTaskProgressProjection implements Projection {
  readonly name = 'key-task-progress';
  readonly eventTypes: ReadonlySet<string> = new Set(['TaskProgressReported', 'TaskItemCompleted']);

  /** Applies a batch in order; rows are inserted once per key: a replay changes nothing. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as KeyTaskEvent;
      const key = [recorded.streamId, recorded.revision.toString(), recorded.position.toString()];
      switch (event.type) {
        case 'TaskProgressReported': {
          const d = event.data;
          const date = cstDate(d.reportedAt);
          await em.query(
            `INSERT INTO key_task_reports (stream_id, revision, position, task_no, item_no, year, lead_unit, district_code, summary,
               percent_complete, reported_at, reported_at_text, reported_date)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT DO NOTHING`,
            [...key, d.taskNo, d.itemNo, d.year, d.leadUnit, d.districtCode, d.summary, d.percentComplete, d.reportedAt, d.reportedAt, date],
          );
          for (const [ordinal, m] of d.measurements.entries()) {
            await em.query(
              `INSERT INTO key_task_measurements (stream_id, revision, position, ordinal, item_no, indicator, district_code, sector,
                 numerator, denominator, reported_at, reported_at_text, reported_date)
               VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT DO NOTHING`,
              [...key, ordinal, d.itemNo, m.indicator, m.districtCode, m.sector, m.numerator, m.denominator, d.reportedAt, d.reportedAt, date],
            );
          }
          break;
        }
        case 'TaskItemCompleted': {
          const d = event.data;
          await em.query(
            `INSERT INTO key_task_completions (stream_id, revision, position, task_no, item_no, year, lead_unit, evidence,
               completed_at, completed_at_text, completed_date)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT DO NOTHING`,
            [...key, d.taskNo, d.itemNo, d.year, d.leadUnit, d.evidence, d.completedAt, d.completedAt, cstDate(d.completedAt)],
          );
          break;
        }
        default:
          break;
      }
    }
  }
}
