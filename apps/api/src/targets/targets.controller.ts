import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { CLOCK, PROJECTION_RUNNER, READ_MODELS, REFERENCE_DATA } from '#bootstrap';
import { cstDate } from '#domain';
import { evaluateTargets, rankDistricts, TASK_MEASUREMENTS_PROJECTION, type ProjectionRunner, type ScoreboardRow, type TargetResult } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { parseTargetsQuery } from './targets-query.js';

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
    @Inject(READ_MODELS) private readonly ds: DataSource,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** The projections of TARGET_READ_MODELS this runner runs (a read model not yet registered cannot hold the position back). */
  private async readModels(): Promise<string[]> {
    const running = new Set((await this.runner.status()).map((s) => s.name));
    return TARGET_READ_MODELS.filter((name) => running.has(name));
  }

  private async evaluate(query: Record<string, unknown>): Promise<{ position: string; year: number; items: TargetResult[]; districts: { code: string; name: string }[] }> {
    const today = cstDate(this.clock());
    const { year, minPosition, groups } = parseTargetsQuery(query, this.reference, today);
    const position = await this.readYourWrites.positionAfter(await this.readModels(), minPosition);
    const items = await evaluateTargets(this.ds, this.reference, { year, today, groups });
    return { position, year, items, districts: [...groups.district] };
  }

  /**
   * Every target of `year` with its actual and status (see RULES).
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Get('targets')
  @ApiOperation({ summary: 'The plan\'s numeric targets for a year, each with its actual and status', description: RULES })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'units', required: false, enum: ['in_force', 'current'] })
  async targets(@Query() query: Record<string, unknown>): Promise<TargetsResponse> {
    const { position, year, items } = await this.evaluate(query);
    return { position, year, items };
  }

  /**
   * The districts ranked on the district targets of `year`.
   * @throws BadRequestException (400) for unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
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
  @ApiQuery({ name: 'units', required: false, enum: ['in_force', 'current'] })
  async scoreboard(@Query() query: Record<string, unknown>): Promise<ScoreboardResponse> {
    const { position, year, items, districts } = await this.evaluate(query);
    return { position, year, rows: rankDistricts(districts, items) };
  }
}
