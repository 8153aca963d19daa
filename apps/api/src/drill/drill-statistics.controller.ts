import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryDrillStatistics, type DrillFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/drills` answers. */
export interface DrillStatisticsResponse {
  position: string;
  groupBy: 'district' | 'sector';
  year: number;
  rows: DrillFiguresRow[];
}

/** The figures' definitions, for the OpenAPI description (the README says the same). */
const DRILL_FIGURES_DESCRIPTION = [
  'The plan, 三(四)7: every enterprise holds at least one evacuation drill (疏散逃生演练) a year; high-risk sectors at least one each half-year.',
  'All dates are China Standard Time dates. The cut is 31 December of the year, or today in the current year.',
  '- enterprises (denominator): enterprises of the group registered on or before the cut and not closed before 1 January of the year, under their registered district and sector.',
  '- enterprisesMeetingFrequency (numerator): of those, the ones that at the cut have held — a general enterprise: at least one drill dated in the year; ' +
    'a high-risk enterprise: at least one drill in the first half (1 January – 30 June) and, when the cut is in the second half, at least one in the second half (1 July – the cut) too. ' +
    'The current year is judged on the half-years begun by the cut. The enterprise\'s high-risk flag is the one it was registered with.',
  '- complianceRate: enterprisesMeetingFrequency ÷ enterprises, null when enterprises is 0.',
  '- drills: drills held in the year on or before the cut; participants: the people who took part in them, summed. These count under the district and sector the enterprise had when it drilled.',
  'Rows exist for every district (or sector) of the reference data, zeros included, ordered by code.',
].join('\n');

/** `GET /api/v1/statistics/drills`: the drill figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class DrillStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The drill figures of year `year` per district or sector (see DRILL_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('drills')
  @ApiOperation({ summary: 'Drill figures per district or sector for a year (plan 三(四)7)', description: DRILL_FIGURES_DESCRIPTION })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async drills(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<DrillStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['drill-figures'], minPosition));
    const rows = await queryDrillStatistics((await view.dataSource()), { groupBy, year, today: view.today, groups, remap });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows };
  }
}
