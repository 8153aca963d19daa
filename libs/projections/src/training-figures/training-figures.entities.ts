import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A training recorded (TrainingRecorded), keyed by its place in the store. Dates are CST 'YYYY-MM-DD'. */
@Entity({ name: 'training_figure_trainings' })
export class TrainingFigureTraining {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'training_id', type: 'uuid' })
  trainingId!: string;

  @Column({ type: 'text' })
  audience!: string;

  /** Pseudonymous person id; never a name. */
  @Column({ name: 'person_ref', type: 'text' })
  personRef!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text', nullable: true })
  sector!: string | null;

  @Column({ name: 'enterprise_uscc', type: 'text', nullable: true })
  enterpriseUscc!: string | null;

  @Index('training_figure_trainings_completed')
  @Column({ name: 'completed_date', type: 'date' })
  completedDate!: string;

  @Column({ type: 'boolean' })
  passed!: boolean;
}

/** A special-operations certificate (特种作业操作证): issued, valid until a CST date, maybe revoked. */
@Entity({ name: 'training_figure_certificates' })
export class TrainingFigureCertificate {
  @PrimaryColumn({ name: 'certificate_id', type: 'text' })
  certificateId!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'bigint' })
  revision!: string;

  @Index('training_figure_certificates_person')
  @Column({ name: 'person_ref', type: 'text' })
  personRef!: string;

  @Column({ name: 'enterprise_uscc', type: 'text' })
  enterpriseUscc!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ name: 'operation_type', type: 'text' })
  operationType!: string;

  @Column({ name: 'issued_date', type: 'date' })
  issuedDate!: string;

  /** Last valid CST date (inclusive). */
  @Column({ name: 'valid_until', type: 'date' })
  validUntil!: string;

  /** CST date of the revocation: from that date on the certificate no longer counts. */
  @Column({ name: 'revoked_date', type: 'date', nullable: true })
  revokedDate!: string | null;
}

/** The enterprise register as the principals' coverage needs it (EnterpriseRegistered / EnterpriseClosed). */
@Entity({ name: 'training_figure_enterprises' })
export class TrainingFigureEnterprise {
  @PrimaryColumn({ type: 'text' })
  uscc!: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode!: string;

  @Column({ type: 'text' })
  sector!: string;

  @Column({ name: 'registered_date', type: 'date' })
  registeredDate!: string;

  @Column({ name: 'closed_date', type: 'date', nullable: true })
  closedDate!: string | null;
}
