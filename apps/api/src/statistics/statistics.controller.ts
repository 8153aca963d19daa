import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { HAZARD_GRADES, type HazardGrade, type Actor } from '#domain';
import { queryHazardStatistics, type HazardFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ApiUnitsQuery, parseStatisticsQuery } from './statistics-query.js';
import { Access, CurrentActor } from '#auth';

/** `/api/v1/statistics/{topic}`: the plan's figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class StatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('hazards')
  @ApiOperation({
    summary: 'Hazard figures per district or sector for a year; a row for every group, zeros included, ordered by code',
    description: [
      'All dates are China Standard Time dates. The cut is 31 December of the year, or today in the current year.',
      '- reported / reportedByChannel: hazards discovered in the year.',
      '- closed: hazards whose last closure or reopening at the cut is a closure (销号) dated in the year; closedOnTime: of those, closed on or before the deadline in force when closed.',
      '- open: discovered on or before the cut and not closed at the cut (a reopened hazard is open again).',
      '- overdue: open hazards whose deadline in force at the cut is before the cut; a hazard without a plan has no deadline.',
      '- stockOpen: open hazards discovered before 2024-01-01. increment: reported, for years from 2024 (0 before).',
      '- closureRate: closed ÷ (closed + open), null when both are 0.',
      '- medianDaysToClose: median whole days from discovery to closure over the hazards closed in the year (mean of the two middle values for an even count), null when none.',
      '- escalationsByMeasure: escalations decided in the year by measure; an order of listed supervision (挂牌督办, POST …/listed-supervision) counts as listed_supervision.',
      '- problemListEntries: entries on a city or district problem list made in the year.',
      'Figures count under the district and sector the enterprise had when the hazard was found.',
    ].join('\n'),
  })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'grade', required: false, enum: HAZARD_GRADES })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async hazards(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<{ position: string; groupBy: string; year: number; grade: string | null; rows: HazardFiguresRow[] }> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap, extra } = parseStatisticsQuery(query, this.reference, {
      grade: (value) => ((HAZARD_GRADES as readonly string[]).includes(value) ? null : 'grade must be major or general'),
    }, view.today);
    const grade = (extra['grade'] as HazardGrade | undefined) ?? null;
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['hazard-figures'], minPosition));
    const rows = await queryHazardStatistics((await view.dataSource()), { groupBy, year, grade, today: view.today, groups, remap });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, grade, rows };
  }
}
