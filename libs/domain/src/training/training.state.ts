/** A certificate as its stream knows it: valid, or revoked (once). */
export type CertificateEntry = {
  certificateId: string;
  personRef: string;
  enterpriseUscc: string;
  districtCode: string;
  issuedAt: string;
} & ({ status: 'issued' } | { status: 'revoked'; revokedAt: string });

/**
 * The state of one `training-{orgKey}-{yyyy}` stream: the trainings recorded (by id, a training is
 * recorded once) and the certificates issued in it.
 */
export interface TrainingState {
  trainingIds: string[];
  certificates: CertificateEntry[];
}
