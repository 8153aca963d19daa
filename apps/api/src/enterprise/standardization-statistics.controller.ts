import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryStandardizationStatistics, type StandardizationFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/standardization` answers. */
export interface StandardizationStatisticsResponse {
  position: string;
  groupBy: 'district' | 'sector';
  year: number;
  rows: StandardizationFiguresRow[];
}

/** The figures' definitions, for the OpenAPI description (the README says the same). */
const STANDARDIZATION_FIGURES_DESCRIPTION = [
  'The plan, 三(三)4–5: by 2025 every mine (coal_mine, non_coal_mine) graded in 安全生产标准化; civil explosives (civil_explosives) ' +
    'graded at level 2 or above; the large (规模以上) enterprises of the eight 工贸 industries essentially all graded; the all-staff ' +
    'responsibility system (全员安全生产责任制 / 两单两卡) established in 2024 and consolidated in 2025–2026.',
  'All dates are China Standard Time dates. The cut is 31 December of the year, or today in the current year.',
  '- enterprises (denominator of every rate): enterprises of the group open at the cut — registered on or before it and not closed on or before it — under their registered district and sector.',
  '- graded (numerator of gradedRate): of those, the ones holding a grade valid at the cut: their latest grading dated on or before the cut, ' +
    'valid through validUntil (the same CST date three years after grading) inclusive. gradedByLevel splits them by the level held (1 highest).',
  '- gradedLevel2OrAbove (numerator of level2OrAboveRate): graded at level 1 or 2; a level-3 grade does not count.',
  '- responsibilitySystemEstablished (numerator of responsibilitySystemRate): enterprises whose responsibility system was established on or before the cut.',
  '- gradedRate, level2OrAboveRate, responsibilitySystemRate: numerator ÷ enterprises, null when enterprises is 0.',
  '- note: on the sector rows of the eight 工贸 industries (metallurgy, nonferrous, building_materials, machinery, light_industry, textiles, tobacco, commerce_trade): ' +
    'the register carries no enterprise size, so these rows count every enterprise, not only the large ones the plan targets; null elsewhere.',
  'Rows exist for every district (or sector) of the reference data, zeros included, ordered by code.',
].join('\n');

/** `GET /api/v1/statistics/standardization`: standardization and responsibility-system figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class StandardizationStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The standardization figures of year `year` per district or sector (see STANDARDIZATION_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('standardization')
  @ApiOperation({
    summary: 'Standardization grading and responsibility-system figures per district or sector for a year (plan 三(三)4–5)',
    description: STANDARDIZATION_FIGURES_DESCRIPTION,
  })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async standardization(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<StandardizationStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['standardization-figures'], minPosition));
    const rows = await queryStandardizationStatistics((await view.dataSource()), { groupBy, year, today: view.today, groups, remap });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows };
  }
}
