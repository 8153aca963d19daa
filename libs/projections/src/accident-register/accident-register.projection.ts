import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { cstDate, type AccidentEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { applyRowIntents, insertOnce, updateRow, type RowIntent } from '../batch/row-intents.js';
import type { Row } from '../batch/row-changes.js';

/**
 * Projects accident events into the accident register (`accident_register`, the current state of
 * each accident) and its toll history (`accident_tolls`), from which the yearly accident figures
 * (DOMAIN.md §3 "Accidents": 事故总量和较大事故起数同比持续下降) are computed at any cut.
 * Idempotent: toll rows are keyed by (accident, revision); register updates are guarded by revision.
 */
export class AccidentRegisterProjection implements Projection {
  readonly name = 'accident-register';
  readonly eventTypes: ReadonlySet<string> = new Set(['AccidentReported', 'AccidentTollRevised', 'InvestigationConcluded']);

  readonly batched = true;

  /** Applies a batch in global order, set-based. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const intents: RowIntent[] = [];
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as AccidentEvent;
      const rev = recorded.revision.toString();
      const pos = recorded.position.toString();
      const at = recorded.position;
      // Guarded by revision: a replay over live rows changes nothing.
      const update = (accidentId: string, set: (row: Row) => Row) =>
        intents.push(updateRow('accident_register', at, { accident_id: accidentId }, (row) =>
          BigInt(row['revision'] as string) < recorded.revision ? { ...set(row), revision: rev, position: pos } : null,
        ));
      switch (event.type) {
        case 'AccidentReported': {
          const d = event.data;
          const toll = asJson({ revision: rev, deaths: d.deaths, seriousInjuries: d.seriousInjuries, directLossFen: d.directLossFen, grade: d.grade, at: d.occurredAt, reason: null });
          intents.push(insertOnce('accident_register', at, {
            accident_id: d.accidentId, district_code: d.districtCode, sector: d.sector, enterprise_uscc: d.enterpriseUscc, occurred_at: d.occurredAt,
            occurred_date: cstDate(d.occurredAt), deaths: d.deaths, serious_injuries: d.seriousInjuries, direct_loss_fen: String(d.directLossFen),
            grade: d.grade, summary: d.summary, status: 'reported', investigation: null, toll_history: [toll], revision: rev, position: pos,
          }));
          intents.push(tollRow(at, d.accidentId, rev, cstDate(d.occurredAt), d));
          break;
        }
        case 'AccidentTollRevised': {
          const d = event.data;
          const toll = asJson({ revision: rev, deaths: d.deaths, seriousInjuries: d.seriousInjuries, directLossFen: d.directLossFen, grade: d.grade, at: d.revisedAt, reason: d.reason });
          update(d.accidentId, (row) => ({
            ...row, deaths: d.deaths, serious_injuries: d.seriousInjuries, direct_loss_fen: String(d.directLossFen), grade: d.grade,
            toll_history: [...(row['toll_history'] as unknown[]), toll],
          }));
          intents.push(tollRow(at, d.accidentId, rev, cstDate(d.revisedAt), d));
          break;
        }
        case 'InvestigationConcluded': {
          const { accidentId, ...investigation } = event.data;
          update(accidentId, (row) => ({ ...row, status: 'concluded', investigation: asJson(investigation) }));
          break;
        }
        default:
          break;
      }
    }
    await applyRowIntents(em, intents);
  }
}

/** A value as JSON would store it (undefined members dropped). */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function tollRow(
  at: bigint,
  accidentId: string,
  revision: string,
  effectiveDate: string,
  t: { deaths: number; seriousInjuries: number; directLossFen: number; grade: string },
): RowIntent {
  return insertOnce('accident_tolls', at, {
    accident_id: accidentId, revision, effective_date: effectiveDate, deaths: t.deaths, serious_injuries: t.seriousInjuries,
    direct_loss_fen: String(t.directLossFen), grade: t.grade,
  });
}
