import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { ConcludeInvestigationDto, ReportAccidentDto, ReviseAccidentTollDto } from './accident.dto.js';
import { AccidentLifecycleCommand, type AccidentLifecycleCommandBody } from './accident-lifecycle.command.js';
import { ReportAccidentCommand } from './report-accident.command.js';
import { Access } from '#auth';

const RULES =
  'Refusals (422 unless noted): forbidden (403; an inspector or district_supervisor of the district, or city_admin), ' +
  'accident_not_found (404), accident_exists (409), investigation_concluded (nothing follows the conclusion), unknown_district, ' +
  'unknown_sector, enterprise_not_found, invalid_count, invalid_amount, invalid_time, occurred_in_future, chronology (dated before ' +
  'the accident or its latest fact), summary_required, reason_required, toll_unchanged, causes_required, accountability_required ' +
  '(一案双查), unknown_hazard.';

const GRADING =
  'The grade is derived from the toll (国务院令第493号 第三条), the highest any criterion reaches: especially_major 特别重大 ' +
  '≥30 deaths or ≥100 serious injuries or ≥1亿元 (10,000,000,000 fen); major 重大 10–29 / 50–99 / 5000万–1亿元; ' +
  'larger 较大 3–9 / 10–49 / 1000万–5000万元; general 一般 below. Lower bounds included, upper bounds excluded.';

/** `POST /api/v1/accidents…`: production-safety accidents (生产安全事故), one sub-resource per fact. */
@ApiTags('accidents')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the stream revision read, e.g. "1"' })
@Controller('api/v1/accidents')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class AccidentCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'ReportAccident; answers accidentId', description: `${GRADING}\n\n${RULES}` })
  async report(@Body() body: ReportAccidentDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { accidentId, result } = await this.commandBus.execute(new ReportAccidentCommand(body, context));
    return commandAccepted(result, { accidentId });
  }

  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/toll-revision')
  @HttpCode(201)
  @ApiOperation({ summary: 'ReviseAccidentToll: the toll as it now stands; re-grades the accident', description: `${GRADING}\n\n${RULES}` })
  revise(@Param('id') id: string, @Body() b: ReviseAccidentTollDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, {
      type: 'ReviseAccidentToll',
      data: { deaths: b.deaths, seriousInjuries: b.seriousInjuries, directLossFen: b.directLossFen, revisedAt: b.revisedAt, reason: b.reason },
    });
  }

  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/investigation-conclusion')
  @HttpCode(201)
  @ApiOperation({ summary: 'ConcludeInvestigation (一案双查: enterprise and regulator accountability); nothing follows it', description: RULES })
  conclude(@Param('id') id: string, @Body() b: ConcludeInvestigationDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, {
      type: 'ConcludeInvestigation',
      data: {
        concludedAt: b.concludedAt,
        causes: b.causes,
        hazardsFound: b.hazardsFound,
        enterpriseAccountability: b.enterpriseAccountability,
        regulatorAccountability: b.regulatorAccountability,
      },
    });
  }

  private async run(id: string, ctx: CommandContext, command: AccidentLifecycleCommandBody): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new AccidentLifecycleCommand(id, command, ctx)));
  }
}
