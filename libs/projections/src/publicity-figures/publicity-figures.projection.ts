import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type PublicityEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects the publicity facts (plan 三(八)22: 千师万讲, 五进 demonstration sites, 应急科普体验馆) into
 * `publicity_figure_*`, each row keyed by (stream, revision) with the fact's CST date.
 */
export class PublicityFiguresProjection implements Projection {
  readonly name = 'publicity-figures';
  readonly eventTypes: ReadonlySet<string> = new Set(['LectureHeld', 'DemonstrationSiteBuilt', 'ScienceHallEstablished']);

  /** Applies a batch in order; rows are inserted once per (stream, revision): a replay changes nothing. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as PublicityEvent;
      const key = [recorded.streamId, recorded.revision.toString()];
      switch (event.type) {
        case 'LectureHeld': {
          const d = event.data;
          await em.query(
            `INSERT INTO publicity_figure_lectures (stream_id, revision, lecture_id, district_code, sector, audience_size, held_date)
             VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING`,
            [...key, d.lectureId, d.districtCode, d.sector, d.audienceSize, cstDate(d.heldAt)],
          );
          break;
        }
        case 'DemonstrationSiteBuilt': {
          const d = event.data;
          await em.query(
            `INSERT INTO publicity_figure_sites (stream_id, revision, site_id, district_code, setting, built_date)
             VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
            [...key, d.siteId, d.districtCode, d.setting, cstDate(d.builtAt)],
          );
          break;
        }
        case 'ScienceHallEstablished': {
          const d = event.data;
          await em.query(
            `INSERT INTO publicity_figure_halls (stream_id, revision, hall_id, district_code, level, established_date)
             VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
            [...key, d.hallId, d.districtCode, d.level, cstDate(d.establishedAt)],
          );
          break;
        }
        default:
          break;
      }
    }
  }
}
