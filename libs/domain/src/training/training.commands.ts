import type { CommandMetadata } from '../core/actor.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { TrainingAudience } from './training.events.js';

/** Reference data the training decider judges against (handed in by the handler; the decider does no I/O). */
export interface TrainingReference {
  districtCodes: ReadonlySet<string>;
  sectorCodes: ReadonlySet<string>;
}

export interface RecordTraining {
  type: 'RecordTraining';
  data: {
    trainingId: string;
    audience: TrainingAudience;
    personRef: string;
    districtCode: string;
    sector: string | null;
    enterpriseUscc: string | null;
    topic: string;
    completedAt: string;
    passed: boolean;
  };
  /** The named enterprise's folded state; `null` when the training names none. */
  context: { enterprise: EnterpriseState | null };
  reference: TrainingReference;
  metadata: CommandMetadata;
}

export interface IssueCertificate {
  type: 'IssueCertificate';
  data: {
    certificateId: string;
    personRef: string;
    enterpriseUscc: string;
    operationType: string;
    issuedAt: string;
    /** Last valid CST date; `null`: {@link CERTIFICATE_VALIDITY_YEARS} years from the issue date. */
    validUntil: string | null;
  };
  context: { enterprise: EnterpriseState };
  metadata: CommandMetadata;
}

export interface RevokeCertificate {
  type: 'RevokeCertificate';
  data: { certificateId: string; revokedAt: string; reason: string };
  metadata: CommandMetadata;
}

export type TrainingCommand = RecordTraining | IssueCertificate | RevokeCertificate;
