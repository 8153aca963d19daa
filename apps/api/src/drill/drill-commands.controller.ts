import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { RecordDrillDto } from './drill.dto.js';
import { RecordDrillCommand } from './record-drill.command.js';
import { Access } from '#auth';

/** `POST /api/v1/drills`: an evacuation drill (疏散逃生演练) held by an enterprise. */
@ApiTags('drills')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of the stream drill-{uscc}-{yyyy}, e.g. "3"' })
@Controller('api/v1/drills')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class DrillCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * RecordDrill on `drill-{uscc}-{yyyy}` (yyyy the CST year of heldAt); 201 `{ streamId, streamRevision, position, drillId }`.
   * Refusals (422): enterprise_not_found, enterprise_closed, occurred_in_future, invalid_time; 403 forbidden.
   */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'RecordDrill (疏散逃生演练)',
    description:
      'Records a drill the enterprise held. The enterprise must be registered and open (422 enterprise_not_found, ' +
      'enterprise_closed); heldAt may not lie more than 5 minutes in the future (422 occurred_in_future) nor before 1950 ' +
      'in China Standard Time (422 invalid_time). The drill counts under the district, sector and high-risk flag the ' +
      'enterprise has when it is recorded. Answers 201 { streamId, streamRevision, position, drillId }.',
  })
  async record(@Body() body: RecordDrillDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { drillId, result } = await this.commandBus.execute(new RecordDrillCommand(body, context));
    return commandAccepted(result, { drillId });
  }
}
