import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { RecordSelfInspectionDto } from './self-inspection.dto.js';
import { RecordSelfInspectionCommand } from './record-self-inspection.command.js';
import { Access } from '#auth';

/** `POST /api/v1/self-inspections`: a self-inspection (日周月排查, 主要负责人带队检查, 2024 大排查) held by an enterprise. */
@ApiTags('self-inspections')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of the stream inspection-{uscc}-{yyyy}, e.g. "3"' })
@Controller('api/v1/self-inspections')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class SelfInspectionCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * RecordSelfInspection on `inspection-{uscc}-{yyyy}` (yyyy the CST year of inspectedAt); 201
   * `{ streamId, streamRevision, position, inspectionId }`. Refusals (422): enterprise_not_found,
   * enterprise_closed, occurred_in_future, invalid_time, unknown_hazard, hazard_of_other_enterprise; 403 forbidden.
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'RecordSelfInspection (企业自查: 日周月排查, 主要负责人带队检查, 重大事故隐患大排查)',
    description:
      'Records a self-inspection the enterprise held, at a level: team_daily, department_weekly, director_monthly, principal_led ' +
      'or major_hazard_survey. The enterprise must be registered and open (422 enterprise_not_found, enterprise_closed); ' +
      'inspectedAt may not lie more than 5 minutes in the future (422 occurred_in_future) nor before 1950 in China Standard ' +
      'Time (422 invalid_time); each of hazardIds must be a reported hazard (422 unknown_hazard) of this enterprise ' +
      '(422 hazard_of_other_enterprise). The inspection counts under the district, sector and high-risk flag the enterprise ' +
      'has when it is recorded. Answers 201 { streamId, streamRevision, position, inspectionId }.',
  })
  async record(@Body() body: RecordSelfInspectionDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { inspectionId, result } = await this.commandBus.execute(new RecordSelfInspectionCommand(body, context));
    return commandAccepted(result, { inspectionId });
  }
}
