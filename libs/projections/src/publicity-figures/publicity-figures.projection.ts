import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type PublicityEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, type RowIntent } from '../batch/row-intents.js';

/**
 * Projects the publicity facts (plan 三(八)22: 千师万讲, 五进 demonstration sites, 应急科普体验馆) into
 * `publicity_figure_*`, each row keyed by (stream, revision) with the fact's CST date.
 */
export class PublicityFiguresProjection implements Projection {
  readonly name = 'publicity-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['LectureHeld', 'DemonstrationSiteBuilt', 'ScienceHallEstablished']);

  readonly batched = true;

  /** Applies a batch in order, set-based; rows are inserted once per (stream, revision): a replay changes nothing. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as PublicityEvent;
      const at = recorded.position;
      const key = { stream_id: recorded.streamId, revision: recorded.revision.toString() };
      switch (event.type) {
        case 'LectureHeld': {
          const d = event.data;
          intents.push(insertOnce('publicity_figure_lectures', at, { ...key, lecture_id: d.lectureId, district_code: d.districtCode, sector: d.sector, audience_size: d.audienceSize, held_date: cstDate(d.heldAt) }));
          break;
        }
        case 'DemonstrationSiteBuilt': {
          const d = event.data;
          intents.push(insertOnce('publicity_figure_sites', at, { ...key, site_id: d.siteId, district_code: d.districtCode, setting: d.setting, built_date: cstDate(d.builtAt) }));
          break;
        }
        case 'ScienceHallEstablished': {
          const d = event.data;
          intents.push(insertOnce('publicity_figure_halls', at, { ...key, hall_id: d.hallId, district_code: d.districtCode, level: d.level, established_date: cstDate(d.establishedAt) }));
          break;
        }
        default:
          break;
      }
    }
    await applyRowIntents(em, intents);
  }
}
