import { isDistrictLevelUnit, normaliseLeadUnits } from './key-task.lead-units.js';
import { deadlineDateOf, defaultObligationYear, obligationFor, obligationYears } from './key-task.deadline.js';

describe('normaliseLeadUnits', () => {
  // Cells of seeds/key-tasks.json, split by hand.
  it.each([
    ['市安委会有关成员单位,各区县政府', ['市安委会有关成员单位', '各区县政府']],
    ['市安委会', ['市安委会']],
    ['市、区县安委会办公室', ['市安委会办公室', '区县安委会办公室']],
    ['市、区县应急局', ['市应急局', '区县应急局']],
    ['市应急局、市司法局等市安委会有关成员单位', ['市应急局', '市司法局', '市安委会有关成员单位']],
    ['市市场监管局、市应急局等市安委会有关成员单位,各区县政府', ['市市场监管局', '市应急局', '市安委会有关成员单位', '各区县政府']],
    ['市住房城乡建委、市城市管理局、市消防救援总队等市安委会有关成员单位,各区县政府', ['市住房城乡建委', '市城市管理局', '市消防救援总队', '市安委会有关成员单位', '各区县政府']],
    ['市安委会有关成员单位,有关区县政府', ['市安委会有关成员单位', '有关区县政府']],
    ['市应急局、市委组织部', ['市应急局', '市委组织部']],
    ['市水利局，各区县政府', ['市水利局', '各区县政府']],
  ])('%s', (cell, units) => {
    expect(normaliseLeadUnits(cell)).toEqual(units);
  });

  it('tells district-level units from city-level ones', () => {
    expect(['各区县政府', '有关区县政府', '各区县安委会', '区县应急局', '区县安委会办公室'].map(isDistrictLevelUnit)).toEqual([true, true, true, true, true]);
    expect(['市安委会', '市应急局', '市安委会有关成员单位', '市安委会办公室'].map(isDistrictLevelUnit)).toEqual([false, false, false, false]);
  });
});

describe('deadlines', () => {
  const y2024 = { kind: 'year', year: 2024, years: [2024] } as const;
  const y2526 = { kind: 'year', year: 2026, years: [2025, 2026] } as const;
  const june = { kind: 'date', date: '2024-06-30' } as const;
  const yearly = { kind: 'yearly' } as const;
  const ongoing = { kind: 'ongoing' } as const;

  it('lists the obligation years of each kind', () => {
    expect([y2024, y2526, june, yearly, ongoing].map(obligationYears)).toEqual([[2024], [2025, 2026], [2024], [2024, 2025, 2026], [2024, 2025, 2026]]);
  });

  it('dates each obligation: 31 December of its year, the date itself, none for ongoing', () => {
    expect([deadlineDateOf(y2024, 2024), deadlineDateOf(y2526, 2025), deadlineDateOf(june, 2024), deadlineDateOf(yearly, 2026), deadlineDateOf(ongoing, 2025)])
      .toEqual(['2024-12-31', '2025-12-31', '2024-06-30', '2026-12-31', null]);
  });

  it('defaults the obligation year to the first not before the fact, else the last', () => {
    expect([defaultObligationYear(y2024, 2025), defaultObligationYear(y2526, 2024), defaultObligationYear(y2526, 2026), defaultObligationYear(yearly, 2025), defaultObligationYear(yearly, 2027)])
      .toEqual([2024, 2025, 2026, 2025, 2026]);
  });

  it('judges year Y on Y’s obligation, else the last one before, else the first after', () => {
    expect(obligationFor(y2024, 2025)).toEqual({ year: 2024, deadline: '2024-12-31' });
    expect(obligationFor(y2526, 2024)).toEqual({ year: 2025, deadline: '2025-12-31' });
    expect(obligationFor(y2526, 2026)).toEqual({ year: 2026, deadline: '2026-12-31' });
    expect(obligationFor(june, 2026)).toEqual({ year: 2024, deadline: '2024-06-30' });
    expect(obligationFor(yearly, 2023)).toEqual({ year: 2024, deadline: '2024-12-31' });
    expect(obligationFor(ongoing, 2025)).toEqual({ year: 2025, deadline: null });
  });
});
