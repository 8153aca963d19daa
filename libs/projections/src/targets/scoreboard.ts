import type { TargetResult } from './target-evaluation.js';
import type { TargetStatus } from './target-status.js';

/** Why a district has its rank: one district target's status there. */
export interface ScoreboardReason {
  targetId: string;
  title: string;
  status: TargetStatus;
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  comparator: string;
  threshold: number;
  /** Why no_data, or how an unfinished period was judged; null otherwise. */
  reason: string | null;
  /** The seed's note on the target. */
  note: string;
}

/** One district on the scoreboard (API.md `/api/v1/scoreboard` rows). */
export interface ScoreboardRow {
  rank: number;
  districtCode: string;
  name: string;
  met: number;
  onTrack: number;
  behind: number;
  missed: number;
  noData: number;
  /** Every district-grouped target of the year, in seed order, with this district's status. */
  reasons: ScoreboardReason[];
}

/**
 * Ranks the districts on the district-grouped targets of a year: each district counts its statuses
 * (met, on_track, behind, missed, no_data) over `targets` with `grouping` 'district'; districts are
 * ranked by met + onTrack descending, then missed ascending, then behind ascending (no_data does not
 * rank); equal keys share a rank and the next rank skips (1, 2, 2, 4). Rows are ordered by rank, then
 * district code.
 * @param districts every district to rank (parseStatisticsQuery's district groups)
 */
export function rankDistricts(districts: readonly { code: string; name: string }[], targets: readonly TargetResult[]): ScoreboardRow[] {
  const districtTargets = targets.filter((t) => t.grouping === 'district');
  const rows = districts.map((d): Omit<ScoreboardRow, 'rank'> => {
    const counts = { met: 0, onTrack: 0, behind: 0, missed: 0, noData: 0 };
    const reasons = districtTargets.map((t): ScoreboardReason => {
      const g = t.groups?.find((x) => x.key === d.code);
      const status: TargetStatus = g?.status ?? 'no_data';
      if (status === 'met') counts.met++;
      else if (status === 'on_track') counts.onTrack++;
      else if (status === 'behind') counts.behind++;
      else if (status === 'missed') counts.missed++;
      else counts.noData++;
      return {
        targetId: t.targetId,
        title: t.title,
        status,
        actual: g?.actual ?? null,
        numerator: g?.numerator ?? null,
        denominator: g?.denominator ?? null,
        comparator: t.comparator,
        threshold: t.threshold,
        reason: g ? g.reason : `no figure for ${d.code}`,
        note: t.note,
      };
    });
    return { districtCode: d.code, name: d.name, ...counts, reasons };
  });
  const keyOf = (r: Omit<ScoreboardRow, 'rank'>): [number, number, number] => [-(r.met + r.onTrack), r.missed, r.behind];
  const cmpKey = (a: [number, number, number], b: [number, number, number]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const sorted = [...rows].sort((a, b) => cmpKey(keyOf(a), keyOf(b)) || (a.districtCode < b.districtCode ? -1 : a.districtCode > b.districtCode ? 1 : 0));
  const ranked: ScoreboardRow[] = [];
  sorted.forEach((r, i) => {
    const previous = ranked[i - 1];
    const rank = previous && cmpKey(keyOf(previous), keyOf(r)) === 0 ? previous.rank : i + 1;
    ranked.push({ rank, ...r });
  });
  return ranked;
}
