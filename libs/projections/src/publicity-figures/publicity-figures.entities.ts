import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One 千师万讲 lecture held (LectureHeld), keyed by stream and revision; `heldDate` the CST date of heldAt. */
@Entity({ name: 'publicity_figure_lectures' })
export class PublicityFigureLecture {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'lecture_id', type: 'uuid' })
  lectureId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text', nullable: true })
  sector!: string | null;

  @Column({ name: 'audience_size', type: 'integer' })
  audienceSize!: number;

  @Index('publicity_figure_lectures_held')
  @Column({ name: 'held_date', type: 'date' })
  heldDate!: string;
}

/** One 五进 demonstration site built (DemonstrationSiteBuilt); `builtDate` the CST date of builtAt. */
@Entity({ name: 'publicity_figure_sites' })
export class PublicityFigureSite {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'site_id', type: 'uuid' })
  siteId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  setting!: string;

  @Index('publicity_figure_sites_built')
  @Column({ name: 'built_date', type: 'date' })
  builtDate!: string;
}

/** One 应急科普体验馆 established (ScienceHallEstablished); `establishedDate` the CST date of establishedAt. */
@Entity({ name: 'publicity_figure_halls' })
export class PublicityFigureHall {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'hall_id', type: 'uuid' })
  hallId!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  level!: string;

  @Index('publicity_figure_halls_established')
  @Column({ name: 'established_date', type: 'date' })
  establishedDate!: string;
}
