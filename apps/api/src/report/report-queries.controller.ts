import { Controller, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { READ_MODELS } from '#bootstrap';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { toCstIso, toCstIsoOrNull } from '../conventions/cst-time.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { Access, CurrentActor, requireInScope } from '#auth';
import type { Actor } from '#domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET /api/v1/reports/{id}`: one report as it stands, from `report_register` — never the reporter's identity. */
@ApiTags('reports')
@ApiQueryResponses()
@Controller('api/v1/reports')
export class ReportQueriesController {
  constructor(
    @Inject(READ_MODELS) private readonly ds: DataSource,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * One report: `{ position, reportId, districtCode, sector, enterpriseUscc, channel, summary, receivedAt (CST),
   * status ('received' | 'verified' | 'rewarded'), verification: { substantiated, hazardId, fineFen, verifiedAt } | null,
   * reward: { amountFen, suggestedFen, overrideReason, paidAt } | null, hasIdentity, identityShredded, identityReads,
   * streamRevision }`; the ETag is the stream revision. 404 for an unknown id.
   */
  @Access({ roles: ['city_admin', 'auditor', 'inspector', 'district_supervisor'], scope: 'resource' })
  @Get(':id')
  @ApiOperation({ summary: 'One whistle-blower report: its state, verification and reward; whether an identity is held or shredded (never the identity)' })
  @ApiQuery({ name: 'minPosition', required: false })
  async one(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
    @Query('minPosition') minPosition?: string,
  ): Promise<Record<string, unknown>> {
    const position = await this.readYourWrites.positionAfter(['report-register'], minPosition);
    if (!UUID.test(id)) throw new NotFoundException({ error: 'report_not_found', message: `no report ${id.slice(0, 40)}` });
    const rows: Record<string, unknown>[] = await this.ds.query('SELECT * FROM report_register WHERE report_id = $1', [id.toLowerCase()]);
    const r = rows[0];
    if (!r) throw new NotFoundException({ error: 'report_not_found', message: `no report ${id.slice(0, 40)}` });
    // Reports are read by city_admin, auditors and the district roles of the report's district (not by the enterprise reported on).
    requireInScope(actor, { districtCode: r['district_code'] as string, enterpriseUscc: null }, `report ${id.toLowerCase()}`);
    res.setHeader('ETag', `"${String(r['revision'])}"`);
    const fen = (v: unknown) => (v === null ? null : Number(v));
    return {
      position,
      reportId: r['report_id'],
      districtCode: r['district_code'],
      sector: r['sector'],
      enterpriseUscc: r['enterprise_uscc'],
      channel: r['channel'],
      summary: r['summary'],
      receivedAt: toCstIso(r['received_at'] as Date),
      status: r['status'],
      verification:
        r['verified_at'] === null
          ? null
          : { substantiated: r['substantiated'], hazardId: r['hazard_id'], fineFen: fen(r['fine_fen']), verifiedAt: toCstIsoOrNull(r['verified_at'] as Date) },
      reward:
        r['paid_at'] === null
          ? null
          : { amountFen: fen(r['reward_fen']), suggestedFen: fen(r['suggested_fen']), overrideReason: r['override_reason'], paidAt: toCstIsoOrNull(r['paid_at'] as Date) },
      hasIdentity: r['has_identity'],
      identityShredded: r['identity_shredded'],
      identityReads: Number(r['identity_reads']),
      streamRevision: String(r['revision']),
    };
  }
}
