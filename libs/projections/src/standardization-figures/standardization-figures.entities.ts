import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The register as the standardization figures need it (from EnterpriseRegistered, EnterpriseClosed and
 * ResponsibilitySystemEstablished), keyed by the enterprise. Dates are CST dates 'YYYY-MM-DD';
 * `responsibilityDate` is the earliest establishment of the all-staff responsibility system (全员安全生产责任制).
 */
@Entity({ name: 'standardization_figure_enterprises' })
export class StandardizationFigureEnterprise {
  @PrimaryColumn({ type: 'text' })
  uscc!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ name: 'registered_date', type: 'date' })
  registeredDate!: string;

  @Column({ name: 'closed_date', type: 'date', nullable: true })
  closedDate!: string | null;

  @Column({ name: 'responsibility_date', type: 'date', nullable: true })
  responsibilityDate!: string | null;
}

/**
 * One standardization grading (StandardizationGraded), keyed by its stream and revision: the level,
 * the CST grading date and the last CST date it is valid (three years on, inclusive).
 */
@Entity({ name: 'standardization_figure_grades' })
export class StandardizationFigureGrade {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Index('standardization_figure_grades_uscc')
  @Column({ type: 'text' })
  uscc!: string;

  @Column({ type: 'smallint' })
  level!: number;

  @Column({ name: 'graded_date', type: 'date' })
  gradedDate!: string;

  @Column({ name: 'valid_until', type: 'date' })
  validUntil!: string;
}
