import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The hazard figures' facts: per hazard, what the yearly figures of API.md need to be computed at
 * any cut date — the discovery, every closure and reopening, every deadline in force, every
 * escalation and problem-list entry, each with its CST date. Dates are CST 'YYYY-MM-DD'.
 */
@Entity({ name: 'hazard_figure_hazards' })
export class HazardFigureHazard {
  @PrimaryColumn({ name: 'hazard_id', type: 'uuid' })
  hazardId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ type: 'text' })
  grade!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Index('hazard_figure_hazards_discovered')
  @Column({ name: 'discovered_date', type: 'date' })
  discoveredDate!: string;
}

/** A closure (销号) or a reopening (反销号) of a hazard, in stream order. */
@Entity({ name: 'hazard_figure_closures' })
export class HazardFigureClosure {
  @PrimaryColumn({ name: 'hazard_id', type: 'uuid' })
  hazardId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  /** 'closed' | 'reopened' */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  /** For a closure: the deadline in force when it was closed. */
  @Column({ name: 'deadline_in_force', type: 'date', nullable: true })
  deadlineInForce!: string | null;
}

/** A deadline set by a plan, an extension or a reopening, from its CST date on. */
@Entity({ name: 'hazard_figure_deadlines' })
export class HazardFigureDeadline {
  @PrimaryColumn({ name: 'hazard_id', type: 'uuid' })
  hazardId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ type: 'date' })
  deadline!: string;
}

/** An escalation (函告/通报/约谈/挂牌督办) or a problem-list entry of a hazard. */
@Entity({ name: 'hazard_figure_measures' })
export class HazardFigureMeasure {
  @PrimaryColumn({ name: 'hazard_id', type: 'uuid' })
  hazardId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  /** 'escalation' | 'problem_list' */
  @Column({ type: 'text' })
  kind!: string;

  /** The escalation measure, or the list ('city' | 'district'). */
  @Column({ type: 'text' })
  value!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;
}

/**
 * The hazard figures pre-counted per group, figure and date (see hazard-figure-tallies.ts): the
 * statistics query sums these instead of walking every hazard. Kept by the same projector as the
 * facts above, in the same transaction; a row whose count comes back to 0 is deleted.
 */
@Entity({ name: 'hazard_figure_tallies' })
export class HazardFigureTally {
  /** 'district' | 'sector': which code `dim` is. */
  @PrimaryColumn({ name: 'dim_kind', type: 'text' })
  dimKind!: string;

  @PrimaryColumn({ type: 'text' })
  dim!: string;

  @PrimaryColumn({ type: 'text' })
  grade!: string;

  /** reported | escalation | problem_list | open | overdue | stock_open | closed | closed_on_time */
  @PrimaryColumn({ type: 'text' })
  figure!: string;

  /** The channel, measure or list of the figure; '' when none. */
  @PrimaryColumn({ type: 'text' })
  detail!: string;

  /** The date deciding the figure's year and district unit; 0001-01-01 for the standing figures (the cut's unit). */
  @PrimaryColumn({ name: 'fact_date', type: 'date' })
  factDate!: string;

  /** Whole days from discovery to closure (`closed`); −1 otherwise. */
  @PrimaryColumn({ type: 'integer' })
  days!: number;

  /** The cut from which the count applies; 0001-01-01 for any cut. */
  @PrimaryColumn({ type: 'date' })
  at!: string;

  /** Hazards (or measures) counted: a change of the sum over the rows with `at` ≤ the cut. */
  @Column({ type: 'bigint' })
  n!: string;
}
