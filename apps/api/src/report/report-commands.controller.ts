import { Body, Controller, HttpCode, Param, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { ApiHeader, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { ReporterIdentity } from '#command-handling';
import { ReportRateLimitGuard } from '../abuse-limits/report-rate-limit.js';
import { ApiCommandResponses } from '../conventions/api-responses.js';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { validationError } from '../conventions/validation.js';
import { ReadReporterIdentityCommand } from './read-reporter-identity.command.js';
import { ReceiveReportCommand } from './receive-report.command.js';
import { ReportLifecycleCommand, type ReportLifecycleBody } from './report-lifecycle.command.js';
import { PayRewardDto, ReadReporterIdentityDto, ReceiveReportDto, VerifyReportDto } from './report.dto.js';
import { Access, Public } from '#auth';

const RULES =
  'Refusals (422 unless noted): forbidden (403; verification: an inspector or district_supervisor of the district or city_admin; ' +
  'reward, identity read and shredding: a district_supervisor of the district or city_admin), report_not_found (404), unknown_district, ' +
  'unknown_sector, unknown_enterprise, summary_required, invalid_time, occurred_in_future, chronology, report_already_verified, ' +
  'link_requires_substantiation (an unsubstantiated report links no hazard and no fine), unknown_hazard, report_not_verified, ' +
  'report_unsubstantiated, reward_already_paid, invalid_amount, override_reason_required, purpose_required, no_identity (anonymous), ' +
  'identity_shredded (410).';

const REWARD =
  'The suggested reward (《安全生产领域举报奖励办法》): 15% of the fine (fineFen of the verification; none = 0), rounded half up to the ' +
  'fen, at least 300000 fen (¥3,000), at most 30000000 fen (¥300,000). Paying another amount needs overrideReason (422 override_reason_required).';

const CONFIDENTIAL =
  'The reporter ({ name?, contact? }) is confidential: encrypted (AES-256-GCM, a data key per report wrapped with REPORTER_KEK) before ' +
  'anything is recorded; events hold only the envelope; read models, analysts\u2019 streams, logs and errors never hold it.';

/** `POST /api/v1/reports…`: whistle-blower reports (举报), one sub-resource per fact. */
@ApiTags('reports')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a UUID: a retry returns the first response (not on identity reads)' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the revision read of the stream report-{id}, e.g. "1"' })
@Controller('api/v1/reports')
@ApiCommandResponses()
export class ReportCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /** ReceiveReport (public, rate-limited per client address); 201 `{ streamId, streamRevision, position, reportId }`. */
  @Public()
  @Post()
  @HttpCode(201)
  @UseGuards(ReportRateLimitGuard)
  @UseInterceptors(CommandResponseInterceptor)
  @ApiTooManyRequestsResponse({
    description: 'more anonymous submissions (no bearer token) from this client address than REPORT_RATE_LIMIT allows (default 10 a minute); Retry-After in seconds; nothing appended',
    schema: { example: { error: 'rate_limited', message: 'too many reports from this address: at most 10 in 60 s; retry after 42 s' } },
  })
  @ApiOperation({ summary: 'ReceiveReport (举报): a whistle-blower report, open to anyone; answers reportId', description: `${CONFIDENTIAL}\n\n${RULES}` })
  async receive(@Body() body: ReceiveReportDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    if (body.reporter !== undefined && body.reporter.name === undefined && body.reporter.contact === undefined) {
      throw validationError([{ path: 'reporter', message: 'reporter needs a name or a contact (omit it for an anonymous report)' }]);
    }
    const { reportId, result } = await this.commandBus.execute(new ReceiveReportCommand(body, context));
    return commandAccepted(result, { reportId });
  }

  @Access({ roles: ['inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/verification')
  @HttpCode(201)
  @UseInterceptors(CommandResponseInterceptor)
  @ApiOperation({ summary: 'VerifyReport (核查): substantiated or not, the hazard found and the fine imposed', description: RULES })
  verify(@Param('id') id: string, @Body() b: VerifyReportDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, { type: 'VerifyReport', data: { substantiated: b.substantiated, hazardId: b.hazardId ?? null, fineFen: b.fineFen ?? null, verifiedAt: b.verifiedAt } });
  }

  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/reward-payment')
  @HttpCode(201)
  @UseInterceptors(CommandResponseInterceptor)
  @ApiOperation({ summary: 'PayReward (举报奖励), only for a substantiated report', description: `${REWARD}\n\n${RULES}` })
  pay(@Param('id') id: string, @Body() b: PayRewardDto, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, { type: 'PayReward', data: { amountFen: b.amountFen, overrideReason: b.overrideReason ?? null, paidAt: b.paidAt } });
  }

  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/identity-shredding')
  @HttpCode(201)
  @UseInterceptors(CommandResponseInterceptor)
  @ApiOperation({
    summary: 'ShredReporterIdentity: destroys the data key of the reporter identity (crypto-shredding)',
    description: `No body (any body is ignored). The events stay unchanged (the chain still verifies); the envelope can never be opened again; reads answer 410 identity_shredded.\n\n${RULES}`,
  })
  shred(@Param('id') id: string, @Ctx() ctx: CommandContext): Promise<CommandAccepted> {
    return this.run(id, ctx, { type: 'ShredReporterIdentity' });
  }

  /**
   * ReadReporterIdentity: 201 `{ streamId, streamRevision, position, reportId, identity: { name?, contact? } }`,
   * `Cache-Control: no-store`. Not replayed by Idempotency-Key (its answer is never stored).
   */
  @Access({ roles: ['district_supervisor', 'city_admin'], scope: 'decider' })
  @Post(':id/reporter-identity-reads')
  @HttpCode(201)
  @ApiOperation({
    summary: 'ReadReporterIdentity: decrypts the reporter identity; the read (who, when, purpose) is recorded first',
    description: `Answers the identity; 410 identity_shredded after shredding; 422 no_identity for an anonymous report. ${CONFIDENTIAL}\n\n${RULES}`,
  })
  async read(
    @Param('id') id: string,
    @Body() b: ReadReporterIdentityDto,
    @Ctx() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAccepted & { identity: ReporterIdentity }> {
    const { result, identity } = await this.commandBus.execute(new ReadReporterIdentityCommand(id, b.purpose, ctx));
    res.setHeader('Cache-Control', 'no-store');
    return Object.assign(commandAccepted(result, { reportId: id.toLowerCase() }), { identity });
  }

  private async run(id: string, ctx: CommandContext, body: ReportLifecycleBody): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new ReportLifecycleCommand(id, body, ctx)), { reportId: id.toLowerCase() });
  }
}
