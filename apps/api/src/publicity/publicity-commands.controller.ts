import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { RecordDemonstrationSiteDto, RecordLectureDto, RecordScienceHallDto } from './publicity.dto.js';
import { RecordPublicityCommand } from './publicity.commands.js';
import { Access } from '#auth';

const REFUSALS =
  'Refusals (422): unknown_district, unknown_sector, occurred_in_future (more than 5 minutes ahead), invalid_time (before 1950 CST), ' +
  'topic_required / name_required (blank); 403 forbidden (city_admin, or an inspector / district_supervisor of the district, may).';

/** `POST /api/v1/lectures`, `/demonstration-sites`, `/science-halls`: safety publicity (安全宣传, plan 三(八)22). */
@ApiTags('publicity')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of the stream publicity-{districtCode}-{yyyy}, e.g. "3"' })
@Controller('api/v1')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class PublicityCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /** RecordLecture on `publicity-{districtCode}-{yyyy}`; 201 `{ streamId, streamRevision, position, lectureId }`. */
  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('lectures')
  @HttpCode(201)
  @ApiOperation({ summary: 'RecordLecture (千师万讲)', description: `Records a safety lecture held in the district. ${REFUSALS}` })
  async lecture(@Body() body: RecordLectureDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { id, result } = await this.commandBus.execute(new RecordPublicityCommand('lecture', body, context));
    return commandAccepted(result, { lectureId: id });
  }

  /** RecordDemonstrationSite on `publicity-{districtCode}-{yyyy}`; 201 `{ …, siteId }`. */
  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('demonstration-sites')
  @HttpCode(201)
  @ApiOperation({ summary: 'RecordDemonstrationSite (安全宣传"五进"示范点)', description: `Records a demonstration site built in the district. ${REFUSALS}` })
  async site(@Body() body: RecordDemonstrationSiteDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { id, result } = await this.commandBus.execute(new RecordPublicityCommand('site', body, context));
    return commandAccepted(result, { siteId: id });
  }

  /** RecordScienceHall on `publicity-{districtCode}-{yyyy}`; 201 `{ …, hallId }`. */
  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('science-halls')
  @HttpCode(201)
  @ApiOperation({ summary: 'RecordScienceHall (应急科普体验馆)', description: `Records a science hall established in the district. ${REFUSALS}` })
  async hall(@Body() body: RecordScienceHallDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { id, result } = await this.commandBus.execute(new RecordPublicityCommand('hall', body, context));
    return commandAccepted(result, { hallId: id });
  }
}
