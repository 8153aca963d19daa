import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryInspectionStatistics, type InspectionFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/inspections` answers. */
export interface InspectionStatisticsResponse {
  position: string;
  groupBy: 'district' | 'sector';
  year: number;
  rows: InspectionFiguresRow[];
}

/** The figures' definitions, for the OpenAPI description (the README says the same). */
const INSPECTION_FIGURES_DESCRIPTION = [
  'Enterprise self-inspections: the 2024 重大事故隐患大排查 (plan 三(二)2: every enterprise, after 判定标准 training, by 30 June 2024), ' +
    'inspections led by the principal (主要负责人带队检查: each quarter, each month in high-risk sectors) and the 日周月 regime.',
  'All dates are China Standard Time dates. The cut is 31 December of the year, or today in the current year.',
  '- enterprises: enterprises of the group registered on or before the cut and open at it (not closed on or before the cut), under their registered district and sector.',
  '- surveyDoneBy20240630 (numerator; year 2024 only, else null): of enterprises, those with a major_hazard_survey dated on or before 2024-06-30 ' +
    '(2024-06-30T23:59+08:00 counts; 2024-06-30T16:00:00Z is 1 July in CST and does not). surveyDoneRate = surveyDoneBy20240630 ÷ enterprises (target 100%), null when enterprises is 0 or the year is not 2024.',
  '- A period (month or quarter) is due when it has ENDED before today (its last CST day is in the past: the current period is not yet due; a past year has all its periods due) ' +
    'and it began on or after the enterprise\'s registration date.',
  '- principalLedRequired (denominator): of enterprises, those with at least one due period — quarters for a general enterprise, months for a high-risk one (the flag it was registered with). ' +
    'principalLedCompliant (numerator): of those, the ones with a principal_led inspection in every due period. principalLedRate = principalLedCompliant ÷ principalLedRequired, null when 0.',
  '- regimeRequired (denominator): of enterprises, those with at least one due month. regimeCompliant (numerator): of those, the ones with at least one director_monthly inspection in every due month. ' +
    'regimeRate = regimeCompliant ÷ regimeRequired, null when 0.',
  '- teamDailyRecords, departmentWeeklyRecords: team_daily and department_weekly inspections dated in the year on or before the cut, under the district and sector the enterprise had when it inspected. ' +
    'They are counted, not judged: a city system cannot see every shift, so no daily or weekly compliance is claimed.',
  'Rows exist for every district (or sector) of the reference data, zeros included, ordered by code.',
].join('\n');

/** `GET /api/v1/statistics/inspections`: the self-inspection figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class InspectionStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The self-inspection figures of year `year` per district or sector (see INSPECTION_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('inspections')
  @ApiOperation({
    summary: 'Self-inspection figures per district or sector for a year (plan 三(二)2: 大排查, 主要负责人带队检查, 日周月排查)',
    description: INSPECTION_FIGURES_DESCRIPTION,
  })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async inspections(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<InspectionStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['inspection-figures'], minPosition));
    const rows = await queryInspectionStatistics((await view.dataSource()), { groupBy, year, today: view.today, groups, remap });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows };
  }
}
