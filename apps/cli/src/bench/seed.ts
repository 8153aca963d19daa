/**
 * The bench's seed: the demo workload's generator (every kind of fact: enterprises, hazard
 * lifecycles, accidents, drills, trainings, inspections, rescue, publicity, engineering, reports, key
 * tasks), sent through the real api over HTTP, so the store holds events the real command path made.
 */
import { loadReferenceData } from '#reference-data';
import { DEFAULT_END_DATE, generateWorkload, toWorkloadReference } from '../workload/generate-workload.js';
import { generateFigureWorkload, phaseOf } from '../workload/figure-workload.js';
import { sendWorkload } from '../workload/send-workload.js';
import type { WorkloadOperation } from '../workload/workload-model.js';

/** Options of {@link sendSeed}. */
export interface SeedOptions {
  baseUrl: string;
  token: string;
  /** Enterprises of the generated workload (the demo's default is 600). */
  enterprises: number;
  /** The share (0–1] of the generator's district-level fact streams sent; hazards and enterprises are all sent. */
  share: number;
  concurrency: number;
  onProgress?: (sent: number) => void;
}

/** What a seed sent. */
export interface SeedResult {
  commands: number;
  seconds: number;
  /** The USCCs of the registered enterprises the seed did not close (ReportHazard names one of them). */
  usccs: string[];
  /** The enterprise registrations' operations (the embedded instance gets a few). */
  registrations: WorkloadOperation[];
}

/**
 * Generates the demo workload (seed 2024), keeps `share` of its non-hazard streams (whole streams,
 * with every stream they wait for), and sends the registrations, then the demo's three phases.
 * @throws OperationFailedError for the first command the server refuses
 */
export async function sendSeed(options: SeedOptions): Promise<SeedResult> {
  const operations = seedOperations(options.enterprises, options.share);
  const started = performance.now();
  let sent = 0;
  const captured = new Map<string, string>();
  const isRegistration = (op: WorkloadOperation) => op.path === '/api/v1/enterprises';
  // Registrations first, alone: a small workload's few registrations would otherwise race the facts naming them.
  const passes = [
    operations.filter(isRegistration),
    phaseOf(operations, 1).filter((op) => !isRegistration(op)),
    phaseOf(operations, 2).filter((op) => !isRegistration(op)),
    phaseOf(operations, 3).filter((op) => !isRegistration(op)),
  ];
  for (const pass of passes) {
    const before = sent;
    const r = await sendWorkload(pass, {
      baseUrl: options.baseUrl,
      headers: { authorization: `Bearer ${options.token}` },
      concurrency: options.concurrency,
      captured,
      onProgress: (done) => options.onProgress?.(before + done),
    });
    sent += r.sent;
  }
  const registrations = operations.filter((op) => op.path === '/api/v1/enterprises');
  // Phase 3 closes enterprises: a hazard of a closed one is refused (422), so the loads name open ones.
  const closed = new Set(operations.filter((op) => op.phase === 3 && op.stream.startsWith('enterprise-')).map((op) => op.stream));
  const open = registrations.filter((op) => !closed.has(op.stream));
  return {
    commands: sent,
    seconds: (performance.now() - started) / 1000,
    usccs: (open.length > 0 ? open : registrations).map((op) => String(op.body['uscc'])),
    registrations,
  };
}

/**
 * The workload's operations, thinned: every enterprise and hazard stream, and `share` of the other
 * streams (every k-th), plus whatever those wait for (`after`) or capture from.
 */
export function seedOperations(enterprises: number, share: number): WorkloadOperation[] {
  const reference = loadReferenceData();
  const hazards = generateWorkload({ seed: 2024, enterprises, hazardsPerEnterprise: 2, endDate: DEFAULT_END_DATE, reference: toWorkloadReference(reference) });
  const all = [...hazards, ...generateFigureWorkload(hazards, reference, 2024, Date.parse(DEFAULT_END_DATE))];
  if (share >= 1) return all;
  const every = Math.max(1, Math.round(1 / share));
  const streams = [...new Set(all.map((op) => op.stream))];
  const keep = new Set(streams.filter((s, i) => /^(enterprise|hazard)-/.test(s) || i % every === 0));
  // Captures and placeholders tie streams together: keep whole groups.
  for (const op of all) if (op.capture || op.path.includes('{{')) keep.add(op.stream);
  for (let grew = true; grew; ) {
    grew = false;
    for (const op of all) {
      if (keep.has(op.stream) && op.after && !keep.has(op.after)) {
        keep.add(op.after);
        grew = true;
      }
    }
  }
  return all.filter((op) => keep.has(op.stream));
}
