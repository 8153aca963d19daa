import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One progress report on an annex item (TaskProgressReported), keyed by stream and revision.
 * `year` is the obligation year the report is about; `reportedDate` the CST date of `reportedAt`;
 * `reportedAtText` the instant as reported (ISO-8601 with its offset).
 */
@Entity({ name: 'key_task_reports' })
@Index('key_task_reports_item', ['itemNo', 'year'])
export class KeyTaskReportRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ type: 'bigint' })
  position!: string;

  @Column({ name: 'task_no', type: 'integer' })
  taskNo!: number;

  @Column({ name: 'item_no', type: 'text' })
  itemNo!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'lead_unit', type: 'text' })
  leadUnit!: string;

  @Column({ name: 'district_code', type: 'text', nullable: true })
  districtCode!: string | null;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ name: 'percent_complete', type: 'double precision', nullable: true })
  percentComplete!: number | null;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'reported_at_text', type: 'text' })
  reportedAtText!: string;

  @Column({ name: 'reported_date', type: 'date' })
  reportedDate!: string;
}

/** One completion of an item's obligation of `year` (TaskItemCompleted); `completedDate` the CST date of `completedAt`. */
@Entity({ name: 'key_task_completions' })
@Index('key_task_completions_item', ['itemNo', 'year'])
export class KeyTaskCompletionRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ type: 'bigint' })
  position!: string;

  @Column({ name: 'task_no', type: 'integer' })
  taskNo!: number;

  @Column({ name: 'item_no', type: 'text' })
  itemNo!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'lead_unit', type: 'text' })
  leadUnit!: string;

  @Column({ type: 'text' })
  evidence!: string;

  @Column({ name: 'completed_at', type: 'timestamptz' })
  completedAt!: Date;

  @Column({ name: 'completed_at_text', type: 'text' })
  completedAtText!: string;

  @Column({ name: 'completed_date', type: 'date' })
  completedDate!: string;
}

/**
 * One measurement of a progress report (the `ordinal`-th of its `measurements`): a figure of a
 * plan-target indicator for a district / sector (null: city-wide / all sectors).
 */
@Entity({ name: 'key_task_measurements' })
export class KeyTaskMeasurementRow {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @PrimaryColumn({ type: 'integer' })
  ordinal!: number;

  @Column({ type: 'bigint' })
  position!: string;

  @Column({ name: 'item_no', type: 'text' })
  itemNo!: string;

  @Column({ type: 'text' })
  indicator!: string;

  @Column({ name: 'district_code', type: 'text', nullable: true })
  districtCode!: string | null;

  @Column({ type: 'text', nullable: true })
  sector!: string | null;

  @Column({ type: 'double precision' })
  numerator!: number;

  @Column({ type: 'double precision', nullable: true })
  denominator!: number | null;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'reported_at_text', type: 'text' })
  reportedAtText!: string;

  @Index('key_task_measurements_reported')
  @Column({ name: 'reported_date', type: 'date' })
  reportedDate!: string;
}
