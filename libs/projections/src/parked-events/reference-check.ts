import type { RecordedEvent } from '#event-store';
import type { ReferenceData } from '#reference-data';

/** The reference data {@link unknownReferenceCodes} needs: the codes of districts, sectors, risk tags and criteria. */
export type ReferenceCodes = Pick<ReferenceData, 'districtCodes' | 'sectors' | 'riskTagCodes' | 'criterionByCode'>;

/**
 * Why a stored event cannot be counted: a reference code it carries is unknown to the reference
 * data, so a projection would count it under a district or sector row that then disagrees with its
 * own breakdown (issue 9, part 3). The runner parks such an event (throwing the reason) instead of
 * applying it.
 *
 * Checked, wherever the event's `data` carries them (every event type of libs/domain does by these
 * names): `districtCode` (any district of the seeds, retired ones included), `sector`, each of
 * `riskTags`, `criterionCode`, and `districtCode` / `sector` of each of `measurements`
 * (TaskProgressReported). `null` is accepted (city-wide, no sector, no criterion: the domain's
 * "absent"); a field the event does not carry is not checked; any other value that is not a known
 * code (another type, an empty string, a code not in the seeds) is a reason.
 * Pure: no I/O, no clock.
 * @returns null when every code is known, else one line naming each unknown code and its field
 */
export function unknownReferenceCodes(event: Pick<RecordedEvent, 'type' | 'data'>, reference: ReferenceCodes): string | null {
  const problems: string[] = [];
  const data = event.data;
  const check = (field: string, value: unknown, known: (code: string) => boolean, what: string) => {
    if (value === null || value === undefined) return;
    if (typeof value !== 'string' || !known(value)) problems.push(`${field} ${JSON.stringify(value)} is not a ${what} of the reference data`);
  };
  const district = (code: string) => reference.districtCodes.has(code);
  const sector = (code: string) => reference.sectors.has(code);
  if ('districtCode' in data) check('districtCode', data.districtCode, district, 'district');
  if ('sector' in data) check('sector', data.sector, sector, 'sector');
  if ('criterionCode' in data) check('criterionCode', data.criterionCode, (code) => reference.criterionByCode(code)?.code === code, 'criterion');
  if ('riskTags' in data && data.riskTags !== null) {
    if (!Array.isArray(data.riskTags)) problems.push(`riskTags ${JSON.stringify(data.riskTags)} is not a list`);
    else data.riskTags.forEach((tag, i) => check(`riskTags[${i}]`, tag, (code) => reference.riskTagCodes.has(code), 'risk tag'));
  }
  if ('measurements' in data && Array.isArray(data.measurements)) {
    data.measurements.forEach((m: unknown, i) => {
      if (m === null || typeof m !== 'object') return;
      const row = m as Record<string, unknown>;
      if ('districtCode' in row) check(`measurements[${i}].districtCode`, row.districtCode, district, 'district');
      if ('sector' in row) check(`measurements[${i}].sector`, row.sector, sector, 'sector');
    });
  }
  return problems.length === 0 ? null : `${event.type}: ${problems.join('; ')}`;
}
