import { ApiQuery } from '@nestjs/swagger';
import { cstDate } from '#domain';
import { districtRemap, districtsInForce, type DistrictRemapRule, type DistrictUnitsMode, type ReferenceData } from '#reference-data';
import { validationError, type ValidationDetail } from '../conventions/validation.js';

/** A statistics route's common query: `groupBy`, `year`, `minPosition`, and the groups to give rows for. */
export interface StatisticsRequest {
  groupBy: 'district' | 'sector';
  year: number;
  /** A global position (decimal string) to wait for, or undefined. */
  minPosition: string | undefined;
  /**
   * The groups to give rows for, ordered by code, zeros included: every sector; or the districts in
   * force on at least one day of `year` (`units=in_force`), or those valid today (`units=current`).
   */
  groups: { code: string; name: string }[];
  /** `units`: how facts are attributed to districts (default 'in_force'); see {@link UNITS_QUERY_DESCRIPTION}. */
  units: DistrictUnitsMode;
  /** Remap rules for `districtUnitSql` (#projections); empty when grouping by sector. */
  remap: DistrictRemapRule[];
  /** The route's own extra parameters, as given (validated by their checks). */
  extra: Record<string, string>;
}

/** What `units` means, for the OpenAPI description of every statistics route. */
export const UNITS_QUERY_DESCRIPTION =
  'District units. in_force (default): rows for every district unit in force on at least one day of the year (2024: the plan\'s 41); a fact counts under the unit in force at its date (its recorded unit, or that unit\'s successor when dated after the unit was retired, e.g. 江北区 500105 → 两江新区 500157 from 2025-11-06). current: rows for the units valid today only; every fact counts under today\'s successor of its recorded unit.';

/** The OpenAPI entry of the shared `units` parameter: put it on every statistics route. */
export const ApiUnitsQuery = (): MethodDecorator =>
  ApiQuery({ name: 'units', required: false, enum: ['in_force', 'current'], description: UNITS_QUERY_DESCRIPTION });

/**
 * Parses the query every `GET /api/v1/statistics/{topic}` takes (API.md): `groupBy=district|sector`,
 * a four-digit `year` (2000–2100), an optional `minPosition`, an optional `units=in_force|current`,
 * and the route's own `extra` parameters, each with a check that returns a problem message or null.
 * `today` (CST 'YYYY-MM-DD', default: now) decides the units of `units=current`.
 * @throws BadRequestException (API.md's 400 validation shape) naming every unknown, repeated or malformed parameter
 */
export function parseStatisticsQuery(
  query: Record<string, unknown>,
  reference: ReferenceData,
  extra: Record<string, (value: string) => string | null> = {},
  today: string = cstDate(new Date()),
): StatisticsRequest {
  const problems: ValidationDetail[] = [];
  // `asOf` is validated and resolved by AsOfResolver (it needs the store); here it is only known.
  const known = ['groupBy', 'year', 'minPosition', 'units', 'asOf', ...Object.keys(extra)];
  for (const k of Object.keys(query)) {
    if (!known.includes(k)) problems.push({ path: k, message: `unknown query parameter ${k}` });
    else if (typeof query[k] !== 'string') problems.push({ path: k, message: `${k} must be given once` });
  }
  const groupBy = query['groupBy'];
  if (groupBy === undefined) problems.push({ path: 'groupBy', message: 'groupBy is required: district or sector' });
  else if (groupBy !== 'district' && groupBy !== 'sector') problems.push({ path: 'groupBy', message: 'groupBy must be district or sector' });
  const yearText = query['year'];
  if (yearText === undefined) problems.push({ path: 'year', message: 'year is required, e.g. year=2025' });
  else if (typeof yearText !== 'string' || !/^\d{4}$/.test(yearText) || Number(yearText) < 2000 || Number(yearText) > 2100) {
    problems.push({ path: 'year', message: 'year must be a four-digit year from 2000 to 2100' });
  }
  const unitsText = query['units'];
  if (unitsText !== undefined && unitsText !== 'in_force' && unitsText !== 'current') {
    problems.push({ path: 'units', message: 'units must be in_force or current' });
  }
  const given: Record<string, string> = {};
  for (const [name, check] of Object.entries(extra)) {
    const value = query[name];
    if (typeof value !== 'string') continue;
    const problem = check(value);
    if (problem) problems.push({ path: name, message: problem });
    else given[name] = value;
  }
  if (problems.length > 0) throw validationError(problems);
  const by = groupBy as 'district' | 'sector';
  const year = Number(yearText);
  const units: DistrictUnitsMode = unitsText === 'current' ? 'current' : 'in_force';
  const districts = units === 'current' ? reference.districtsValidOn(today) : districtsInForce(reference, year);
  return {
    groupBy: by,
    year,
    minPosition: query['minPosition'] as string | undefined,
    groups:
      by === 'district'
        ? districts.map((d) => ({ code: d.code, name: d.name }))
        : reference.sectorList.map((s) => ({ code: s.code, name: s.name })),
    units,
    remap: by === 'district' ? districtRemap(reference, units, today) : [],
    extra: given,
  };
}
