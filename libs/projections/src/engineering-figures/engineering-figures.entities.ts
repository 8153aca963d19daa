import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One elevator spot check (ElevatorSpotChecked), keyed by its stream and revision. `checkedDate` is
 * the CST date of `checkedAt`.
 */
@Entity({ name: 'engineering_elevator_checks' })
export class EngineeringElevatorCheck {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'check_id', type: 'uuid' })
  checkId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Index('engineering_elevator_checks_checked')
  @Column({ name: 'checked_date', type: 'date' })
  checkedDate!: string;

  @Column({ type: 'integer' })
  elevators!: number;

  @Column({ name: 'defects_found', type: 'integer' })
  defectsFound!: number;
}

/**
 * One engineering progress record (EngineeringProgressRecorded), keyed by its stream and revision.
 * `quantity` is in the project's unit (metres for life_protection_road); `completedDate` the CST date.
 */
@Entity({ name: 'engineering_progress' })
export class EngineeringProgress {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'progress_id', type: 'uuid' })
  progressId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  project!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'area_square_metres', type: 'integer', nullable: true })
  areaSquareMetres!: number | null;

  @Index('engineering_progress_completed')
  @Column({ name: 'completed_date', type: 'date' })
  completedDate!: string;
}
