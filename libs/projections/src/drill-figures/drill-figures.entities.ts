import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One drill held (DrillHeld), keyed by its stream and revision: the numerator facts of the drill
 * figures. `heldDate` is the CST date of `heldAt`; district, sector and flag are the enterprise's
 * when it drilled.
 */
@Entity({ name: 'drill_figure_drills' })
export class DrillFigureDrill {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'drill_id', type: 'uuid' })
  drillId!: string;

  @Index('drill_figure_drills_uscc')
  @Column({ name: 'enterprise_uscc', type: 'text' })
  enterpriseUscc!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ name: 'high_risk', type: 'boolean' })
  highRisk!: boolean;

  @Index('drill_figure_drills_held')
  @Column({ name: 'held_date', type: 'date' })
  heldDate!: string;

  @Column({ type: 'integer' })
  participants!: number;
}

/**
 * The register as the drill figures need it (from EnterpriseRegistered and EnterpriseClosed): the
 * denominator of the compliance rate. Dates are CST dates.
 */
@Entity({ name: 'drill_figure_enterprises' })
export class DrillFigureEnterprise {
  @PrimaryColumn({ type: 'text' })
  uscc!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ name: 'high_risk', type: 'boolean' })
  highRisk!: boolean;

  @Column({ name: 'registered_date', type: 'date' })
  registeredDate!: string;

  @Column({ name: 'closed_date', type: 'date', nullable: true })
  closedDate!: string | null;
}
