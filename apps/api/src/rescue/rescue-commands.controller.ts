import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { DistributeEquipmentCommand, EstablishRescueTeamCommand } from './rescue.commands.js';
import { DistributeEquipmentDto, EstablishRescueTeamDto } from './rescue.dto.js';
import { Access } from '#auth';

/**
 * `POST /api/v1/rescue-teams` and `POST /api/v1/rescue-equipment-distributions`: a district's rescue
 * capacity (应急救援队伍, 救援装备), plan 三(五)14.
 */
@ApiTags('rescue')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of the stream rescue-{districtCode}, e.g. "3"' })
@Controller('api/v1')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class RescueCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /** EstablishRescueTeam on `rescue-{districtCode}`; 201 `{ streamId, streamRevision, position, teamId }`; 409 team_exists. */
  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('rescue-teams')
  @HttpCode(201)
  @ApiOperation({
    summary: 'EstablishRescueTeam (应急救援队伍 / 村(社区)应急救援站(点) / 专业救援队伍)',
    description:
      'Records a rescue team established in a district, by city_admin or the district\'s district_supervisor (403 forbidden). ' +
      'The district must be in the reference data (422 unknown_district). A sector_professional team names a sector of the reference data ' +
      '(422 sector_required, unknown_sector), other levels none (422 sector_not_allowed); township and village_station teams name the unit ' +
      'they serve in unitRef (422 unit_required), other levels none (422 unit_not_allowed). A second team of a district for the same level ' +
      'and unit (township, village_station), the same sector (sector_professional), or the same level (city, district) is 409 team_exists. ' +
      'establishedAt may not lie more than 5 minutes in the future (422 occurred_in_future). Answers 201 { streamId, streamRevision, position, teamId }.',
  })
  async establish(@Body() body: EstablishRescueTeamDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { teamId, result } = await this.commandBus.execute(new EstablishRescueTeamCommand(body, context));
    return commandAccepted(result, { teamId });
  }

  /** DistributeEquipment on `rescue-{districtCode}`; 201 `{ streamId, streamRevision, position, distributionId }`. */
  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('rescue-equipment-distributions')
  @HttpCode(201)
  @ApiOperation({
    summary: 'DistributeEquipment (救援装备)',
    description:
      'Records rescue equipment sets distributed to townships or villages of a district, by city_admin or the district\'s ' +
      'district_supervisor (403 forbidden). Unknown district 422 unknown_district; distributedAt in the future 422 occurred_in_future. ' +
      'Answers 201 { streamId, streamRevision, position, distributionId }.',
  })
  async distribute(@Body() body: DistributeEquipmentDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { distributionId, result } = await this.commandBus.execute(new DistributeEquipmentCommand(body, context));
    return commandAccepted(result, { distributionId });
  }
}
