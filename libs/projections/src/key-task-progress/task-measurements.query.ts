import type { ReadModelReader } from '../read-model-reader.js';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';

/** A measurement a lead unit reported with its progress (see `TaskMeasurement`), as the targets read it. */
export interface TaskMeasurementFigure {
  indicator: string;
  districtCode: string | null;
  sector: string | null;
  numerator: number;
  denominator: number | null;
  /** When it was reported (ISO-8601 as reported, with its offset). */
  reportedAt: string;
  /** Global position of the report's event (decimal string). */
  position: string;
}

/**
 * The LATEST measurement per (indicator, districtCode, sector) reported in year Y on or before the
 * cut: a measurement counts in the CST year of its report's `reportedAt` (not the item's obligation
 * year); the cut is 31 December of Y, or `today` in the current year. Latest = the latest `reportedAt`,
 * ties broken by the later global position. Serves the plan targets no fact stream computes
 * (e.g. 20.2 d_class_housing_relocation_rate, 18.2 converted_tractors_remaining).
 *
 * @param q.year the year; q.today today's CST date 'YYYY-MM-DD'
 * @returns ordered by indicator, then districtCode, then sector (nulls last)
 */
export async function queryTaskMeasurements(
  ds: ReadModelReader,
  q: { year: number; today: string },
): Promise<{ indicator: string; districtCode: string | null; sector: string | null; numerator: number; denominator: number | null; reportedAt: string; position: string }[]> {
  const rows: { indicator: string; district_code: string | null; sector: string | null; numerator: number; denominator: number | null; reported_at_text: string; position: string | bigint }[] =
    await ds.query(
      `SELECT DISTINCT ON (indicator, district_code, sector) indicator, district_code, sector, numerator, denominator, reported_at_text, position
         FROM key_task_measurements WHERE reported_date BETWEEN $1::date AND $2::date
        ORDER BY indicator, district_code, sector, reported_at DESC, position DESC`,
      [`${String(q.year).padStart(4, '0')}-01-01`, cutOf(q.year, q.today)],
    );
  return rows.map(
    (r): TaskMeasurementFigure => ({
      indicator: r.indicator,
      districtCode: r.district_code,
      sector: r.sector,
      numerator: Number(r.numerator),
      denominator: r.denominator === null ? null : Number(r.denominator),
      reportedAt: r.reported_at_text,
      position: String(r.position),
    }),
  );
}
