import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { CLOCK, READ_MODELS, REFERENCE_DATA } from '#bootstrap';
import { cstDate } from '#domain';
import { cutOf, queryKeyTaskProgress, type KeyTaskStatus } from '#projections';
import type { ReferenceData } from '#reference-data';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { validationError, type ValidationDetail } from '../conventions/validation.js';
import { keyTaskOf } from './key-task.commands.js';
import { Access } from '#auth';

/** How items are judged, for the OpenAPI descriptions (the README says the same). */
export const KEY_TASK_STATES_DESCRIPTION = [
  'The annex 重点任务清单: 22 tasks, 89 items, each with a deadline (完成时间) and lead units (责任单位). All dates are China Standard Time dates.',
  'The cut is 31 December of the year, or today in the current year.',
  'Deadlines: kind year → 31 December of each listed year (items listed for 2025 and 2026 are due in each); kind date → that date (2024-06-30); kind yearly (每年) → 31 December of each plan year 2024–2026; kind ongoing (长期坚持) → none.',
  'Each item is judged for the year on one obligation (obligationYear): the year itself when the item is due in it, else the latest due year before it, else the first after it.',
  'States: done (completed on or before the deadline — on the deadline day included), done_late (completed after it), overdue (not completed and the deadline passed: before the cut, or, once the year is over, on or before its 31 December),',
  'in_progress (progress reported for the obligation, deadline not passed), not_started (nothing reported, deadline not passed); ongoing items: reported (progress reported for the year) or no_report.',
  'Only completions and reports dated on or before the cut count.',
].join('\n');

/**
 * Parses `year` (four digits, 2000–2100; default the current CST year) and `minPosition` of a key-task query.
 * @throws BadRequestException (400 validation) for unknown, repeated or malformed parameters
 */
function parseKeyTaskQuery(query: Record<string, unknown>, today: string): { year: number; minPosition: string | undefined } {
  const problems: ValidationDetail[] = [];
  for (const k of Object.keys(query)) {
    if (k !== 'year' && k !== 'minPosition') problems.push({ path: k, message: `unknown query parameter ${k}` });
    else if (typeof query[k] !== 'string') problems.push({ path: k, message: `${k} must be given once` });
  }
  const yearText = query['year'];
  if (typeof yearText === 'string' && (!/^\d{4}$/.test(yearText) || Number(yearText) < 2000 || Number(yearText) > 2100)) {
    problems.push({ path: 'year', message: 'year must be a four-digit year from 2000 to 2100' });
  }
  if (problems.length > 0) throw validationError(problems);
  return { year: typeof yearText === 'string' ? Number(yearText) : Number(today.slice(0, 4)), minPosition: query['minPosition'] as string | undefined };
}

/** `GET /api/v1/key-tasks` and `/api/v1/key-tasks/{taskNo}`: the annex's tasks with each item's state for a year. */
@ApiTags('key-tasks')
@ApiQueryResponses()
@Controller('api/v1/key-tasks')
export class KeyTaskQueriesController {
  constructor(
    @Inject(READ_MODELS) private readonly ds: DataSource,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * Every task and item for `year`: `{ position, year, cut, tasks: [{ taskNo, actionNo, action, title, items: [{ itemNo, text,
   * deadline, obligationYear, deadlineDate, dueByYearEnd, leadUnits, leadUnitsText, state, completion, reportsForObligation, lastReport }] }] }`.
   * @throws BadRequestException (400) for bad parameters; 503 when minPosition is not reached
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get()
  @ApiOperation({ summary: 'Every key task and item with its state, deadline, lead units and last report for a year', description: KEY_TASK_STATES_DESCRIPTION })
  @ApiQuery({ name: 'year', required: false, example: 2025, description: 'default: the current year (CST)' })
  @ApiQuery({ name: 'minPosition', required: false })
  async all(@Query() query: Record<string, unknown>): Promise<{ position: string; year: number; cut: string; tasks: KeyTaskStatus[] }> {
    const today = cstDate(this.clock());
    const { year, minPosition } = parseKeyTaskQuery(query, today);
    const position = await this.readYourWrites.positionAfter(['key-task-progress'], minPosition);
    const tasks = await queryKeyTaskProgress(this.ds, { year, today, tasks: this.reference.keyTasks });
    return { position, year, cut: cutOf(year, today), tasks };
  }

  /**
   * One task for `year`: `{ position, year, cut, taskNo, actionNo, action, title, items }` (items as in the list).
   * @throws NotFoundException (404 key_task_not_found) for an unknown task number; 400 / 503 as the list
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin', 'auditor', 'analyst'], scope: 'none' })
  @Get(':taskNo')
  @ApiOperation({ summary: 'One key task with its items’ states for a year', description: KEY_TASK_STATES_DESCRIPTION })
  @ApiParam({ name: 'taskNo', example: '3' })
  @ApiQuery({ name: 'year', required: false, example: 2025 })
  @ApiQuery({ name: 'minPosition', required: false })
  async one(@Param('taskNo') taskNo: string, @Query() query: Record<string, unknown>): Promise<{ position: string; year: number; cut: string } & KeyTaskStatus> {
    const task = keyTaskOf(this.reference, taskNo);
    const today = cstDate(this.clock());
    const { year, minPosition } = parseKeyTaskQuery(query, today);
    const position = await this.readYourWrites.positionAfter(['key-task-progress'], minPosition);
    const [status] = await queryKeyTaskProgress(this.ds, { year, today, tasks: [task] });
    return { position, year, cut: cutOf(year, today), ...status! };
  }
}
