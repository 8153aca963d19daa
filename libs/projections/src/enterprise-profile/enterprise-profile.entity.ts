import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The enterprise profile: the register's current state of one enterprise. Serves `GET /api/v1/enterprises/{uscc}`. */
@Entity({ name: 'enterprise_profile' })
export class EnterpriseProfileRow {
  @PrimaryColumn({ type: 'text' })
  uscc!: string;

  @Column({ type: 'text' })
  name!: string;

  @Index('enterprise_profile_district')
  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ name: 'industry_code', type: 'text' })
  industryCode!: string;

  @Column({ name: 'risk_tags', type: 'jsonb' })
  riskTags!: string[];

  @Column({ name: 'high_risk', type: 'boolean' })
  highRisk!: boolean;

  /** 'open' | 'closed' */
  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'standardization_level', type: 'integer', nullable: true })
  standardizationLevel!: number | null;

  /** CST date the standardization grade expires. */
  @Column({ name: 'standardization_valid_until', type: 'date', nullable: true })
  standardizationValidUntil!: string | null;

  @Column({ name: 'responsibility_system_at', type: 'timestamptz', nullable: true })
  responsibilitySystemAt!: Date | null;

  @Column({ type: 'bigint' })
  revision!: string;

  @Column({ type: 'bigint' })
  position!: string;
}

/** Which enterprise each hazard belongs to, and whether it is open: the profile's hazard counts. */
@Entity({ name: 'enterprise_profile_hazards' })
export class EnterpriseProfileHazard {
  @PrimaryColumn({ name: 'hazard_id', type: 'uuid' })
  hazardId!: string;

  @Index('enterprise_profile_hazards_uscc')
  @Column({ type: 'text' })
  uscc!: string;

  @Column({ type: 'text' })
  grade!: string;

  @Column({ name: 'is_open', type: 'boolean' })
  isOpen!: boolean;
}
