import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The accident register: one row per accident with its toll and grade as they stand now (serves
 * `GET /api/v1/accidents/{id}`). Money in integer fen (bigint), times as timestamptz, dates CST.
 */
@Entity({ name: 'accident_register' })
export class AccidentRegisterRow {
  @PrimaryColumn({ name: 'accident_id', type: 'uuid' })
  accidentId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ name: 'enterprise_uscc', type: 'text', nullable: true })
  enterpriseUscc!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** CST date of `occurredAt`: the year an accident counts in. */
  @Index('accident_register_occurred')
  @Column({ name: 'occurred_date', type: 'date' })
  occurredDate!: string;

  @Column({ type: 'bigint' })
  deaths!: string;

  @Column({ name: 'serious_injuries', type: 'bigint' })
  seriousInjuries!: string;

  @Column({ name: 'direct_loss_fen', type: 'bigint' })
  directLossFen!: string;

  @Column({ type: 'text' })
  grade!: string;

  @Column({ type: 'text' })
  summary!: string;

  /** 'reported' | 'concluded' */
  @Column({ type: 'text' })
  status!: string;

  /** The InvestigationConcluded data (without accidentId), `null` until concluded. */
  @Column({ type: 'jsonb', nullable: true })
  investigation!: Record<string, unknown> | null;

  /** Every toll in stream order: `{ revision, deaths, seriousInjuries, directLossFen, grade, at, reason }`. */
  @Column({ name: 'toll_history', type: 'jsonb' })
  tollHistory!: unknown[];

  @Column({ type: 'bigint' })
  revision!: string;

  @Column({ type: 'bigint' })
  position!: string;
}

/**
 * Each toll an accident had — the reported one (effective from the CST date of the accident) and each
 * revision (from the CST date of `revisedAt`) — so the figures can take the toll as revised by any cut.
 */
@Entity({ name: 'accident_tolls' })
export class AccidentTollRow {
  @PrimaryColumn({ name: 'accident_id', type: 'uuid' })
  accidentId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ type: 'bigint' })
  deaths!: string;

  @Column({ name: 'serious_injuries', type: 'bigint' })
  seriousInjuries!: string;

  @Column({ name: 'direct_loss_fen', type: 'bigint' })
  directLossFen!: string;

  @Column({ type: 'text' })
  grade!: string;
}
