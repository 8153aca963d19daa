import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryPublicityStatistics, type PublicityCityTotals, type PublicityFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/publicity` answers. */
export interface PublicityStatisticsResponse {
  position: string;
  groupBy: 'district' | 'sector';
  year: number;
  rows: PublicityFiguresRow[];
  cityTotals: PublicityCityTotals;
}

/** The figures' definitions, for the OpenAPI description (the README says the same). */
const PUBLICITY_FIGURES_DESCRIPTION = [
  'The plan, 三(八)22: 千师万讲 近万场 safety lectures a year city-wide (2025, 2026); each district builds at least 5 new 安全宣传"五进" demonstration sites a year; 应急科普体验馆.',
  'All dates are China Standard Time dates. The cut is 31 December of the year, or today in the current year.',
  '- lectures: lectures held in the year on or before the cut; lectureAudience: their audiences summed.',
  '- demonstrationSitesNew: demonstration sites built in the year on or before the cut; demonstrationSitesBySetting: the same per setting (enterprise, village, community, school, family).',
  '- demonstrationSitesTarget: 5 on district rows (各区县每年至少新建5个), null on sector rows; demonstrationSitesMet: demonstrationSitesNew ≥ 5 (numerator demonstrationSitesNew, denominator the target), null on sector rows.',
  '- scienceHallsByLevel: science halls established on or before the cut (any year), per level (city, district, township, village).',
  '- Sector rows count only lectures recorded with that sector; demonstration sites and science halls have no sector, so they are zeros on sector rows.',
  '- cityTotals: { lectures: all lectures held in the year by the cut, city-wide; lectureTarget: 10000 for 2025 and 2026 (近万场), else null }.',
  'Rows exist for every district (or sector) of the reference data, zeros included, ordered by code.',
].join('\n');

/** `GET /api/v1/statistics/publicity`: the publicity figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class PublicityStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The publicity figures of year `year` per district or sector (see PUBLICITY_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('publicity')
  @ApiOperation({ summary: 'Publicity figures per district or sector for a year (plan 三(八)22)', description: PUBLICITY_FIGURES_DESCRIPTION })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async publicity(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<PublicityStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['publicity-figures'], minPosition));
    const { rows, cityTotals } = await queryPublicityStatistics((await view.dataSource()), { groupBy, year, today: view.today, groups, remap });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows, cityTotals };
  }
}
