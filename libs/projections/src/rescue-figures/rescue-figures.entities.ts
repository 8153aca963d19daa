import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One rescue team established (RescueTeamEstablished), keyed by its stream and revision: the
 * numerator facts of the rescue-team figures. `establishedDate` is the CST date of `establishedAt`;
 * `sector` is set for sector_professional teams only.
 */
@Entity({ name: 'rescue_figure_teams' })
export class RescueFigureTeam {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  level!: string;

  @Column({ type: 'text', nullable: true })
  sector!: string | null;

  @Column({ name: 'unit_ref', type: 'text', nullable: true })
  unitRef!: string | null;

  @Column({ type: 'integer' })
  members!: number;

  @Index('rescue_figure_teams_established')
  @Column({ name: 'established_date', type: 'date' })
  establishedDate!: string;
}

/** One equipment distribution (EquipmentDistributed), keyed by stream and revision; `distributedDate` is a CST date. */
@Entity({ name: 'rescue_figure_distributions' })
export class RescueFigureDistribution {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'distribution_id', type: 'uuid' })
  distributionId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'integer' })
  sets!: number;

  @Column({ name: 'recipient_level', type: 'text' })
  recipientLevel!: string;

  @Index('rescue_figure_distributions_distributed')
  @Column({ name: 'distributed_date', type: 'date' })
  distributedDate!: string;
}
