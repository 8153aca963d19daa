import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { CloseEnterpriseCommand } from './close-enterprise.command.js';
import { CloseEnterpriseDto } from './close-enterprise.dto.js';
import { EstablishResponsibilitySystemCommand } from './establish-responsibility-system.command.js';
import { EstablishResponsibilitySystemDto } from './establish-responsibility-system.dto.js';
import { GradeStandardizationCommand } from './grade-standardization.command.js';
import { GradeStandardizationDto } from './grade-standardization.dto.js';
import { Access } from '#auth';

const COMMON_REFUSALS =
  '404 enterprise_not_found when the enterprise is not registered; 422 enterprise_closed after its closure, ' +
  'invalid_time, occurred_in_future (more than 5 minutes ahead); 403 forbidden for read-only roles and other districts.';

/**
 * `POST /api/v1/enterprises/{uscc}/…`: what happens to a registered enterprise — its standardization
 * grade (安全生产标准化), its all-staff responsibility system (全员安全生产责任制 / 两单两卡) and its closure.
 * Each answers 201 `{ streamId, streamRevision, position }` on `enterprise-{uscc}`.
 */
@ApiTags('enterprises')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of enterprise-{uscc}, e.g. "0"; 409 when stale' })
@ApiParam({ name: 'uscc', description: '统一社会信用代码 of a registered enterprise' })
@Controller('api/v1/enterprises/:uscc')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class EnterpriseLifecycleController {
  constructor(private readonly commandBus: CommandBus) {}

  /** GradeStandardization: StandardizationGraded with validUntil three years after the CST grading date. */
  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('standardization')
  @HttpCode(201)
  @ApiOperation({
    summary: 'GradeStandardization (安全生产标准化定级)',
    description:
      'Records the standardization grade awarded (level 1 highest … 3). The grade is valid through the same CST date three years on ' +
      '(validUntil, inclusive); a later grading replaces it. city_admin anywhere, an inspector or district_supervisor of the district; ' +
      'not the enterprise itself. 422 invalid_standardization_level. ' + COMMON_REFUSALS,
  })
  async grade(
    @Param('uscc') uscc: string,
    @Body() body: GradeStandardizationDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new GradeStandardizationCommand(uscc, body, context)));
  }

  /** EstablishResponsibilitySystem: ResponsibilitySystemEstablished. */
  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('responsibility-system')
  @HttpCode(201)
  @ApiOperation({
    summary: 'EstablishResponsibilitySystem (全员安全生产责任制 / 两单两卡)',
    description:
      'Records that the all-staff responsibility system is established, covering postsCovered posts. city_admin, an inspector or ' +
      'district_supervisor of the district, or the enterprise itself. 422 invalid_posts_covered. ' + COMMON_REFUSALS,
  })
  async establish(
    @Param('uscc') uscc: string,
    @Body() body: EstablishResponsibilitySystemDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new EstablishResponsibilitySystemCommand(uscc, body, context)));
  }

  /** CloseEnterprise: EnterpriseClosed; nothing follows a closure. */
  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post('closure')
  @HttpCode(201)
  @ApiOperation({
    summary: 'CloseEnterprise',
    description:
      'Closes the enterprise: from the CST date of closedAt it leaves the register figures, and no command on it is accepted after. ' +
      'city_admin, an inspector or district_supervisor of the district. ' + COMMON_REFUSALS,
  })
  async close(
    @Param('uscc') uscc: string,
    @Body() body: CloseEnterpriseDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new CloseEnterpriseCommand(uscc, body, context)));
  }
}
