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
