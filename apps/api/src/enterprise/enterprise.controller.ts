import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { toCstIso, toCstIsoOrNull } from '../conventions/cst-time.js';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { READ_MODELS } from '#bootstrap';
import { Ctx, type CommandContext } from '../conventions/command-context.js';
import { commandAccepted, type CommandAccepted } from '../conventions/command-response.js';
import { CommandResponseInterceptor } from '../conventions/idempotency.interceptor.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { ApiCommandResponses, ApiQueryResponses } from '../conventions/api-responses.js';
import { RegisterEnterpriseCommand } from './register-enterprise.command.js';
import { RegisterEnterpriseDto } from './register-enterprise.dto.js';
import { Access, CurrentActor, requireInScope } from '#auth';
import type { Actor } from '#domain';

/** `/api/v1/enterprises`: the enterprise register. */
@ApiTags('enterprises')
@Controller('api/v1/enterprises')
export class EnterpriseController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(READ_MODELS) private readonly ds: DataSource,
  ) {}

  @Access({ roles: ['enterprise', 'inspector', 'district_supervisor', 'city_admin'], scope: 'decider' })
  @Post()
  @HttpCode(201)
  @ApiCommandResponses()
  @UseInterceptors(CommandResponseInterceptor)
  @ApiOperation({ summary: 'RegisterEnterprise' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the stream revision read, e.g. "0"; 409 when stale' })
  async register(@Body() body: RegisterEnterpriseDto, @Ctx() context: CommandContext): Promise<CommandAccepted> {
    return commandAccepted(await this.commandBus.execute(new RegisterEnterpriseCommand(body, context)));
  }

  @Access({ roles: ['city_admin', 'auditor', 'inspector', 'district_supervisor', 'enterprise'], scope: 'resource' })
  @Get(':uscc')
  @ApiQueryResponses()
  @ApiOperation({ summary: 'The enterprise profile read model' })
  @ApiQuery({ name: 'minPosition', required: false })
  async profile(
    @Param('uscc') uscc: string,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
    @Query('minPosition') minPosition?: string,
  ): Promise<Record<string, unknown>> {
    const position = await this.readYourWrites.positionAfter(['enterprise-profile'], minPosition);
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT p.*,
              (SELECT count(*) FROM enterprise_profile_hazards h WHERE h.uscc = p.uscc) AS hazards_reported,
              (SELECT count(*) FROM enterprise_profile_hazards h WHERE h.uscc = p.uscc AND h.is_open) AS hazards_open,
              (SELECT count(*) FROM enterprise_profile_hazards h WHERE h.uscc = p.uscc AND h.is_open AND h.grade = 'major') AS major_hazards_open
         FROM enterprise_profile p WHERE p.uscc = $1`,
      [uscc],
    );
    const r = rows[0];
    if (!r) throw new NotFoundException({ error: 'not_found', message: `no enterprise ${uscc}` });
    requireInScope(actor, { districtCode: r['district_code'] as string, enterpriseUscc: r['uscc'] as string }, `enterprise ${uscc}`);
    res.setHeader('ETag', `"${String(r['revision'])}"`);
    return {
      position,
      uscc: r['uscc'],
      name: r['name'],
      districtCode: r['district_code'],
      sector: r['sector'],
      industryCode: r['industry_code'],
      riskTags: r['risk_tags'],
      highRisk: r['high_risk'],
      status: r['status'],
      registeredAt: toCstIso(r['registered_at'] as Date),
      closedAt: toCstIsoOrNull(r['closed_at'] as Date | null),
      standardization: r['standardization_level'] === null ? null : { level: r['standardization_level'], validUntil: r['standardization_valid_until'] },
      responsibilitySystemEstablishedAt: toCstIsoOrNull(r['responsibility_system_at'] as Date | null),
      hazards: { reported: Number(r['hazards_reported']), open: Number(r['hazards_open']), majorOpen: Number(r['major_hazards_open']) },
      streamRevision: String(r['revision']),
    };
  }
}
