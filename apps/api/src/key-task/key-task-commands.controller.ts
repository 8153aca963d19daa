import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { CompleteTaskItemDto, ReportTaskProgressDto } from './key-task.dto.js';
import { RunKeyTaskCommand } from './key-task.commands.js';
import { Access } from '#auth';

const RULES =
  'Lead units: the annex cell split on ，,、; 「A等B」 gives A and the category B (a member unit not named reports as B); ' +
  '「市、区县X」 gives 市X and 区县X. The obligation year: `year`, or by default the first of the item\'s years not before the fact\'s CST year, else the last. ' +
  'Refusals (422): unknown_task_item, lead_unit_mismatch, year_outside_deadline, occurred_in_future, invalid_time; ' +
  'reports: district_required / district_not_applicable (a district-level lead unit such as 各区县政府 names districtCode, a city-level one does not), ' +
  'unknown_district, unknown_sector, summary_required, invalid_percent, unknown_indicator, invalid_measurement, numerator_exceeds_denominator, duplicate_measurement; ' +
  'completions: already_completed (once per item and year), ongoing_not_completable (长期坚持 items), completed_before_year (a yearly obligation before its year), evidence_required. ' +
  '404 key_task_not_found for an unknown task. 403 forbidden: city_admin may; a district_supervisor may report progress only under 各区县政府 / 有关区县政府 for its own district.';

/** `POST /api/v1/key-tasks/{taskNo}/progress-reports` and `…/items/{itemNo}/completion`: the annex's key tasks (重点任务清单). */
@ApiTags('key-tasks')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of the stream task-{taskNo}, e.g. "3"' })
@Controller('api/v1/key-tasks')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class KeyTaskCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /** ReportTaskProgress on `task-{taskNo}`; 201 `{ streamId, streamRevision, position }`. */
  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':taskNo/progress-reports')
  @HttpCode(201)
  @ApiParam({ name: 'taskNo', example: '3' })
  @ApiOperation({ summary: 'ReportTaskProgress (重点任务进展)', description: `A lead unit reports progress on an item, optionally with measurements of plan-target indicators. ${RULES}` })
  async report(@Param('taskNo') taskNo: string, @Body() body: ReportTaskProgressDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new RunKeyTaskCommand('report', taskNo, null, body, context)));
  }

  /** CompleteTaskItem on `task-{taskNo}`; 201 `{ streamId, streamRevision, position }`; 404 for an item not of the task. */
  @Access({ roles: ['city_admin'], scope: 'decider' })
  @Post(':taskNo/items/:itemNo/completion')
  @HttpCode(201)
  @ApiParam({ name: 'taskNo', example: '3' })
  @ApiParam({ name: 'itemNo', example: '3.1' })
  @ApiOperation({ summary: 'CompleteTaskItem (重点任务完成)', description: `An item's obligation of a year is done (404 key_task_item_not_found for an item not of the task). ${RULES}` })
  async complete(@Param('taskNo') taskNo: string, @Param('itemNo') itemNo: string, @Body() body: CompleteTaskItemDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new RunKeyTaskCommand('complete', taskNo, itemNo, body, context)));
  }
}
