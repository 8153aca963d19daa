import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReferenceData } from '#reference-data';
import { INDICATOR_CATALOGUE } from './indicator-catalogue.js';

// Reads seeds/plan-targets.json itself (not through the loader) and checks the catalogue against it.
const SEED = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../seeds/plan-targets.json');
const entries = (JSON.parse(readFileSync(SEED, 'utf8')) as { entries: { indicator: string; unit: string; grouping: string }[] }).entries;

describe('the indicator catalogue', () => {
  it('defines every indicator of seeds/plan-targets.json (46 distinct)', () => {
    const indicators = [...new Set(entries.map((e) => e.indicator))].sort();
    expect(indicators).toHaveLength(46);
    expect(indicators.filter((i) => !(i in INDICATOR_CATALOGUE))).toEqual([]);
  });
  it('holds nothing the seed does not use', () => {
    const used = new Set(entries.map((e) => e.indicator));
    expect(Object.keys(INDICATOR_CATALOGUE).filter((i) => !used.has(i))).toEqual([]);
  });
  it('a ratio unit is a ratio indicator with a denominator, a count unit a count (km: metres ÷ 1000)', () => {
    for (const e of entries) {
      const def = INDICATOR_CATALOGUE[e.indicator]!;
      if (e.unit === 'ratio' || e.unit === 'km') expect([e.indicator, def.kind, def.denominator !== null]).toEqual([e.indicator, 'ratio', true]);
      else expect([e.indicator, def.kind, def.denominator]).toEqual([e.indicator, 'count', null]);
    }
  });
  it('encodes the sectors a sector target concerns, from the plan clause', () => {
    const reference = loadReferenceData();
    const sectorsOf = (indicator: string) => [...INDICATOR_CATALOGUE[indicator]!.sectors!(reference)].sort();
    expect(sectorsOf('standardization_rate_mines')).toEqual(['coal_mine', 'non_coal_mine']);
    expect(sectorsOf('standardization_level2_rate_civil_explosives')).toEqual(['civil_explosives']);
    expect(sectorsOf('standardization_rate_industry_trade_key')).toEqual(
      ['building_materials', 'commerce_trade', 'light_industry', 'machinery', 'metallurgy', 'nonferrous', 'textiles', 'tobacco'],
    );
    // 道路交通, 建设施工, 消防, 燃气, 危险化学品, 工贸 (8), 矿山 (2) — plan task 6.
    expect(sectorsOf('principal_training_coverage_key_sectors')).toEqual(
      ['building_materials', 'coal_mine', 'commerce_trade', 'construction', 'fire_safety', 'gas', 'hazardous_chemicals', 'light_industry', 'machinery', 'metallurgy', 'non_coal_mine', 'nonferrous', 'road_transport', 'textiles', 'tobacco'],
    );
    expect(sectorsOf('high_risk_training_pass_rate')).toContain('fireworks');
    expect(sectorsOf('high_risk_training_pass_rate')).not.toContain('commerce_trade');
    for (const e of entries.filter((x) => x.grouping === 'sector')) {
      const def = INDICATOR_CATALOGUE[e.indicator]!;
      expect([e.indicator, def.sectors === undefined]).toEqual([e.indicator, false]);
    }
  });
});
