/**
 * What the workload's parts share: the commands they produce, the reference data they draw from, an
 * enterprise as generated, and the first year hazards are found in. `generate-workload.ts`, the
 * public entry, re-exports the public names; they live here so that no part imports the entry.
 */

/** One HTTP command of the workload. */
export interface WorkloadOperation {
  method: 'POST';
  /** Path under the server's base URL, e.g. '/api/v1/hazards/{id}/closure'. */
  path: string;
  /** The JSON body (times ISO-8601 with offset, deadlines CST dates, money integer fen). */
  body: Record<string, unknown>;
  /** Extra request headers: an `Idempotency-Key` (a UUID) on every operation. */
  headers?: Record<string, string>;
  /** The stream written ('enterprise-{uscc}', 'hazard-{id}'): one stream's operations are sent in list order, one at a time. */
  stream: string;
  /** A stream whose operations must all have succeeded first (a hazard's report waits for its enterprise). */
  after?: string;
  /**
   * When to send it, in a separate pass: 1 (default) with the registrations and hazards; 2 after them
   * (facts naming reported hazards, and enterprise-stream facts a hazard report would wait for); 3 last
   * (enterprise closures: nothing an enterprise does may be sent after its closure).
   */
  phase?: 1 | 2 | 3;
  /** Keep the answer's `field` under `as`: a later path may name it as `{{as}}` (a certificate id for its revocation). */
  capture?: { field: string; as: string };
}

/** The reference data the generator draws from (a subset of `ReferenceData`). */
export interface WorkloadReference {
  districts: readonly { code: string; name: string; gbCode: string | null }[];
  sectors: readonly { code: string; name: string; highRisk: boolean; gbt4754: readonly string[] }[];
  criteria: readonly {
    code: string;
    sector: string | null;
    appliesToSectors: readonly string[];
    effectiveFrom: string;
    supersededBy: string | null;
  }[];
}

/** The first year hazards are found in: the stock (存量) is what was found before 2024-01-01. */
export const FIRST_YEAR = 2023;

/** An enterprise as generated: what its registration says, and what its hazards depend on. */
export interface Enterprise {
  uscc: string;
  name: string;
  districtCode: string;
  sector: string;
  highRisk: boolean;
}

/** The stream an enterprise's registration writes ('enterprise-{uscc}'); a hazard's report waits for it. */
export const enterpriseStream = (uscc: string) => `enterprise-${uscc}`;
