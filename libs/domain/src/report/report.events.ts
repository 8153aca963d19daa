/**
 * Events of the `report-{reportId}` stream (DOMAIN.md §2): a whistle-blower report (举报) received,
 * verified (substantiated or not, a linked hazard), its reward paid (奖励), and the reporter's identity
 * read or shredded. The reporter's identity is confidential (保密): it is only ever carried as an
 * AES-256-GCM envelope, never as plaintext. No optional fields: absent is `null`. Times (`*At`) are
 * ISO-8601 instants with offset; money is integer fen.
 */

/** How a report arrived: 电话 phone, 网络 online, 信件 letter, 来访 visit. */
export const REPORT_CHANNELS = ['phone', 'online', 'letter', 'visit'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

/**
 * The reporter's identity `{ name?, contact? }` as JSON, encrypted with AES-256-GCM under a data key of
 * its own; every field base64. `keyId` names the wrapped data key (the row of `reporter_keys`), `iv` is
 * 12 bytes, `authTag` 16 bytes. Without the data key (shredded) the ciphertext cannot be read.
 */
export interface ReporterIdentityEnvelope {
  keyId: string;
  iv: string;
  ciphertext: string;
  authTag: string;
}

/** A report was received. `reporterIdentity` is `null` for an anonymous report. */
export interface ReportReceived {
  type: 'ReportReceived';
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
}

/**
 * The report was verified (核查). `hazardId` links the hazard found (stream `hazard-{id}`); `fineFen`
 * is the administrative fine imposed on what was reported (fen) — both `null` when there is none, and
 * both `null` for an unsubstantiated report.
 */
export interface ReportVerified {
  type: 'ReportVerified';
  data: { reportId: string; substantiated: boolean; hazardId: string | null; fineFen: number | null; verifiedAt: string };
}

/**
 * The reward was paid (举报奖励): `amountFen` paid, `suggestedFen` what the national rule suggests
 * ({@link suggestedRewardFen}), `overrideReason` why they differ (`null` when they do not).
 */
export interface RewardPaid {
  type: 'RewardPaid';
  data: { reportId: string; amountFen: number; suggestedFen: number; overrideReason: string | null; paidAt: string };
}

/** Somebody (the event's actor) decrypted the reporter's identity, for `purpose`. The identity itself is not in the event. */
export interface ReporterIdentityRead {
  type: 'ReporterIdentityRead';
  data: { reportId: string; readAt: string; purpose: string };
}

/** The identity's data key was destroyed (crypto-shredding): the envelope can never be read again. */
export interface ReporterIdentityShredded {
  type: 'ReporterIdentityShredded';
  data: { reportId: string; shreddedAt: string };
}

/** Every event of the `report-{reportId}` stream. */
export type ReportEvent = ReportReceived | ReportVerified | RewardPaid | ReporterIdentityRead | ReporterIdentityShredded;

/** The type names of {@link ReportEvent}, e.g. for a projection's `eventTypes`. */
export const REPORT_EVENT_TYPES = [
  'ReportReceived',
  'ReportVerified',
  'RewardPaid',
  'ReporterIdentityRead',
  'ReporterIdentityShredded',
] as const satisfies readonly ReportEvent['type'][];

/** The stream of one report. */
export const reportStreamId = (reportId: string): string => `report-${reportId}`;
