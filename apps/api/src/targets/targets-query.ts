import type { ReferenceData } from '#reference-data';
import type { TargetGroups } from '#projections';
import { validationError } from '../conventions/validation.js';
import { parseStatisticsQuery } from '../statistics/statistics-query.js';

/** The query of `GET /api/v1/targets` and `GET /api/v1/scoreboard`, parsed. */
export interface TargetsRequest {
  year: number;
  minPosition: string | undefined;
  /** The districts (in force in `year`) and every sector, as the statistics routes give rows for. */
  groups: TargetGroups;
}

/**
 * Parses `year` (four digits, 2000–2100), an optional `minPosition` and the statistics routes'
 * optional `units`, exactly as parseStatisticsQuery validates them; `groupBy` is not a parameter here.
 * @throws BadRequestException (400 `validation`) for unknown, repeated or malformed parameters
 */
export function parseTargetsQuery(query: Record<string, unknown>, reference: ReferenceData, today: string): TargetsRequest {
  if ('groupBy' in query) throw validationError([{ path: 'groupBy', message: 'unknown query parameter groupBy' }]);
  const districts = parseStatisticsQuery({ ...query, groupBy: 'district' }, reference, {}, today);
  const sectors = parseStatisticsQuery({ ...query, groupBy: 'sector' }, reference, {}, today);
  return { year: districts.year, minPosition: districts.minPosition, groups: { district: districts.groups, sector: sectors.groups, remap: districts.remap, units: districts.units } };
}
