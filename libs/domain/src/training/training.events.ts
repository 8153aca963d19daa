/** Who a training was for (DOMAIN.md §1 培训). */
export const TRAINING_AUDIENCES = [
  'principal',
  'other_leader',
  'worker',
  'special_operations',
  'party_government_leader',
  'enforcement_officer',
  'hospital_fire_lead',
] as const;
export type TrainingAudience = (typeof TRAINING_AUDIENCES)[number];

/** Audiences trained as an enterprise's staff: their training names the enterprise. */
export const ENTERPRISE_AUDIENCES: readonly TrainingAudience[] = ['principal', 'other_leader', 'worker', 'special_operations'];

/**
 * A person's pseudonymous id: 8–64 characters of [A-Za-z0-9_-]. Never a name: CJK characters and
 * spaces do not fit, so a name typed in by mistake is refused rather than stored.
 */
export const PERSON_REF_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export interface TrainingRecorded {
  type: 'TrainingRecorded';
  data: {
    trainingId: string;
    audience: TrainingAudience;
    /** Pseudonymous, see {@link PERSON_REF_PATTERN}. */
    personRef: string;
    /** The enterprise's district and sector when an enterprise is named: figures count under these. */
    districtCode: string;
    sector: string | null;
    enterpriseUscc: string | null;
    topic: string;
    /** When the training was completed (ISO-8601 with offset); it counts in that instant's CST year. */
    completedAt: string;
    passed: boolean;
  };
}

export interface CertificateIssued {
  type: 'CertificateIssued';
  data: {
    certificateId: string;
    personRef: string;
    enterpriseUscc: string;
    districtCode: string;
    sector: string;
    /** The special operation (作业类别/操作项目) the certificate is for, e.g. '电工作业/低压电工作业'. */
    operationType: string;
    issuedAt: string;
    /** Last CST date the certificate is valid (inclusive). */
    validUntil: string;
  };
}

export interface CertificateRevoked {
  type: 'CertificateRevoked';
  data: { certificateId: string; revokedAt: string; reason: string };
}

export type TrainingEvent = TrainingRecorded | CertificateIssued | CertificateRevoked;

export const TRAINING_EVENT_TYPES = ['TrainingRecorded', 'CertificateIssued', 'CertificateRevoked'] as const satisfies readonly TrainingEvent['type'][];

/**
 * The stream of an organisation's trainings and certificates of a year: `training-{orgKey}-{yyyy}`,
 * `orgKey` the enterprise's USCC when there is one, else the district code; `year` the CST year of
 * the fact (completion, issue).
 */
export const trainingStreamId = (orgKey: string, year: number): string => `training-${orgKey}-${String(year).padStart(4, '0')}`;

/** Years of special-operations certificates (特种作业操作证有效期6年) when no other validity is given. */
export const CERTIFICATE_VALIDITY_YEARS = 6;

const CERTIFICATE_ID = /^([0-9A-Z]{18})-(\d{4})-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * A certificate's id names the stream it is kept in: `{uscc}-{yyyy}-{uuid}` (the issuing
 * enterprise's USCC and the CST year of issue), so a revocation finds its certificate without a
 * read model.
 */
export function certificateIdOf(uscc: string, year: number, uuid: string): string {
  return `${uscc}-${String(year).padStart(4, '0')}-${uuid.toLowerCase()}`;
}

/** The stream holding certificate `certificateId`, or `null` when the id is not of the form {@link certificateIdOf} makes. */
export function certificateStreamId(certificateId: string): string | null {
  const match = CERTIFICATE_ID.exec(certificateId);
  return match === null ? null : trainingStreamId(match[1]!, Number(match[2]));
}
