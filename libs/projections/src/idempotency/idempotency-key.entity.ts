import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A command's response kept under its `Idempotency-Key`, replayed to a retry with the same body. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyRow {
  @PrimaryColumn({ type: 'uuid' })
  key!: string;

  /** sha256 of method, path and canonical body: the same key with another body is refused. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode!: number;

  @Column({ type: 'jsonb' })
  response!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
