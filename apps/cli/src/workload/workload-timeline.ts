/**
 * One hazard's commands as they are built: kept in an order the server accepts, each at a time no
 * earlier than the previous one's, and cut at the end date.
 */
import { formatCst, HOUR_MS } from './cst-time.js';
import { enterpriseStream, type WorkloadOperation } from './workload-model.js';

/** One command of a hazard, with the keys the workload sorts all hazards' commands by. */
export interface HazardStep {
  at: number;
  hazardSeq: number;
  stepNo: number;
  operation: WorkloadOperation;
}

const hazardStream = (id: string) => `hazard-${id}`;

/**
 * A hazard's steps as they are built: times only move forward (an earlier time is raised to the
 * previous step's), except where an explicit ISO time is given, which must not go back.
 */
export class Timeline {
  readonly steps: { at: number; sub: string | null; body: Record<string, unknown> }[] = [];
  private last = -Infinity;

  constructor(
    readonly hazardId: string,
    private readonly endMs: number,
  ) {}

  /** Adds a step at `at` (ms, or an explicit ISO string kept as written); returns the time used. */
  add(at: number | string, sub: string | null, field: string | null, body: Record<string, unknown>): number {
    let ms: number;
    let text: string;
    if (typeof at === 'string') {
      ms = Date.parse(at);
      if (ms < this.last) throw new Error(`workload bug: ${sub} at ${at} goes back in time`);
      text = at;
    } else {
      ms = Math.max(Math.floor(at / 1000) * 1000, this.last);
      text = formatCst(ms);
    }
    this.last = ms;
    this.steps.push({ at: ms, sub, body: field ? { ...body, [field]: text } : body });
    return ms;
  }

  /**
   * An out-of-order step valid in any open state (escalation, listed supervision, problem list):
   * kept only when strictly after the discovery and strictly before `beforeMs`.
   */
  addOpenStep(atMs: number, beforeMs: number, sub: string, field: string, body: Record<string, unknown>): boolean {
    const ms = Math.floor(atMs / 1000) * 1000;
    if (ms <= this.steps[0]!.at || ms >= beforeMs - HOUR_MS) return false;
    this.steps.push({ at: ms, sub, body: { ...body, [field]: formatCst(ms) } });
    return true;
  }

  /** The steps in time order (stable), without those after the end date. */
  finish(hazardSeq: number): HazardStep[] {
    const ordered = this.steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.at - b.s.at || a.i - b.i);
    return ordered
      .filter(({ s }) => s.at <= this.endMs)
      .map(({ s }, stepNo) => ({
        at: s.at,
        hazardSeq,
        stepNo,
        operation: {
          method: 'POST' as const,
          path: s.sub === null ? '/api/v1/hazards' : `/api/v1/hazards/${this.hazardId}/${s.sub}`,
          body: s.body,
          stream: hazardStream(this.hazardId),
          ...(s.sub === null ? { after: enterpriseStream(String(s.body['enterpriseUscc'])) } : {}),
        },
      }));
  }
}
