/**
 * The registry of figure topics the demo drives and checks: for each, its statistics route, the
 * groupings it answers, the generator of its facts and its independent recount. The demo and the
 * recount test loop over {@link FIGURE_TOPICS}; a new topic (whistle-blower reports, key tasks …) is
 * one more entry here with its `workload-<topic>.ts` and `recount-<topic>.ts`.
 */
import type { FigureContext } from './figure-context.js';
import type { FigureAnswer, FigureQuery } from './recount-common.js';
import { recountAccidents } from './recount-accidents.js';
import { recountDrills } from './recount-drills.js';
import { recountEngineering } from './recount-engineering.js';
import { recountKeyTasks } from './recount-key-tasks.js';
import { recountReports } from './recount-reports.js';
import { recountPublicity } from './recount-publicity.js';
import { recountRescue } from './recount-rescue.js';
import { recountSelfInspections } from './recount-self-inspections.js';
import { recountStandardization } from './recount-standardization.js';
import { recountSupervision } from './recount-supervision.js';
import { recountTraining } from './recount-training.js';
import { generateAccidents } from './workload-accidents.js';
import { generateDrills } from './workload-drills.js';
import { generateEngineering } from './workload-engineering.js';
import { generateKeyTasks } from './workload-key-tasks.js';
import { generateReports } from './workload-reports.js';
import type { WorkloadOperation } from './workload-model.js';
import { generatePublicity } from './workload-publicity.js';
import { generateRescue } from './workload-rescue.js';
import { generateSelfInspections } from './workload-self-inspections.js';
import { generateStandardization } from './workload-standardization.js';
import { generateSupervision } from './workload-supervision.js';
import { generateTraining } from './workload-training.js';

/** One figure topic: where its figures are, how its facts are made, and how they are recounted. */
export interface FigureTopic {
  /** Short name, e.g. 'drills'. */
  name: string;
  /** The statistics route, e.g. '/api/v1/statistics/drills'. */
  route: string;
  /** The groupings the route answers (engineering: district only; key tasks: task only). */
  groupBys: readonly ('district' | 'sector' | 'task')[];
  /** The topic's facts (a deterministic function of the context). */
  generate(ctx: FigureContext): WorkloadOperation[];
  /** What the route must answer for the operations sent (all of them: a recount picks its own). */
  recount(operations: readonly WorkloadOperation[], query: FigureQuery): FigureAnswer;
  /** Row fields that are explanatory text, not figures: not compared. */
  textFields?: readonly string[];
  /** Where the answer carries the city-wide figures the recount gives as `cityTotals` (default `cityTotals`). */
  totalsField?: string;
}

const both = ['district', 'sector'] as const;

/** Every figure topic besides hazards (which `recount-hazard-figures.ts` covers), in the order the demo prints them. */
export const FIGURE_TOPICS: readonly FigureTopic[] = [
  { name: 'accidents', route: '/api/v1/statistics/accidents', groupBys: both, generate: generateAccidents, recount: recountAccidents },
  { name: 'drills', route: '/api/v1/statistics/drills', groupBys: both, generate: generateDrills, recount: recountDrills },
  { name: 'training', route: '/api/v1/statistics/training', groupBys: both, generate: generateTraining, recount: recountTraining, textFields: ['note'] },
  { name: 'inspections', route: '/api/v1/statistics/inspections', groupBys: both, generate: generateSelfInspections, recount: recountSelfInspections },
  { name: 'standardization', route: '/api/v1/statistics/standardization', groupBys: both, generate: generateStandardization, recount: recountStandardization, textFields: ['note'] },
  { name: 'enforcement', route: '/api/v1/statistics/enforcement', groupBys: both, generate: generateSupervision, recount: recountSupervision },
  { name: 'rescue', route: '/api/v1/statistics/rescue', groupBys: both, generate: generateRescue, recount: recountRescue, textFields: ['note'] },
  { name: 'publicity', route: '/api/v1/statistics/publicity', groupBys: both, generate: generatePublicity, recount: recountPublicity },
  { name: 'engineering', route: '/api/v1/statistics/engineering', groupBys: ['district'], generate: generateEngineering, recount: recountEngineering },
  { name: 'reports', route: '/api/v1/statistics/reports', groupBys: both, generate: generateReports, recount: recountReports },
  {
    name: 'key-tasks', route: '/api/v1/statistics/key-tasks', groupBys: ['task'], generate: generateKeyTasks, totalsField: 'totals',
    recount: (operations, query) => recountKeyTasks(operations, query, query.keyTasks ?? []),
  },
];

/**
 * Each difference between an answer and its recount: 'path: api X, recount Y', comparing rows by key
 * (and `cityTotals` when the recount has them), ignoring `textFields` and key order.
 */
export function compareAnswer(label: string, actual: { rows: Record<string, unknown>[]; cityTotals?: unknown }, expected: FigureAnswer, textFields: readonly string[] = [], totalsField = 'cityTotals'): string[] {
  const diffs: string[] = [];
  const keys = (rows: readonly Record<string, unknown>[]) => rows.map((r) => String(r['key'])).join(',');
  if (keys(actual.rows) !== keys(expected.rows)) return [`${label}: rows ${keys(actual.rows)} but expected ${keys(expected.rows)}`];
  const walk = (path: string, a: unknown, e: unknown) => {
    if (e !== null && typeof e === 'object' && a !== null && typeof a === 'object' && !Array.isArray(e)) {
      const ao = a as Record<string, unknown>;
      const eo = e as Record<string, unknown>;
      for (const k of new Set([...Object.keys(ao), ...Object.keys(eo)])) if (!textFields.includes(k)) walk(`${path}.${k}`, ao[k], eo[k]);
    } else if (JSON.stringify(a) !== JSON.stringify(e)) {
      diffs.push(`${path}: api ${JSON.stringify(a)}, recount ${JSON.stringify(e)}`);
    }
  };
  actual.rows.forEach((row, i) => walk(`${label} ${String(row['key'])}`, row, expected.rows[i]));
  if (expected.cityTotals !== undefined) walk(`${label} ${totalsField}`, (actual as Record<string, unknown>)[totalsField], expected.cityTotals);
  return diffs;
}
