import type { CommandMetadata } from '../core/actor.js';
import type { EnterpriseState } from '../enterprise/enterprise.state.js';
import type { ReportChannel, ReporterIdentityEnvelope } from './report.events.js';

/**
 * ReceiveReport: a whistle-blower report. The handler encrypts the reporter's identity before the
 * decider sees the command: `reporterIdentity` is the envelope (or `null`), never plaintext.
 */
export interface ReceiveReport {
  type: 'ReceiveReport';
  data: {
    reportId: string;
    districtCode: string;
    sector: string | null;
    enterpriseUscc: string | null;
    channel: ReportChannel;
    summary: string;
    receivedAt: string;
    reporterIdentity: ReporterIdentityEnvelope | null;
  };
  /** Reference codes and, when `enterpriseUscc` is given, that enterprise's folded state (handed in by the handler). */
  context: { districtCodes: ReadonlySet<string>; sectorCodes: ReadonlySet<string>; enterprise: EnterpriseState | null };
  metadata: CommandMetadata;
}

/** VerifyReport (核查): substantiated or not; the hazard found and the fine imposed, when any (fen). */
export interface VerifyReport {
  type: 'VerifyReport';
  data: { substantiated: boolean; hazardId: string | null; fineFen: number | null; verifiedAt: string };
  /** Whether the stream `hazard-{hazardId}` exists (looked up by the handler; false when no hazard is named). */
  context: { hazardExists: boolean };
  metadata: CommandMetadata;
}

/** PayReward: the amount paid (fen); a reason is needed when it is not the suggested reward. */
export interface PayReward {
  type: 'PayReward';
  data: { amountFen: number; overrideReason: string | null; paidAt: string };
  metadata: CommandMetadata;
}

/** ReadReporterIdentity: decrypting the identity is itself a fact, with its purpose (`readAt` is the handler's now). */
export interface ReadReporterIdentity {
  type: 'ReadReporterIdentity';
  data: { purpose: string; readAt: string };
  metadata: CommandMetadata;
}

/** ShredReporterIdentity: destroy the identity's data key (`shreddedAt` is the handler's now). */
export interface ShredReporterIdentity {
  type: 'ShredReporterIdentity';
  data: { shreddedAt: string };
  metadata: CommandMetadata;
}

/** Every command on the `report-{reportId}` stream. */
export type ReportCommand = ReceiveReport | VerifyReport | PayReward | ReadReporterIdentity | ShredReporterIdentity;
