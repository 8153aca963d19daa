import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryEnforcementStatistics, type EnforcementFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/enforcement` answers. */
export interface EnforcementStatisticsResponse {
  position: string;
  groupBy: 'district' | 'sector';
  year: number;
  rows: EnforcementFiguresRow[];
}

/** The figures' definitions, for the OpenAPI description (the README says the same). */
const ENFORCEMENT_FIGURES_DESCRIPTION = [
  'Supervisory inspections (督导/执法检查) and enforcement actions (行政处罚等) of year Y: every fact counts by the China Standard Time date of inspectedAt / decidedAt (1 January – 31 December), under the district and sector recorded on it (an enterprise’s sector, or the sector given for an inspection without one).',
  '- inspections: inspections in Y; inspectionsByMethod: per method (four_no_two_direct 四不两直, double_random 双随机, cross_regional 异地交叉执法, special_supervision 专项督查, routine), every method present, zeros included.',
  '- specialSupervisions: special supervisions in Y per level (city_on_district 市对区县, district_on_sector 区县对行业).',
  '- actions: enforcement actions decided in Y; actionsByKind: per kind (fine, suspension_for_rectification 停产整顿, closure 关闭取缔, upper_limit_penalty 上限处罚, joint_punishment 联合惩戒, warning), every kind present.',
  '- penaltyAmountFen: the amounts of those actions summed, integer fen.',
  '- zeroPenalty (plan 三(五)12, "零处罚" districts to be interviewed): on a district row, true when inspections > 0 and the district had no fine and no upper_limit_penalty decided in Y; false otherwise (a district without inspections is not flagged); null on sector rows.',
  'Rows exist for every district (or sector) of the reference data, zeros included, ordered by code.',
].join('\n');

/** `GET /api/v1/statistics/enforcement`: the enforcement figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class EnforcementStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The enforcement figures of year `year` per district or sector (see ENFORCEMENT_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('enforcement')
  @ApiOperation({ summary: 'Enforcement figures per district or sector for a year (plan 三(五)12)', description: ENFORCEMENT_FIGURES_DESCRIPTION })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async enforcement(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<EnforcementStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['enforcement-figures'], minPosition));
    const rows = await queryEnforcementStatistics((await view.dataSource()), { groupBy, year, groups, remap });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows };
  }
}
