import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { RecordEnforcementActionCommand, RecordSupervisoryInspectionCommand } from './record-supervision.command.js';
import { RecordEnforcementActionDto, RecordSupervisoryInspectionDto } from './supervision.dto.js';
import { Access } from '#auth';

/**
 * `POST /api/v1/supervisory-inspections` and `POST /api/v1/enforcement-actions`: the supervisory
 * inspections (督导/执法检查) and enforcement actions (行政处罚等) of a district, on
 * `supervision-{districtCode}-{yyyy}`.
 */
@ApiTags('supervision')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of the stream supervision-{districtCode}-{yyyy}, e.g. "3"' })
@Controller('api/v1')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class SupervisionCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * RecordSupervisoryInspection; 201 `{ streamId, streamRevision, position, inspectionId }`.
   * Refusals (422): unknown_district, unknown_sector, enterprise_not_found, enterprise_outside_district,
   * enterprise_closed, sector_not_expected, invalid_special_supervision_level, duplicate_hazard,
   * occurred_in_future, invalid_time, unknown_hazard; 403 forbidden.
   */
  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('supervisory-inspections')
  @HttpCode(201)
  @ApiOperation({
    summary: 'RecordSupervisoryInspection (督导/执法检查)',
    description:
      'Records an inspection by a regulator in a district, by method (四不两直 four_no_two_direct, 双随机 double_random, ' +
      '异地交叉执法 cross_regional, 专项督查 special_supervision with specialSupervisionLevel city_on_district | district_on_sector, routine). ' +
      'Only an inspector or district_supervisor of the district, or city_admin, may (403 forbidden). The district must be known ' +
      '(422 unknown_district). A named enterprise must be registered, open and in that district (422 enterprise_not_found, ' +
      'enterprise_closed, enterprise_outside_district) and gives the sector (a different sector is 422 sector_not_expected); ' +
      'without an enterprise a known sector is required (422 unknown_sector). Each hazard found must be reported (422 unknown_hazard) and named ' +
      'once (422 duplicate_hazard). inspectedAt may not lie more than 5 minutes in the future (422 occurred_in_future). ' +
      'Answers 201 { streamId, streamRevision, position, inspectionId }.',
  })
  async inspect(@Body() body: RecordSupervisoryInspectionDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { inspectionId, result } = await this.commandBus.execute(new RecordSupervisoryInspectionCommand(body, context));
    return commandAccepted(result, { inspectionId });
  }

  /**
   * RecordEnforcementAction; 201 `{ streamId, streamRevision, position, actionId }`.
   * Refusals (422): unknown_district, enterprise_not_found, enterprise_outside_district, invalid_amount,
   * inspection_not_found, occurred_in_future, invalid_time; 400 for a negative or fractional amount; 403 forbidden.
   */
  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('enforcement-actions')
  @HttpCode(201)
  @ApiOperation({
    summary: 'RecordEnforcementAction (行政处罚, 停产整顿, 关闭取缔, 上限处罚, 联合惩戒, 警告)',
    description:
      'Records an enforcement action against a registered enterprise (a closed one allowed) in its district. amountFen is integer ' +
      'fen ≥ 0 (a negative or fractional amount is 400); it must be > 0 for fine and upper_limit_penalty and 0 for the other kinds ' +
      '(422 invalid_amount). An inspectionId must name an inspection recorded in the district in the CST year of decidedAt or the ' +
      'year before (422 inspection_not_found). Who may, the district and the time are judged as for inspections. ' +
      'Answers 201 { streamId, streamRevision, position, actionId }.',
  })
  async act(@Body() body: RecordEnforcementActionDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { actionId, result } = await this.commandBus.execute(new RecordEnforcementActionCommand(body, context));
    return commandAccepted(result, { actionId });
  }
}
