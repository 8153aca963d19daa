import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type AccidentEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

/**
 * Projects accident events into the accident register (`accident_register`, the current state of
 * each accident) and its toll history (`accident_tolls`), from which the yearly accident figures
 * (DOMAIN.md §3 "Accidents": 事故总量和较大事故起数同比持续下降) are computed at any cut.
 * Idempotent: toll rows are keyed by (accident, revision); register updates are guarded by revision.
 */
export class AccidentRegisterProjection implements Projection {
  readonly name = 'accident-register';
  readonly eventTypes: ReadonlySet<string> = new Set(['AccidentReported', 'AccidentTollRevised', 'InvestigationConcluded']);

  /** Applies a batch in global order. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as AccidentEvent;
      const rev = recorded.revision.toString();
      const pos = recorded.position.toString();
      switch (event.type) {
        case 'AccidentReported': {
          const d = event.data;
          const toll = { revision: rev, deaths: d.deaths, seriousInjuries: d.seriousInjuries, directLossFen: d.directLossFen, grade: d.grade, at: d.occurredAt, reason: null };
          await em.query(
            `INSERT INTO accident_register (accident_id, district_code, sector, enterprise_uscc, occurred_at, occurred_date,
               deaths, serious_injuries, direct_loss_fen, grade, summary, status, investigation, toll_history, revision, position)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'reported',NULL,$12::jsonb,$13,$14) ON CONFLICT DO NOTHING`,
            [d.accidentId, d.districtCode, d.sector, d.enterpriseUscc, d.occurredAt, cstDate(d.occurredAt), d.deaths, d.seriousInjuries,
              String(d.directLossFen), d.grade, d.summary, JSON.stringify([toll]), rev, pos],
          );
          await tollRow(em, d.accidentId, rev, cstDate(d.occurredAt), d);
          break;
        }
        case 'AccidentTollRevised': {
          const d = event.data;
          const toll = { revision: rev, deaths: d.deaths, seriousInjuries: d.seriousInjuries, directLossFen: d.directLossFen, grade: d.grade, at: d.revisedAt, reason: d.reason };
          await em.query(
            `UPDATE accident_register SET deaths = $2, serious_injuries = $3, direct_loss_fen = $4, grade = $5,
               toll_history = toll_history || $6::jsonb, revision = $7, position = $8
             WHERE accident_id = $1 AND revision < $7::bigint`,
            [d.accidentId, d.deaths, d.seriousInjuries, String(d.directLossFen), d.grade, JSON.stringify([toll]), rev, pos],
          );
          await tollRow(em, d.accidentId, rev, cstDate(d.revisedAt), d);
          break;
        }
        case 'InvestigationConcluded': {
          const { accidentId, ...investigation } = event.data;
          await em.query(
            `UPDATE accident_register SET status = 'concluded', investigation = $2::jsonb, revision = $3, position = $4
             WHERE accident_id = $1 AND revision < $3::bigint`,
            [accidentId, JSON.stringify(investigation), rev, pos],
          );
          break;
        }
        default:
          break;
      }
    }
  }
}

function tollRow(
  em: EntityManager,
  accidentId: string,
  revision: string,
  effectiveDate: string,
  t: { deaths: number; seriousInjuries: number; directLossFen: number; grade: string },
): Promise<unknown> {
  return em.query(
    `INSERT INTO accident_tolls (accident_id, revision, effective_date, deaths, serious_injuries, direct_loss_fen, grade)
     VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING`,
    [accidentId, revision, effectiveDate, t.deaths, t.seriousInjuries, String(t.directLossFen), t.grade],
  );
}
