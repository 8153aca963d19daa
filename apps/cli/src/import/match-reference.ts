/**
 * Matching a ledger's district, sector and criterion cells to the reference data the server holds
 * (GET /api/v1/reference/districts · sectors · criteria): by code, by Chinese name, or by the short
 * names ledgers use (石柱县 for 石柱土家族自治县, 危化 for 危险化学品).
 */
import { normalizeHeader } from './ledger-columns.js';
import type { Parsed } from './parse-cells.js';

/** The reference data the import judges rows against (a subset of the server's, same shapes). */
export interface ImportReference {
  districts: readonly { code: string; name: string }[];
  sectors: readonly { code: string; name: string; highRisk: boolean; gbt4754: readonly string[] }[];
  riskTags: readonly { code: string }[];
  criteria: readonly { code: string; title: string; documentNumber: string | null; appliesToSectors: readonly string[]; effectiveFrom: string }[];
}

/** Short names of the functional zones and other spellings ledgers use, by district code. */
const DISTRICT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'CQ-GXQ': ['高新区', '重庆高新区', '重庆高新技术产业开发区', '西部科学城'],
  'CQ-LJXQ': ['两江'],
  'CQ-WSJKQ': ['万盛', '万盛经济技术开发区', '万盛区'],
};

/** Other names of sectors, by sector code (used only when that code is in the reference data). */
const SECTOR_ALIASES: Readonly<Record<string, readonly string[]>> = {
  hazardous_chemicals: ['危化', '危化品', '危险化学品行业', '化工'],
  construction: ['建筑施工', '建筑', '建筑业', '房屋市政工程'],
  non_coal_mine: ['非煤矿山', '金属非金属矿山'],
  coal_mine: ['煤矿行业'],
  road_transport: ['道路交通', '道路运输业'],
  waterway_transport: ['水运', '水路运输'],
  fire_safety: ['消防', '人员密集场所'],
  civil_explosives: ['民爆', '民爆物品'],
  gas: ['城镇燃气'],
};

/** Lookups built once per import. */
export interface ReferenceMatcher {
  district(cell: string): Parsed<string>;
  sector(cell: string): Parsed<string>;
  /** A criterion code for the cell; `sector` breaks a tie between standards sharing a document number. */
  criterion(cell: string, sector: string | null): Parsed<string>;
}

const squash = (text: string): string => normalizeHeader(text).toLowerCase();

/** Builds the matchers over `reference`. An alias two units would share is dropped, never guessed. */
export function referenceMatcher(reference: ImportReference): ReferenceMatcher {
  const districts = aliasMap(
    reference.districts.map((d) => {
      const name = d.name;
      const names = [d.code, name];
      if (/[区县]$/.test(name) && name.length >= 3) names.push(name.slice(0, -1));
      if (name.includes('自治县')) names.push(`${name.slice(0, 2)}县`, name.slice(0, 2));
      return [d.code, [...names, ...(DISTRICT_ALIASES[d.code] ?? [])]] as const;
    }),
  );
  const sectors = aliasMap(reference.sectors.map((s) => [s.code, [s.code, s.name, ...(SECTOR_ALIASES[s.code] ?? [])]] as const));

  return {
    district(cell) {
      const code = districts.get(squash(cell.replace(/^\s*重庆市?/, '')));
      return code ? { ok: true, value: code } : { ok: false, reason: `'${cell}' is not one of the 41 districts of the reference data (give its name or code, e.g. 万州区 or 500101)` };
    },
    sector(cell) {
      const code = sectors.get(squash(cell));
      return code ? { ok: true, value: code } : { ok: false, reason: `'${cell}' is not a sector of the reference data (give its name or code, e.g. 危险化学品 or hazardous_chemicals)` };
    },
    criterion(cell, sector) {
      const text = squash(cell);
      const found = reference.criteria
        .map((c) => {
          const keys = [c.code, c.title, c.documentNumber].filter((k): k is string => k !== null).map(squash);
          const longest = Math.max(0, ...keys.filter((k) => text.startsWith(k)).map((k) => k.length));
          return { c, longest };
        })
        .filter((m) => m.longest > 0);
      let candidates = found;
      if (candidates.length > 1 && sector !== null) {
        const fitting = candidates.filter((m) => m.c.appliesToSectors.length === 0 || m.c.appliesToSectors.includes(sector));
        if (fitting.length > 0) candidates = fitting;
      }
      const best = Math.max(0, ...candidates.map((m) => m.longest));
      const chosen = candidates.filter((m) => m.longest === best);
      if (chosen.length === 1) return { ok: true, value: chosen[0]!.c.code };
      if (chosen.length > 1) return { ok: false, reason: `'${cell}' names several standards (${chosen.map((m) => m.c.code).join(', ')}): give the code` };
      return { ok: false, reason: `'${cell}' names no standard of the criteria catalogue (give its code, title or document number, e.g. MEM-10-2023)` };
    },
  };
}

function aliasMap(entries: readonly (readonly [string, readonly string[]])[]): Map<string, string> {
  const map = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const [code, names] of entries) {
    for (const name of names) {
      const key = squash(name);
      const other = map.get(key);
      if (other !== undefined && other !== code) ambiguous.add(key);
      else map.set(key, code);
    }
  }
  // The codes and full names themselves always win over an ambiguous short name.
  for (const key of ambiguous) map.delete(key);
  for (const [code, names] of entries) {
    map.set(squash(code), code);
    map.set(squash(names[1] ?? code), code);
  }
  return map;
}
