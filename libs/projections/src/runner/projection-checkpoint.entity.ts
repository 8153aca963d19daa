import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far each projection has read the global order (position as a decimal string: int8). */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'bigint', default: '0' })
  position!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
