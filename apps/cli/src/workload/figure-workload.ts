/**
 * The figure workload: every kind of fact besides hazards, drawn by the topics' generators
 * (`topics.ts`) over the enterprises and hazards of the hazard workload, with a seeded
 * `Idempotency-Key` on each command; and the queries a recount answers.
 */
import { deriveSeed, Prng } from './prng.js';
import { buildFigureContext, districtExistsOn, type FigureReference } from './figure-context.js';
import type { FigureQuery } from './recount-common.js';
import { FIGURE_TOPICS } from './topics.js';
import type { WorkloadOperation } from './workload-model.js';

/** The reference data as loaded (`loadReferenceData()`), as far as figures need it. */
export type FigureReferenceData = FigureReference & {
  districts: readonly { code: string; name: string; gbCode: string | null; validFrom?: string | null; validTo?: string | null; successor?: { main: string } | string | null; townships?: number | null; villages?: number | null }[];
};

/**
 * Generates the figure facts for the hazard workload `base` (same seed and end date).
 * @returns operations of every topic (late registrations first), each with an `Idempotency-Key`
 */
export function generateFigureWorkload(base: readonly WorkloadOperation[], reference: FigureReferenceData, seed: number, endMs: number): WorkloadOperation[] {
  const { context, operations } = buildFigureContext(base, reference, seed, endMs);
  const all = [...operations, ...FIGURE_TOPICS.flatMap((t) => t.generate(context))];
  const keys = new Prng(deriveSeed(seed, 'figure-idempotency-keys'));
  for (const op of all) op.headers = { 'Idempotency-Key': keys.uuid() };
  return all;
}

/** The operations of a phase (1: no `phase` or 1). */
export function phaseOf(operations: readonly WorkloadOperation[], phase: 1 | 2 | 3): WorkloadOperation[] {
  return operations.filter((op) => (op.phase ?? 1) === phase);
}

/**
 * The recount query for (year, groupBy): rows for every district in force on at least one day of the
 * year (reference `validFrom`/`validTo`) or every sector, with the sectors' flags and the districts'
 * validity and counts.
 */
export function figureQuery(reference: FigureReferenceData, year: number, groupBy: 'district' | 'sector' | 'task', today: string): FigureQuery {
  const groups =
    groupBy === 'district'
      ? reference.districts.filter((d) => districtExistsOn({ validFrom: d.validFrom ?? null, validTo: null }, `${year}-12-31`) && districtExistsOn({ validFrom: null, validTo: d.validTo ?? null }, `${year}-01-01`))
      : groupBy === 'task'
        ? (reference.keyTasks ?? []).map((t) => ({ code: String(t.taskNo), name: t.title }))
        : reference.sectorList;
  return { year, groupBy, today, groups: groups.map((g) => ({ code: g.code, name: g.name })), sectors: reference.sectorList, districts: reference.districts, keyTasks: reference.keyTasks ?? [] };
}
