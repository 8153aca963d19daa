import type { District, ReferenceData } from './reference-data.types.js';
import { isRealDate } from './seed-checks.js';

/**
 * How statistics attribute facts to districts (README "District changes"):
 * - 'in_force': a fact counts under the unit in force at its CST date — its recorded unit, or, when
 *   dated after that unit's validTo, the (main) successor in force on that date;
 * - 'current': every fact counts under today's successor of its recorded unit.
 */
export type DistrictUnitsMode = 'in_force' | 'current';

/**
 * One rule of a district remap: a fact recorded under `code` and dated on or after `from` (any date
 * when `from` is null) counts under `to`. Rules of one code are ordered latest `from` first; the first
 * matching rule wins, and a fact no rule matches keeps its code.
 */
export interface DistrictRemapRule {
  readonly code: string;
  readonly from: string | null;
  readonly to: string;
}

/**
 * The unit a fact recorded under `code` on CST date `date` counts under: `code` itself, or, while the
 * date lies after the unit's validTo, its main successor, followed on through later retirements. A
 * fact dated before its unit's validFrom keeps the code. Pure.
 *
 * @returns the code of the unit in force, or null when `code` is not a district of `reference`
 * @throws RangeError when `date` is not a real 'YYYY-MM-DD' date
 */
export function unitInForce(reference: ReferenceData, code: string, date: string): string | null {
  if (!isRealDate(date)) throw new RangeError(`unitInForce: '${date}' is not a real date 'YYYY-MM-DD'`);
  let unit = reference.districtByCode(code);
  if (unit === undefined) return null;
  for (let hops = 0; unit.validTo !== null && date > unit.validTo && unit.successor !== null; hops++) {
    const next = reference.districtByCode(unit.successor.main);
    if (next === undefined || hops > reference.districts.length) break;
    unit = next;
  }
  return unit.code;
}

/**
 * The units in force on at least one day of `year` (validFrom ≤ 31 Dec and validTo ≥ 1 Jan, nulls
 * open), ordered by code: the rows of a statistics route for that year (2024: the plan's 41 units).
 */
export function districtsInForce(reference: ReferenceData, year: number): readonly District[] {
  const first = `${String(year).padStart(4, '0')}-01-01`;
  const last = `${String(year).padStart(4, '0')}-12-31`;
  return reference.districts.filter((d) => (d.validFrom === null || d.validFrom <= last) && (d.validTo === null || d.validTo >= first));
}

/**
 * The remap rules statistics queries apply (see `districtUnitSql` in #projections): in 'in_force'
 * mode, for every retired unit, one rule per later retirement along its chain of main successors
 * (from the day after each validTo); in 'current' mode, one rule per unit not valid on `today`,
 * mapping it from any date to `unitInForce(reference, code, today)`.
 *
 * @param today the CST date 'YYYY-MM-DD' of today (used in 'current' mode)
 * @throws RangeError when `today` is not a real date
 */
export function districtRemap(reference: ReferenceData, mode: DistrictUnitsMode, today: string): DistrictRemapRule[] {
  if (!isRealDate(today)) throw new RangeError(`districtRemap: '${today}' is not a real date 'YYYY-MM-DD'`);
  const rules: DistrictRemapRule[] = [];
  for (const d of reference.districts) {
    if (d.validTo === null || d.successor === null) continue;
    if (mode === 'current') {
      const to = unitInForce(reference, d.code, today);
      if (to !== null && to !== d.code) rules.push({ code: d.code, from: null, to });
      continue;
    }
    const chain: DistrictRemapRule[] = [];
    let unit: District | undefined = d;
    while (unit !== undefined && unit.validTo !== null && unit.successor !== null && chain.length <= reference.districts.length) {
      const from = dayAfter(unit.validTo);
      const to = unitInForce(reference, unit.successor.main, from);
      if (to === null) break;
      chain.push({ code: d.code, from, to });
      unit = reference.districtByCode(to);
    }
    rules.push(...chain.reverse());
  }
  return rules;
}

function dayAfter(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}
