import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryRescueStatistics, type RescueFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/rescue` answers. */
export interface RescueStatisticsResponse {
  position: string;
  groupBy: 'district' | 'sector';
  year: number;
  rows: RescueFiguresRow[];
}

/** The figures' definitions, for the OpenAPI description (the README says the same). */
const RESCUE_FIGURES_DESCRIPTION = [
  'The plan, 三(五)14: 2024 18,000 rescue equipment sets distributed city-wide; 2025 city, district and township rescue teams 100 %, ' +
    'village (community) rescue stations 90 %, sector professional teams 80 %; 2026 village stations 100 %, professional teams 90 %.',
  'All dates are China Standard Time dates. The cut is 31 December of the year, or today in the current year.',
  '- teamsByLevel { city, district, township, village_station, sector_professional }: teams established on or before the cut (cumulative: a team established in an earlier year counts), under their district; ' +
    'grouped by sector only sector_professional teams (the only ones with a sector) count, in their sector\'s row.',
  '- villageStations: teamsByLevel.village_station (numerator of villageStationRate); professionalTeams: teamsByLevel.sector_professional (numerator of professionalTeamRate).',
  '- townshipsRequired, villagesRequired (denominators of townshipTeamRate, villageStationRate): the district\'s townships (街道+镇+乡) and villages (村委会+居委会) from the reference data (NBS 2023 code lists; GET /api/v1/reference/districts), null where unknown and on sector rows. ' +
    'professionalTeamsRequired (denominator of professionalTeamRate) is not in the reference data, so null; that rate is null, and `note` says so.',
  '- equipmentSetsDistributed: equipment sets distributed in the year on or before the cut, summed, under their district; null when grouped by sector (a distribution has no sector).',
  'Rows exist for every district (or sector) of the reference data, zeros included, ordered by code.',
].join('\n');

/** `GET /api/v1/statistics/rescue`: the rescue-capacity figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class RescueStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The rescue figures of year `year` per district or sector (see RESCUE_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('rescue')
  @ApiOperation({ summary: 'Rescue-capacity figures per district or sector for a year (plan 三(五)14)', description: RESCUE_FIGURES_DESCRIPTION })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async rescue(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<RescueStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['rescue-figures'], minPosition));
    const withCounts = groups.map((g) => {
      const d = groupBy === 'district' ? this.reference.districtByCode(g.code) : undefined;
      return { ...g, townships: d?.townships ?? null, villages: d?.villages ?? null };
    });
    const rows = await queryRescueStatistics((await view.dataSource()), { groupBy, year, today: view.today, groups: withCounts, remap });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows };
  }
}
