import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The hazard ledger (台账): one row per hazard with its current state. Serves `GET /api/v1/hazards`
 * (newest first by discovery time) and `GET /api/v1/hazards/{id}`.
 */
@Entity({ name: 'hazard_ledger' })
@Index('hazard_ledger_newest', ['discoveredAt', 'hazardId'])
// A district's or an enterprise's ledger, newest first, read as a keyset page (migration 1766500000000).
@Index('hazard_ledger_district_newest', ['districtCode', 'discoveredAt', 'hazardId'])
@Index('hazard_ledger_enterprise_newest', ['enterpriseUscc', 'discoveredAt', 'hazardId'])
export class HazardLedgerRow {
  @PrimaryColumn({ name: 'hazard_id', type: 'uuid' })
  hazardId!: string;

  @Column({ name: 'enterprise_uscc', type: 'text' })
  enterpriseUscc!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Index('hazard_ledger_sector')
  @Column({ type: 'text' })
  sector!: string;

  @Column({ type: 'text' })
  grade!: string;

  @Column({ name: 'criterion_code', type: 'text', nullable: true })
  criterionCode!: string | null;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  /** reported | planned | completed | verified | closed */
  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'discovered_at', type: 'timestamptz' })
  discoveredAt!: Date;

  /** CST date of discovery. */
  @Column({ name: 'discovered_date', type: 'date' })
  discoveredDate!: string;

  /** The deadline in force (CST date), null before a plan. */
  @Column({ type: 'date', nullable: true })
  deadline!: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** The rectification plan as it stands: { measures, responsiblePerson, fundsFen, emergencyPlan, plannedAt }. */
  @Column({ type: 'jsonb', nullable: true })
  plan!: Record<string, unknown> | null;

  /** The lifecycle facts in order: [{ type, occurredAt, ...data }] without the hazard id. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  history!: Record<string, unknown>[];

  @Column({ name: 'missed_deadlines', type: 'jsonb', default: () => "'[]'" })
  missedDeadlines!: string[];

  /** The stream revision this row reflects (int8 as a decimal string). */
  @Column({ type: 'bigint' })
  revision!: string;

  /** The global position of the last event applied to this row. */
  @Column({ type: 'bigint' })
  position!: string;
}
