import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REFERENCE_DATA } from '#bootstrap';
import { queryKeyTaskStatistics, type KeyTaskFigures, type KeyTaskFiguresRow } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { AS_OF_QUERY_DESCRIPTION, AsOfResolver } from '../as-of/as-of.resolver.js';
import { validationError } from '../conventions/validation.js';
import { parseStatisticsQuery } from '../statistics/statistics-query.js';
import { KEY_TASK_STATES_DESCRIPTION } from './key-task-queries.controller.js';
import { Access, CurrentActor } from '#auth';
import type { Actor } from '#domain';

/** What `GET /api/v1/statistics/key-tasks` answers. */
export interface KeyTaskStatisticsResponse {
  position: string;
  groupBy: 'task';
  year: number;
  rows: KeyTaskFiguresRow[];
  totals: KeyTaskFigures;
}

const KEY_TASK_FIGURES_DESCRIPTION = [
  KEY_TASK_STATES_DESCRIPTION,
  'Rows: one per task (key = the task number, name = its title), ordered by task number; groupBy=task is the only grouping and the default.',
  'groupBy=district or sector is 400: annex items are the city\'s tasks, with lead units, not districts or sectors (a district\'s own progress is in each item\'s reports).',
  '- items: items of the task; done, doneLate, inProgress, notStarted, overdue: items in that state; ongoingReported, ongoingNoReport: ongoing items with / without progress reported for the year.',
  '- itemsDue: items whose deadline (of the obligation judged) is in or before the year; itemsDueCompleted: of those, done or done late.',
  '- completionRate: itemsDueCompleted ÷ itemsDue, null when itemsDue is 0 (an item completed early, before the year it is due in, is done but not in the rate).',
  '- totals: the same over all 22 tasks.',
].join('\n');

/** `GET /api/v1/statistics/key-tasks`: the key-task figures per task for a year. */
@ApiTags('statistics')
@ApiQueryResponses()
@Controller('api/v1/statistics')
export class KeyTaskStatisticsController {
  constructor(
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
    private readonly asOf: AsOfResolver,
  ) {}

  /**
   * The key-task figures of `year` per task (see KEY_TASK_FIGURES_DESCRIPTION).
   * @throws BadRequestException (400) for groupBy other than task, and unknown, repeated or malformed parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get('key-tasks')
  @ApiOperation({ summary: 'Key-task figures per task for a year (the annex 重点任务清单)', description: KEY_TASK_FIGURES_DESCRIPTION })
  @ApiQuery({ name: 'groupBy', required: false, enum: ['task'], description: 'task (the default and only grouping)' })
  @ApiQuery({ name: 'year', example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_QUERY_DESCRIPTION })
  async keyTasks(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<KeyTaskStatisticsResponse> {
    const view = await this.asOf.view(query, actor);
    const groupBy = query['groupBy'];
    if (groupBy === 'district' || groupBy === 'sector') {
      throw validationError([{ path: 'groupBy', message: `key tasks are grouped by task only: annex items are led by city units, not kept per ${groupBy}` }]);
    }
    if (groupBy !== undefined && groupBy !== 'task') {
      throw validationError([{ path: 'groupBy', message: typeof groupBy === 'string' ? 'groupBy must be task' : 'groupBy must be given once' }]);
    }
    // The common parser judges year, minPosition and unknown parameters; its district/sector groups are not used here.
    const { year, minPosition } = parseStatisticsQuery({ ...query, groupBy: 'district' }, this.reference);
    const position = view.asOf?.position ?? (await this.readYourWrites.positionAfter(['key-task-progress'], minPosition));
    const { rows, totals } = await queryKeyTaskStatistics((await view.dataSource()), { year, today: view.today, tasks: this.reference.keyTasks });
    return { position, ...(view.asOf && { asOf: view.asOf.asOf }), groupBy: 'task', year, rows, totals };
  }
}
