import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryReportStatistics, type ReportFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/reports` answers. */
export interface ReportStatisticsResponse {
  position: string;
  groupBy: 'district' | 'sector';
  year: number;
  rows: ReportFiguresRow[];
}

/** The figures' definitions, for the OpenAPI description (the README says the same). */
const REPORT_FIGURES_DESCRIPTION = [
  'DOMAIN.md §3: whistle-blower reports received, substantiated, rewards paid — no identities (《安全生产领域举报奖励办法》).',
  'Each fact counts in the year of its own China Standard Time date. The cut is 31 December of the year, or today in the current year.',
  '- received: reports received in the year by the cut.',
  '- substantiated / unsubstantiated: reports verified in the year, found substantiated / not.',
  '- pendingVerification: reports received on or before the cut (any year) and not verified by the cut.',
  '- substantiationRate: substantiated ÷ (substantiated + unsubstantiated); null when none was verified in the year.',
  '- rewardsPaid: rewards paid in the year; rewardsPaidFen: their amounts summed (integer fen).',
  '- hazardsLinked: reports verified in the year with a linked hazard.',
  'Sector rows count reports recorded with that sector only. Rows exist for every district (or sector) of the reference data, zeros included, ordered by code.',
].join('\n');

/** `GET /api/v1/statistics/reports`: the whistle-blower report figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class ReportStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The report figures of year `year` per district or sector (see REPORT_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('reports')
  @ApiOperation({ summary: 'Whistle-blower report figures per district or sector for a year (no identities)', description: REPORT_FIGURES_DESCRIPTION })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async reports(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<ReportStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['report-register'], minPosition));
    const rows = await queryReportStatistics((await view.dataSource()), { groupBy, year, today: view.today, groups, remap });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows };
  }
}
