import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { RecordElevatorSpotCheckDto, RecordEngineeringProgressDto } from './engineering.dto.js';
import { RecordElevatorSpotCheckCommand, RecordEngineeringProgressCommand } from './engineering.commands.js';
import { Access } from '#auth';

/**
 * `POST /api/v1/elevator-spot-checks` and `POST /api/v1/engineering-progress`: the facts of the plan's
 * safety engineering (三(七)20 安全工程治理) on `engineering-{districtCode}-{yyyy}`.
 */
@ApiTags('engineering')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of the stream engineering-{districtCode}-{yyyy}, e.g. "3"' })
@Controller('api/v1')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class EngineeringCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * RecordElevatorSpotCheck; 201 `{ streamId, streamRevision, position, checkId }`.
   * Refusals (422): unknown_district, defects_exceed_elevators, occurred_in_future, invalid_time; 403 forbidden.
   */
  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('elevator-spot-checks')
  @HttpCode(201)
  @ApiOperation({
    summary: 'RecordElevatorSpotCheck (电梯抽查: 门锁装置、紧急报警装置、救援对讲系统)',
    description:
      'Records a district\'s spot check of `elevators` elevators on the items checked (at least one of door_lock, emergency_alarm, ' +
      'intercom; 400 otherwise). The district must be in the reference data (422 unknown_district); defectsFound may not exceed ' +
      'elevators (422 defects_exceed_elevators); checkedAt may not lie more than 5 minutes in the future (422 occurred_in_future). ' +
      'May be done by city_admin or a district_supervisor of the district. Answers 201 { streamId, streamRevision, position, checkId }.',
  })
  async spotCheck(@Body() body: RecordElevatorSpotCheckDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { checkId, result } = await this.commandBus.execute(new RecordElevatorSpotCheckCommand(body, context));
    return commandAccepted(result, { checkId });
  }

  /**
   * RecordEngineeringProgress; 201 `{ streamId, streamRevision, position, progressId }`.
   * Refusals (422): unknown_district, area_required, area_not_applicable, occurred_in_future, invalid_time; 403 forbidden.
   */
  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('engineering-progress')
  @HttpCode(201)
  @ApiOperation({
    summary: 'RecordEngineeringProgress (老旧小区改造、危桥改造、生命防护工程、病险水库、消火栓、自建房)',
    description:
      'Records a quantity of one of the plan\'s projects completed in a district, in the project\'s unit (life_protection_road in ' +
      'metres). areaSquareMetres is required for old_community_renovation (422 area_required) and must be null for the others ' +
      '(422 area_not_applicable). The district must be in the reference data (422 unknown_district). May be done by city_admin or ' +
      'a district_supervisor of the district. Answers 201 { streamId, streamRevision, position, progressId }.',
  })
  async progress(@Body() body: RecordEngineeringProgressDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { progressId, result } = await this.commandBus.execute(new RecordEngineeringProgressCommand(body, context));
    return commandAccepted(result, { progressId });
  }
}
