import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { CLOCK, READ_MODELS, REFERENCE_DATA } from '#bootstrap';
import { cstDate } from '#domain';
import { queryReportStatistics, type ReportFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';

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
    @Inject(READ_MODELS) private readonly ds: DataSource,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * The report figures of year `year` per district or sector (see REPORT_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Get('reports')
  @ApiOperation({ summary: 'Whistle-blower report figures per district or sector for a year (no identities)', description: REPORT_FIGURES_DESCRIPTION })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiUnitsQuery()
  async reports(@Query() query: Record<string, unknown>): Promise<ReportStatisticsResponse> {
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, cstDate(this.clock()));
    const position = await this.readYourWrites.positionAfter(['report-register'], minPosition);
    const rows = await queryReportStatistics(this.ds, { groupBy, year, today: cstDate(this.clock()), groups, remap });
    return { position, groupBy, year, rows };
  }
}
