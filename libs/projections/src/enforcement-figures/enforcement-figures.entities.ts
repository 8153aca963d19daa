import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One supervisory inspection (SupervisoryInspectionRecorded), keyed by its stream and revision: a fact
 * of the enforcement figures. `inspectedDate` is the CST date of `inspectedAt`.
 */
@Entity({ name: 'enforcement_figure_inspections' })
export class EnforcementFigureInspection {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'inspection_id', type: 'uuid' })
  inspectionId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ type: 'text' })
  method!: string;

  @Column({ name: 'special_supervision_level', type: 'text', nullable: true })
  specialSupervisionLevel!: string | null;

  @Index('enforcement_figure_inspections_date')
  @Column({ name: 'inspected_date', type: 'date' })
  inspectedDate!: string;
}

/**
 * One enforcement action (EnforcementActionRecorded), keyed by its stream and revision. `decidedDate`
 * is the CST date of `decidedAt`; `amountFen` integer fen (bigint, read as a decimal string).
 */
@Entity({ name: 'enforcement_figure_actions' })
export class EnforcementFigureAction {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'action_id', type: 'uuid' })
  actionId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'amount_fen', type: 'bigint' })
  amountFen!: string;

  @Index('enforcement_figure_actions_date')
  @Column({ name: 'decided_date', type: 'date' })
  decidedDate!: string;
}
