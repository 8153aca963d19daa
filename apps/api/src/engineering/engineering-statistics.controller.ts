import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryEngineeringStatistics, type EngineeringCityTotals, type EngineeringFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { validationError } from '../conventions/validation.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/engineering` answers. */
export interface EngineeringStatisticsResponse {
  position: string;
  groupBy: 'district';
  year: number;
  rows: EngineeringFiguresRow[];
  cityTotals: EngineeringCityTotals;
}

/** The figures' definitions, for the OpenAPI description (the README says the same). */
const ENGINEERING_FIGURES_DESCRIPTION = [
  'The plan, 三(七)20 安全工程治理. All counts are of facts whose China Standard Time date lies in the year (2024-12-31T20:00:00Z counts in 2025).',
  'groupBy=district only: these facts belong to a district, not to a sector; groupBy=sector answers 400.',
  '- elevatorsChecked: elevators spot-checked (sum of elevators of the spot checks); elevatorDefects: elevators found defective in them.',
  '- oldCommunities / oldCommunityAreaSquareMetres: old communities renovated (老旧小区改造) and their m²; ruralDangerousBridges: bridges (农村公路危桥改造); ' +
    'lifeProtectionRoadMetres: metres of road (公路安全生命防护工程, integer metres, summed exactly); reservoirsReinforced (病险水库除险加固); ' +
    'hydrantsBuilt (市政消火栓); selfBuiltHousingBuildings (自建房整治).',
  '- cityTotals: each figure summed over the city as { value, target, met }, met = value ≥ target, target and met null where the plan sets none for the year: ' +
    'elevatorsChecked ≥ 1,000 each year 2024–2026; 2024: oldCommunities 1,835 and oldCommunityAreaSquareMetres 41,860,000, ruralDangerousBridges 36; ' +
    '2025: reservoirsReinforced 115. lifeProtectionRoadMetres also carries threeYearValue, the metres of 2024 to the year, and its target is ' +
    '8,000 km = 8,000,000 m over 2024–2026 (met = threeYearValue ≥ 8,000,000; null outside 2024–2026). elevatorDefects is a plain number.',
  'Rows exist for every district of the reference data, zeros included, ordered by code.',
].join('\n');

/** `GET /api/v1/statistics/engineering`: the engineering figures per district and year, with the city's totals and targets. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class EngineeringStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The engineering figures of year `year` per district (see ENGINEERING_FIGURES_DESCRIPTION), plan 三(七)20.
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters and for groupBy=sector; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('engineering')
  @ApiOperation({ summary: 'Engineering figures per district for a year, with city totals and targets (plan 三(七)20)', description: ENGINEERING_FIGURES_DESCRIPTION })
  @ApiQuery({ name: 'groupBy', enum: ['district'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async engineering(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<EngineeringStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    if (groupBy !== 'district') {
      throw validationError([{ path: 'groupBy', message: 'engineering facts belong to a district and have no sector: use groupBy=district' }]);
    }
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['engineering-figures'], minPosition));
    const { rows, cityTotals } = await queryEngineeringStatistics((await view.dataSource()), { year, groups, remap });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows, cityTotals };
  }
}
