/**
 * Rescue teams (`POST /api/v1/rescue-teams`, each level) and equipment distributions
 * (`POST /api/v1/rescue-equipment-distributions`), plan 三(五)14 (2024: 18,000 sets; 2025: city,
 * district and township teams 100%, village stations 90%, professional teams 80%).
 *
 * Shares (synthetic): one city team (2023); a district team per district (40% by 2023, 45% in 2024,
 * the rest in 2025); township teams for 3–10 townships per district, established 2023–2025; 5–25
 * village stations per district in 2024–2026; 1–3 sector-professional teams per district (chemicals,
 * mines, construction, gas, road transport) in 2023–2026; 2–6 equipment distributions per district and
 * year of 20–200 sets (≈ 18,000 sets city-wide a year, the plan's 2024 figure). One district, 渝中区
 * (500103: 11 townships, 80 villages in the reference data), is built to the plan exactly: all 11
 * township teams and 72 of 80 village stations (90%, exactly the 2025 target) by the end of 2025.
 * One team is established at 2024-12-31T16:00:00Z (2025 in CST).
 */
import { cstDateOf, formatCst } from './cst-time.js';
import { districtExistsOn, districtsOn, officeInstant, post, scaled, type FigureContext } from './figure-context.js';
import type { WorkloadOperation } from './workload-model.js';

const PROFESSIONAL = ['hazardous_chemicals', 'non_coal_mine', 'construction', 'gas', 'road_transport'];

/** The rescue teams and equipment distributions of the figure workload (phase 1). */
export function generateRescue(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const rng = ctx.rng('rescue');
  const team = (districtCode: string, level: string, at: number | string | null, extra: Record<string, unknown> = {}) => {
    // Only in a district existing on the date (reference validFrom/validTo).
    if (at === null || !districtExistsOn(ctx.reference.districts.find((d) => d.code === districtCode)!, cstDateOf(at))) return;
    ops.push(post('/api/v1/rescue-teams', `rescue-${districtCode}`, {
      districtCode, level, members: rng.int(8, 60), establishedAt: typeof at === 'string' ? at : formatCst(at), ...extra,
    }));
  };
  const districts = districtsOn(ctx.reference, '2024-01-01');
  team(districts[0]!.code, 'city', officeInstant(rng, '2023-03-01', '2023-06-30', ctx.endMs));
  for (const d of districts) {
    const exact = d.code === '500103';
    const r = rng.next();
    team(d.code, 'district', officeInstant(rng, ...(r < 0.4 ? ['2023-01-01', '2023-12-31'] : r < 0.85 ? ['2024-01-01', '2024-12-31'] : ['2025-01-01', '2025-12-31']) as [string, string], ctx.endMs));
    const townships = exact ? 11 : scaled(ctx, rng.int(3, 10));
    for (let k = 0; k < townships; k++) team(d.code, 'township', officeInstant(rng, '2023-01-01', '2025-12-31', ctx.endMs), { unitRef: `${d.code}-T${k + 1}` });
    const stations = exact ? 72 : scaled(ctx, rng.int(5, 25));
    for (let k = 0; k < stations; k++) team(d.code, 'village_station', officeInstant(rng, '2024-01-01', exact ? '2025-12-31' : '2026-12-31', ctx.endMs), { unitRef: `${d.code}-V${k + 1}` });
    const sectors = [...PROFESSIONAL].sort(() => rng.next() - 0.5).slice(0, rng.int(1, 3));
    for (const sector of sectors) team(d.code, 'sector_professional', officeInstant(rng, '2023-01-01', '2026-12-31', ctx.endMs), { sector });
    for (const year of ctx.years) {
      for (let n = scaled(ctx, rng.int(2, 6)); n > 0; n--) {
        const t = officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
        if (t !== null) {
          ops.push(post('/api/v1/rescue-equipment-distributions', `rescue-${d.code}`, { districtCode: d.code, sets: rng.int(20, 200), recipientLevel: rng.pick(['township', 'village']), distributedAt: formatCst(t) }));
        }
      }
    }
  }
  if (Date.parse('2024-12-31T16:00:00Z') <= ctx.endMs) team(districts[1]!.code, 'village_station', '2024-12-31T16:00:00Z', { unitRef: `${districts[1]!.code}-V-NEWYEAR` });
  return ops;
}
