/** What every received report knows. */
export interface ReportCore {
  reportId: string;
  districtCode: string;
  receivedAt: string;
  /** `none`: anonymous; `held`: an envelope whose data key exists; `shredded`: its data key was destroyed. */
  identity: 'none' | 'held' | 'shredded';
  /** The time of the latest fact of the report's life (received, verified, paid): a later one may not be earlier. */
  lastOccurredAt: string;
}

/** The verification's findings. */
export interface ReportFindings {
  substantiated: boolean;
  hazardId: string | null;
  fineFen: number | null;
  verifiedAt: string;
}

/**
 * A report: `none` before it is received; `received`; `verified` (substantiated or not); `rewarded`
 * (only a substantiated report). The identity may be read or shredded in any of the three.
 */
export type ReportState =
  | { status: 'none' }
  | ({ status: 'received' } & ReportCore)
  | ({ status: 'verified' } & ReportCore & ReportFindings)
  | ({ status: 'rewarded'; amountFen: number; paidAt: string } & ReportCore & ReportFindings);
