import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { evaluateTargets, rankDistricts, TASK_MEASUREMENTS_PROJECTION, type ScoreboardRow, type TargetResult } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { parseTargetsQuery } from './targets-query.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/targets` answers (API.md): every target of the year with its figure and status. */
export interface TargetsResponse {
  position: string;
  year: number;
  items: TargetResult[];
}

/** What `GET /api/v1/scoreboard` answers (API.md): every district ranked, with its reasons. */
export interface ScoreboardResponse {
  position: string;
  year: number;
  rows: ScoreboardRow[];
}

/** The read models the targets read: every figure projection and the key-task measurements. */
const TARGET_READ_MODELS = [
  'hazard-figures',
  'accident-register',
  'drill-figures',
  'training-figures',
  'standardization-figures',
  'enforcement-figures',
  'inspection-figures',
  'rescue-figures',
  'publicity-figures',
  'engineering-figures',
  TASK_MEASUREMENTS_PROJECTION,
];

const RULES = [
  'Every numeric target of the plan for the year (seeds/plan-targets.json), each with its city-wide figure (`actual`, `numerator`, `denominator`), status and, for district and sector targets, `groups` (each district in force in the year, or each sector the target concerns) with their own figure and status.',
  'The cut is the target\'s dueDate, else 31 December of the year (CST). A year not begun: no_data. When the cut is after today the period is in progress, elapsedShare = days from 1 January to today inclusive ÷ days from 1 January to the cut inclusive; figures are taken as of the earlier of today and the cut.',
  '>=: finished → met when actual ≥ threshold, else missed; in progress → met when ≥ threshold, on_track when ≥ threshold × elapsedShare, else behind.',
  '<=: finished → met when actual ≤ threshold, else missed; in progress → above the threshold is missed for a count that only grows within the year (accidents) and behind for a stock (open or overdue hazards, remaining stock), else on_track.',
  'A change on the year (actual = this year − last year, threshold −1): the allowance is last year + threshold; in progress, this year\'s count above the allowance is missed, at most allowance × elapsedShare on_track, else behind.',
  'Ratios are compared exactly (numerator × threshold\'s denominator against threshold\'s numerator × denominator): 9/10 meets 0.9, 8999/10000 does not. A zero or unknown denominator, no facts or no measurement: actual null, status no_data, `reason` saying why — never 0%.',
  'The city figure of a district or sector target sums the numerators and the denominators of its groups (or is the lead unit\'s city-wide measurement). `source` names the figure, numerator and denominator.',
].join('\n');

/** `GET /api/v1/targets` and `GET /api/v1/scoreboard`: the plan's targets judged, and the districts ranked on them. */
@ApiTags('targets')
@ApiQueryResponses()
@Controller('api/v1')
export class TargetsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /** The projections of TARGET_READ_MODELS that are registered (a read model not yet registered cannot hold the position back); one statement. */
  private async readModels(): Promise<string[]> {
    return this.readYourWrites.registered(TARGET_READ_MODELS);
  }

  private async evaluate(query: Record<string, unknown>, actor: Actor): Promise<{ position: string; asOf?: string; year: number; items: TargetResult[]; districts: { code: string; name: string }[] }> {
    const view = await this.asOf.view(query, actor);
    const today = view.today;
    const { year, minPosition, groups } = parseTargetsQuery(query, this.reference, today);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(await this.readModels(), minPosition));
    const items = await evaluateTargets(await view.dataSource(), this.reference, { year, today, groups });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), year, items, districts: [...groups.district] };
  }

  /**
   * Every target of `year` with its actual and status (see RULES).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('targets')
  @ApiOperation({ summary: 'The plan\'s numeric targets for a year, each with its actual and status', description: RULES })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiQuery({ name: 'units', required: false, enum: ['in_force', 'current'] })
  async targets(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<TargetsResponse> {
    const { position, asOf, year, items } = await this.evaluate(query, actor);
    return { position, ...(asOf !== undefined && { asOf }), year, items };
  }

  /**
   * The districts ranked on the district targets of `year`.
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('scoreboard')
  @ApiOperation({
    summary: 'The districts ranked on the district targets of a year',
    description: [
      'Every district in force in the year; met, onTrack, behind, missed and noData count its statuses over the district-grouped targets of the year (judged as GET /api/v1/targets does).',
      'Rank: by met + onTrack descending, then missed ascending, then behind ascending; equal keys share a rank and the next rank skips (1, 2, 2, 4). Rows are ordered by rank, then district code.',
      '`reasons` lists every district target with the district\'s status, actual (numerator, denominator), comparator, threshold, reason and the target\'s note.',
      '',
      RULES,
    ].join('\n'),
  })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  @ApiQuery({ name: 'units', required: false, enum: ['in_force', 'current'] })
  async scoreboard(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<ScoreboardResponse> {
    const { position, asOf, year, items, districts } = await this.evaluate(query, actor);
    return { position, ...(asOf !== undefined && { asOf }), year, rows: rankDistricts(districts, items) };
  }
}
