/**
 * Lead units (责任单位) of annex items, normalised into a list a report's `leadUnit` is matched
 * against. The seed keeps the annex cell verbatim, e.g. '市应急局、市司法局等市安委会有关成员单位' or
 * '市、区县安委会办公室'.
 */

/** The district governments an item may be led by; a district_supervisor reports under these for its district. */
export const DISTRICT_GOVERNMENT_UNITS: readonly string[] = ['各区县政府', '有关区县政府'];

/**
 * Splits an annex lead-unit cell into units, in order, without duplicates:
 * 1. split on 「，」 「,」 「、」 and trim;
 * 2. a fragment 'A等B' gives the named unit A and the category B ('市应急局等市安委会有关成员单位' →
 *    '市应急局', '市安委会有关成员单位'): a member unit the cell does not name reports under B;
 * 3. a bare level '市' before a '区县X' fragment shares its suffix ('市、区县应急局' → '市应急局', '区县应急局').
 */
export function normaliseLeadUnits(cell: string): string[] {
  const fragments = cell
    .split(/[，,、]/)
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const units: string[] = [];
  fragments.forEach((fragment, i) => {
    if (fragment === '市') {
      const next = fragments[i + 1];
      const suffix = next?.startsWith('区县') ? next.slice('区县'.length).split('等')[0]! : '';
      if (suffix !== '') units.push(`市${suffix}`);
      else units.push(fragment);
      return;
    }
    const at = fragment.indexOf('等');
    if (at > 0 && at < fragment.length - 1) units.push(fragment.slice(0, at).trim(), fragment.slice(at + 1).trim());
    else units.push(fragment);
  });
  return [...new Set(units.filter((u) => u !== ''))];
}

/** True for a unit of the district level (各区县政府, 有关区县政府, 各区县安委会, 区县应急局 …): its reports name a district. */
export function isDistrictLevelUnit(unit: string): boolean {
  return /^(各|有关)?区县/.test(unit);
}
