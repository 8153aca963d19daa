import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One self-inspection recorded (SelfInspectionRecorded), keyed by its stream and revision: the
 * numerator facts of the inspection figures. `inspectedDate` is the CST date of `inspectedAt`;
 * district, sector and flag are the enterprise's when it inspected; `hazardsFound` the number of
 * hazards it named.
 */
@Entity({ name: 'inspection_figure_inspections' })
// An enterprise's inspections of one level in a date range, read once per enterprise by the principal-led
// and director-monthly figures (migration 1766520000000).
@Index('inspection_figure_inspections_enterprise_level', ['enterpriseUscc', 'level', 'inspectedDate'])
export class InspectionFigureInspection {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'inspection_id', type: 'uuid' })
  inspectionId!: string;

  @Column({ name: 'enterprise_uscc', type: 'text' })
  enterpriseUscc!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ name: 'high_risk', type: 'boolean' })
  highRisk!: boolean;

  @Column({ type: 'text' })
  level!: string;

  @Index('inspection_figure_inspections_date')
  @Column({ name: 'inspected_date', type: 'date' })
  inspectedDate!: string;

  @Column({ name: 'hazards_found', type: 'integer' })
  hazardsFound!: number;
}

/**
 * The register as the inspection figures need it (from EnterpriseRegistered and EnterpriseClosed):
 * the denominators. Dates are CST dates.
 */
@Entity({ name: 'inspection_figure_enterprises' })
export class InspectionFigureEnterprise {
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
