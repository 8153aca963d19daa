import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type EnterpriseEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects the enterprise stream into the facts the standardization figures are computed from
 * (`standardization_figure_*`): the plan's 三(三)4–5 (安全生产标准化 grading of mines, civil explosives
 * and the eight 工贸 industries; the all-staff responsibility system 全员安全生产责任制 / 两单两卡).
 */
export class StandardizationFiguresProjection implements Projection {
  readonly name = 'standardization-figures';
  readonly eventTypes: ReadonlySet<string> = new Set([
    'EnterpriseRegistered',
    'StandardizationGraded',
    'ResponsibilitySystemEstablished',
    'EnterpriseClosed',
  ]);

  /**
   * Applies a batch in order. A grading is keyed by (stream, revision), an enterprise by its USCC and
   * inserted once; a closure sets its date and an establishment keeps the earliest date: a replay
   * changes nothing.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as EnterpriseEvent;
      switch (event.type) {
        case 'EnterpriseRegistered': {
          const d = event.data;
          await em.query(
            `INSERT INTO standardization_figure_enterprises (uscc, district_code, sector, registered_date, closed_date, responsibility_date)
             VALUES ($1,$2,$3,$4,NULL,NULL) ON CONFLICT (uscc) DO NOTHING`,
            [d.uscc, d.districtCode, d.sector, cstDate(d.registeredAt)],
          );
          break;
        }
        case 'StandardizationGraded': {
          const d = event.data;
          await em.query(
            `INSERT INTO standardization_figure_grades (stream_id, revision, uscc, level, graded_date, valid_until)
             VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
            [recorded.streamId, recorded.revision.toString(), d.uscc, d.level, cstDate(d.gradedAt), d.validUntil],
          );
          break;
        }
        case 'ResponsibilitySystemEstablished':
          await em.query(
            `UPDATE standardization_figure_enterprises
                SET responsibility_date = LEAST(coalesce(responsibility_date, $2::date), $2::date) WHERE uscc = $1`,
            [event.data.uscc, cstDate(event.data.establishedAt)],
          );
          break;
        case 'EnterpriseClosed':
          await em.query('UPDATE standardization_figure_enterprises SET closed_date = $2 WHERE uscc = $1', [
            event.data.uscc,
            cstDate(event.data.closedAt),
          ]);
          break;
        default:
          break;
      }
    }
  }
}
