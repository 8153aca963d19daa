import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryTrainingStatistics, type TrainingFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { ApiUnitsQuery, parseStatisticsQuery } from '../statistics/statistics-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/training` answers. */
export interface TrainingStatisticsResponse {
  position: string;
  groupBy: 'district' | 'sector';
  year: number;
  rows: TrainingFiguresRow[];
}

/** The figures' definitions, for the OpenAPI description (the README says the same). */
const TRAINING_FIGURES_DESCRIPTION = [
  'The plan\'s training targets (task 6; 三(三)): principals of key sectors trained every year, special operators certified (持证上岗), high-risk sectors\' pass rate 100% in 2026, party/government leaders and enforcement officers trained.',
  'All dates are China Standard Time dates (2024-12-31T20:00Z counts in 2025). The cut is 31 December of the year, or today in the current year.',
  '- principalsInKeySectors (denominator): enterprises of the sectors flagged keySectorForPrincipalTraining (道路交通, 建设施工, 消防, 燃气, 危化, 工贸, 矿山) registered on or before the cut and not closed by it, under their registered district and sector.',
  '- principalsTrained (numerator): of those, the distinct enterprises with a passed principal training completed in the year. principalCoverage = principalsTrained ÷ principalsInKeySectors.',
  '- specialOperationsTrainees (denominator): distinct personRefs with a special_operations training (passed or not) completed in the year.',
  '- specialOperationsCertified (numerator): of them, those holding a certificate valid at the cut: issued on or before it, validUntil on or after it, not revoked on or before it (a revoked certificate stops counting from its revocation date). certificationRate = certified ÷ trainees.',
  '- highRiskTrainees (denominator): distinct personRefs trained in the year in a high-risk sector (any audience); highRiskPassed (numerator): those with at least one passed such training; highRiskPassRate = passed ÷ trainees.',
  '- partyGovernmentLeadersTrained / enforcementOfficersTrained: distinct personRefs with a passed training of that audience in the year. Counts only: the register has no roster of leaders or officers to divide by, so partyGovernmentLeadersCoverage and enforcementOfficersCoverage are null (each row\'s note says so).',
  'Every rate is null when its denominator is 0. Trainings count under the district and sector they were recorded with (the enterprise\'s, when one is named); a training without a sector counts in no sector row.',
  'Rows exist for every district (or sector) of the reference data, zeros included, ordered by code.',
].join('\n');

/** `GET /api/v1/statistics/training`: the training figures per district or sector and year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class TrainingStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The training figures of year `year` per district or sector (see TRAINING_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('training')
  @ApiOperation({ summary: 'Training figures per district or sector for a year (plan task 6)', description: TRAINING_FIGURES_DESCRIPTION })
  @ApiQuery({ name: 'groupBy', enum: ['district', 'sector'] })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiUnitsQuery()
  async training(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<TrainingStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const { groupBy, year, minPosition, groups, remap } = parseStatisticsQuery(query, this.reference, {}, view.today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['training-figures'], minPosition));
    const rows = await queryTrainingStatistics((await view.dataSource()), {
      groupBy,
      year,
      today: view.today,
      groups,
      remap,
      keySectors: this.reference.sectorList.filter((s) => s.keySectorForPrincipalTraining).map((s) => s.code),
      highRiskSectors: this.reference.sectorList.filter((s) => s.highRisk).map((s) => s.code),
    });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy, year, rows };
  }
}
