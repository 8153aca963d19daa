import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One whistle-blower report as it stands (stream `report-{id}`). Holds no identity of the reporter:
 * only whether one was given (`hasIdentity`), whether it was shredded, and how often it was read.
 * Dates (`*Date`) are the CST dates of the facts; money is fen (bigint, read as a decimal string).
 */
@Entity({ name: 'report_register' })
export class ReportRegisterRow {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  /** The stream revision of the last event applied (guards replays). */
  @Column({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text', nullable: true })
  sector!: string | null;

  @Column({ name: 'enterprise_uscc', type: 'text', nullable: true })
  enterpriseUscc!: string | null;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Index('report_register_received')
  @Column({ name: 'received_date', type: 'date' })
  receivedDate!: string;

  @Column({ name: 'has_identity', type: 'boolean' })
  hasIdentity!: boolean;

  @Column({ name: 'identity_shredded', type: 'boolean', default: false })
  identityShredded!: boolean;

  @Column({ name: 'identity_reads', type: 'integer', default: 0 })
  identityReads!: number;

  /** `received` | `verified` | `rewarded`. */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'boolean', nullable: true })
  substantiated!: boolean | null;

  @Column({ name: 'hazard_id', type: 'uuid', nullable: true })
  hazardId!: string | null;

  @Column({ name: 'fine_fen', type: 'bigint', nullable: true })
  fineFen!: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @Index('report_register_verified')
  @Column({ name: 'verified_date', type: 'date', nullable: true })
  verifiedDate!: string | null;

  @Column({ name: 'reward_fen', type: 'bigint', nullable: true })
  rewardFen!: string | null;

  @Column({ name: 'suggested_fen', type: 'bigint', nullable: true })
  suggestedFen!: string | null;

  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason!: string | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  @Index('report_register_paid')
  @Column({ name: 'paid_date', type: 'date', nullable: true })
  paidDate!: string | null;
}
