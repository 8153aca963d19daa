import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import type { EnterpriseEvent } from '#domain';
import type { Projection } from '../runner/projection.js';

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

  /** Applies a batch in order. */
  async apply(events: RecordedEvent[], em: EntityManager): Promise<void> {
    for (const recorded of events) {
      const rev = recorded.revision.toString();
      const pos = recorded.position.toString();
      if (recorded.type === 'HazardReported') {
        const d = recorded.data as { hazardId: string; enterpriseUscc: string; grade: string };
        await em.query(
          `INSERT INTO enterprise_profile_hazards (hazard_id, uscc, grade, is_open) VALUES ($1,$2,$3,true) ON CONFLICT DO NOTHING`,
          [d.hazardId, d.enterpriseUscc, d.grade],
        );
        continue;
      }
      if (recorded.type === 'HazardClosed' || recorded.type === 'HazardReopened') {
        await em.query('UPDATE enterprise_profile_hazards SET is_open = $2 WHERE hazard_id = $1', [
          (recorded.data as { hazardId: string }).hazardId,
          recorded.type === 'HazardReopened',
        ]);
        continue;
      }
      const event = { type: recorded.type, data: recorded.data } as EnterpriseEvent;
      switch (event.type) {
        case 'EnterpriseRegistered': {
          const d = event.data;
          await em.query(
            `INSERT INTO enterprise_profile (uscc, name, district_code, sector, industry_code, risk_tags, high_risk, status,
               registered_at, revision, position)
             VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7,'open',$8,$9,$10) ON CONFLICT (uscc) DO NOTHING`,
            [d.uscc, d.name, d.districtCode, d.sector, d.industryCode, JSON.stringify(d.riskTags), d.highRisk, d.registeredAt, rev, pos],
          );
          break;
        }
        case 'StandardizationGraded':
          await em.query(
            `UPDATE enterprise_profile SET standardization_level = $2, standardization_valid_until = $3, revision = $4, position = $5
              WHERE uscc = $1`,
            [event.data.uscc, event.data.level, event.data.validUntil, rev, pos],
          );
          break;
        case 'ResponsibilitySystemEstablished':
          await em.query(
            'UPDATE enterprise_profile SET responsibility_system_at = $2, revision = $3, position = $4 WHERE uscc = $1',
            [event.data.uscc, event.data.establishedAt, rev, pos],
          );
          break;
        case 'EnterpriseClosed':
          await em.query(
            `UPDATE enterprise_profile SET status = 'closed', closed_at = $2, revision = $3, position = $4 WHERE uscc = $1`,
            [event.data.uscc, event.data.closedAt, rev, pos],
          );
          break;
        default: {
          const unhandled: never = event;
          throw new Error(`enterprise-profile: unhandled event ${(unhandled as EnterpriseEvent).type}`);
        }
      }
    }
  }
}
