import type { ReferenceData } from '#reference-data';
import { validationError, type ValidationDetail } from '../conventions/validation.js';

/** A statistics route's common query: `groupBy`, `year`, `minPosition`, and the groups to give rows for. */
export interface StatisticsRequest {
  groupBy: 'district' | 'sector';
  year: number;
  /** A global position (decimal string) to wait for, or undefined. */
  minPosition: string | undefined;
  /** Every district or sector of the reference data, ordered by code: each gets a row, zeros included. */
  groups: { code: string; name: string }[];
  /** The route's own extra parameters, as given (validated by their checks). */
  extra: Record<string, string>;
}

/**
 * Parses the query every `GET /api/v1/statistics/{topic}` takes (API.md): `groupBy=district|sector`,
 * a four-digit `year` (2000–2100), an optional `minPosition`, and the route's own `extra`
 * parameters, each with a check that returns a problem message or null.
 * @throws BadRequestException (API.md's 400 validation shape) naming every unknown, repeated or malformed parameter
 */
export function parseStatisticsQuery(
  query: Record<string, unknown>,
  reference: ReferenceData,
  extra: Record<string, (value: string) => string | null> = {},
): StatisticsRequest {
  const problems: ValidationDetail[] = [];
  const known = ['groupBy', 'year', 'minPosition', ...Object.keys(extra)];
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
  return {
    groupBy: by,
    year: Number(yearText),
    minPosition: query['minPosition'] as string | undefined,
    groups:
      by === 'district'
        ? reference.districts.map((d) => ({ code: d.code, name: d.name }))
        : reference.sectorList.map((s) => ({ code: s.code, name: s.name })),
    extra: given,
  };
}
