import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import type { EnterpriseEvent } from '#domain';
import type { Projection } from '../runner/projection.js';
import { RowChanges, type Row } from '../batch/row-changes.js';

const PROFILE = 'enterprise_profile';
const HAZARDS = 'enterprise_profile_hazards';
const HAZARD_TYPES: ReadonlySet<string> = new Set(['HazardReported', 'HazardClosed', 'HazardReopened']);

/** Projects enterprise streams (and each hazard's opening and closing) into `enterprise_profile*`. */
export class EnterpriseProfileProjection implements Projection {
  readonly name = 'enterprise-profile';
  readonly eventTypes: ReadonlySet<string> = new Set([
    'EnterpriseRegistered',
    'StandardizationGraded',
    'ResponsibilitySystemEstablished',
    'EnterpriseClosed',
    'HazardReported',
    'HazardClosed',
    'HazardReopened',
  ]);

  readonly batched = true;

  /** Applies a batch in order: loads the rows it touches, folds, writes them set-based. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    const rows = new RowChanges(em);
    const hazardKeys = events.filter((e) => HAZARD_TYPES.has(e.type)).map((e) => ({ hazard_id: (e.data as { hazardId: string }).hazardId }));
    const enterpriseKeys = events.filter((e) => !HAZARD_TYPES.has(e.type)).map((e) => ({ uscc: (e.data as { uscc: string }).uscc }));
    await rows.load(HAZARDS, hazardKeys);
    await rows.load(PROFILE, enterpriseKeys);
    for (const recorded of events) this.fold(recorded, rows);
    await rows.write();
  }

  private fold(recorded: RecordedEvent, rows: RowChanges): void {
    const rev = recorded.revision.toString();
    const pos = recorded.position.toString();
    if (recorded.type === 'HazardReported') {
      const d = recorded.data as { hazardId: string; enterpriseUscc: string; grade: string };
      if (!rows.get(HAZARDS, { hazard_id: d.hazardId })) {
        rows.put(HAZARDS, recorded.position, { hazard_id: d.hazardId, uscc: d.enterpriseUscc, grade: d.grade, is_open: true });
      }
      return;
    }
    if (recorded.type === 'HazardClosed' || recorded.type === 'HazardReopened') {
      const row = rows.get(HAZARDS, { hazard_id: (recorded.data as { hazardId: string }).hazardId });
      if (row) rows.put(HAZARDS, recorded.position, { ...row, is_open: recorded.type === 'HazardReopened' });
      return;
    }
    const event = { type: recorded.type, data: recorded.data } as EnterpriseEvent;
    const update = (uscc: string, set: Row) => {
      const row = rows.get(PROFILE, { uscc });
      if (row) rows.put(PROFILE, recorded.position, { ...row, ...set, revision: rev, position: pos });
    };
    switch (event.type) {
      case 'EnterpriseRegistered': {
        const d = event.data;
        if (rows.get(PROFILE, { uscc: d.uscc })) return;
        rows.put(PROFILE, recorded.position, {
          uscc: d.uscc,
          name: d.name,
          district_code: d.districtCode,
          sector: d.sector,
          industry_code: d.industryCode,
          risk_tags: JSON.parse(JSON.stringify(d.riskTags)) as unknown,
          high_risk: d.highRisk,
          status: 'open',
          registered_at: d.registeredAt,
          closed_at: null,
          standardization_level: null,
          standardization_valid_until: null,
          responsibility_system_at: null,
          revision: rev,
          position: pos,
        });
        return;
      }
      case 'StandardizationGraded':
        return update(event.data.uscc, { standardization_level: event.data.level, standardization_valid_until: event.data.validUntil });
      case 'ResponsibilitySystemEstablished':
        return update(event.data.uscc, { responsibility_system_at: event.data.establishedAt });
      case 'EnterpriseClosed':
        return update(event.data.uscc, { status: 'closed', closed_at: event.data.closedAt });
      default: {
        const unhandled: never = event;
        throw new Error(`enterprise-profile: unhandled event ${(unhandled as EnterpriseEvent).type}`);
      }
    }
  }
}
