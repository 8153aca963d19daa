import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type EnterpriseEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, updateRow, type RowIntent } from '../batch/row-intents.js';

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

  readonly batched = true;

  /**
   * Applies a batch in order, set-based. A grading is keyed by (stream, revision), an enterprise by
   * its USCC and inserted once; a closure sets its date and an establishment keeps the earliest date:
   * a replay changes nothing.
   */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as EnterpriseEvent;
      const at = recorded.position;
      switch (event.type) {
        case 'EnterpriseRegistered': {
          const d = event.data;
          intents.push(insertOnce('standardization_figure_enterprises', at, {
            uscc: d.uscc, district_code: d.districtCode, sector: d.sector, registered_date: cstDate(d.registeredAt), closed_date: null, responsibility_date: null,
          }));
          break;
        }
        case 'StandardizationGraded': {
          const d = event.data;
          intents.push(insertOnce('standardization_figure_grades', at, {
            stream_id: recorded.streamId, revision: recorded.revision.toString(), uscc: d.uscc, level: d.level, graded_date: cstDate(d.gradedAt), valid_until: d.validUntil,
          }));
          break;
        }
        case 'ResponsibilitySystemEstablished': {
          const established = cstDate(event.data.establishedAt);
          // The earliest date: 'YYYY-MM-DD' strings order as the dates do.
          intents.push(updateRow('standardization_figure_enterprises', at, { uscc: event.data.uscc }, (row) => {
            const was = row['responsibility_date'] as string | null;
            return { ...row, responsibility_date: was !== null && was < established ? was : established };
          }));
          break;
        }
        case 'EnterpriseClosed': {
          const closed = cstDate(event.data.closedAt);
          intents.push(updateRow('standardization_figure_enterprises', at, { uscc: event.data.uscc }, (row) => ({ ...row, closed_date: closed })));
          break;
        }
        default:
          break;
      }
    }
    await applyRowIntents(em, intents);
  }
}
