import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryAccidentStatistics, type AccidentFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** `GET /api/v1/statistics/accidents`: the plan's outcome figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class AccidentStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * Accident figures for `year`, a row per district (or sector) of the reference data, ordered by code:
   * `{ position, groupBy, year, rows: AccidentFiguresRow[] }`. 400 for a bad groupBy, year or parameter.
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('accidents')
  @ApiOperation({
    summary: 'Accident figures per district or sector for a year; a row for every group, zeros included, ordered by code',
    description: [
      'The plan\'s outcome: 事故总量和较大事故起数同比持续下降，坚决杜绝重特大事故. All dates are China Standard Time dates.',
      'An accident counts in the year of the CST date of its occurredAt, under the district and sector it was reported in, with its toll',
      '(and so its grade) as revised on or before the cut: 31 December of the year, or today in the current year.',
      '- accidents: accidents that occurred in the year, up to the cut.',
      '- byGrade: those accidents by grade (general 一般, larger 较大, major 重大, especially_major 特别重大), derived from the toll by 国务院令第493号.',
      '- deaths, seriousInjuries, directLossFen (integer fen): sums over those accidents.',
      '- deathsPreviousYear: deaths in accidents of the year before (tolls as revised by the same cut): the denominator of the rate.',
      '- deathsChangeOnYear: deaths − deathsPreviousYear (numerator of the rate).',
      '- deathsChangeOnYearRate: deathsChangeOnYear ÷ deathsPreviousYear; null when deathsPreviousYear is 0.',
    ].join('\n'),
  })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async accidents(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<{ position: string; groupBy: string; year: number; rows: AccidentFiguresRow[] }> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['accident-register'], minPosition));
    const rows = await queryAccidentStatistics((await view.dataSource()), {
      groupBy,
      year,
      today: view.today,
      groups,
      remap,
    });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows };
  }
}
