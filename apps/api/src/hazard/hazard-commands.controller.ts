import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { validationError } from '../conventions/validation.js';
import {
  ClosureDto,
  CompleteRectificationDto,
  EscalationDto,
  ExtendDeadlineDto,
  ListedSupervisionDto,
  PlanRectificationDto,
  ProblemListEntryDto,
  ReopeningDto,
  ReportHazardDto,
  VerificationDto,
} from './hazard.dto.js';
import { HazardLifecycleCommand, type HazardLifecycleCommandBody } from './hazard-lifecycle.command.js';
import { ReportHazardCommand } from './report-hazard.command.js';
import { Access } from '#auth';

/** `POST /api/v1/hazards…`: the hazard's lifecycle, one sub-resource per fact. */
@ApiTags('hazards')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the stream revision read, e.g. "3"' })
@Controller('api/v1/hazards')
@ApiCommandResponses()
@UseInterceptors(CommandResponseInterceptor)
export class HazardCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'ReportHazard' })
  async report(@Body() body: ReportHazardDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    const { hazardId, result } = await this.commandBus.execute(new ReportHazardCommand(body, context));
    return commandAccepted(result, { hazardId });
  }

  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/rectification-plan')
  @HttpCode(201)
  @ApiOperation({ summary: 'PlanRectification (a major hazard needs all five in place)' })
  plan(@Param('id') id: string, @Body() b: PlanRectificationDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, {
      type: 'PlanRectification',
      data: {
        measures: b.measures.map((m) => ({ description: m.description, deadline: m.deadline })),
        responsiblePerson: { name: b.responsiblePerson.name, phone: b.responsiblePerson.phone ?? null },
        deadline: b.deadline,
        fundsFen: b.fundsFen,
        emergencyPlan: b.emergencyPlan ?? null,
        plannedAt: b.plannedAt,
      },
    });
  }

  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/deadline-extension')
  @HttpCode(201)
  @ApiOperation({ summary: 'ExtendDeadline' })
  extend(@Param('id') id: string, @Body() b: ExtendDeadlineDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, { type: 'ExtendDeadline', data: { deadline: b.deadline, reason: b.reason, extendedAt: b.extendedAt } });
  }

  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/rectification-completion')
  @HttpCode(201)
  @ApiOperation({ summary: 'CompleteRectification' })
  complete(@Param('id') id: string, @Body() b: CompleteRectificationDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, { type: 'CompleteRectification', data: { completedAt: b.completedAt, evidence: b.evidence } });
  }

  @Access({ roles: ['enterprise', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/verification')
  @HttpCode(201)
  @ApiOperation({ summary: 'VerifyRectification (verdict passed) or RejectRectification (verdict rejected, reason required)' })
  verify(@Param('id') id: string, @Body() b: VerificationDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    if (b.verdict === 'rejected') {
      if (!b.reason) throw validationError([{ path: 'reason', message: 'reason is required when the verdict is rejected' }]);
      return this.run(id, ctx, { type: 'RejectRectification', data: { rejectedAt: b.verifiedAt, reason: b.reason } });
    }
    return this.run(id, ctx, { type: 'VerifyRectification', data: { verifiedAt: b.verifiedAt, reason: b.reason ?? null } });
  }

  @Access({ roles: ['enterprise', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/closure')
  @HttpCode(201)
  @ApiOperation({ summary: 'CloseHazard (销号); only a verified hazard' })
  close(@Param('id') id: string, @Body() b: ClosureDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, { type: 'CloseHazard', data: { closedAt: b.closedAt } });
  }

  @Access({ roles: ['enterprise', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/reopening')
  @HttpCode(201)
  @ApiOperation({ summary: 'ReopenHazard (反销号): a closed hazard back to planned with a new deadline' })
  reopen(@Param('id') id: string, @Body() b: ReopeningDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, { type: 'ReopenHazard', data: { reopenedAt: b.reopenedAt, reason: b.reason, deadline: b.deadline } });
  }

  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/escalations')
  @HttpCode(201)
  @ApiOperation({ summary: 'EscalateHazard (函告/通报/约谈/挂牌督办)' })
  escalate(@Param('id') id: string, @Body() b: EscalationDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, { type: 'EscalateHazard', data: { measure: b.measure, decidedAt: b.decidedAt, note: b.note ?? null } });
  }

  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/listed-supervision')
  @HttpCode(201)
  @ApiOperation({ summary: 'OrderListedSupervision (挂牌督办 with level and document number)' })
  orderListedSupervision(@Param('id') id: string, @Body() b: ListedSupervisionDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, {
      type: 'OrderListedSupervision',
      data: { level: b.level, documentNumber: b.documentNumber, orderedAt: b.orderedAt },
    });
  }

  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/problem-list-entries')
  @HttpCode(201)
  @ApiOperation({ summary: 'ListOnProblemList (安全生产和自然灾害问题清单, city or district)' })
  list(@Param('id') id: string, @Body() b: ProblemListEntryDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, { type: 'ListOnProblemList', data: { list: b.list, listedAt: b.listedAt } });
  }

  private async run(id: string, ctx: CommandContext, command: HazardLifecycleCommandBody): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new HazardLifecycleCommand(id, command, ctx)));
  }
}
