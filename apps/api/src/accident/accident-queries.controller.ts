import { Controller, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { READ_MODELS } from '#bootstrap';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { toCstIso } from '../conventions/cst-time.js';
import { Access, CurrentActor, requireInScope } from '#auth';
import type { Actor } from '#domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET /api/v1/accidents/{id}`: one accident as it stands, from the accident register. */
@ApiTags('accidents')
@ApiQueryResponses()
@Controller('api/v1/accidents')
export class AccidentQueriesController {
  constructor(
    @Inject(READ_MODELS) private readonly ds: DataSource,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /**
   * One accident: `{ position, accidentId, districtCode, sector, enterpriseUscc, occurredAt (CST), deaths,
   * seriousInjuries, directLossFen (fen), grade, summary, status ('reported' | 'concluded'), tollHistory,
   * investigation, streamRevision }`; the ETag is the stream revision. 404 for an unknown id.
   */
  @Access({ roles: ['city_admin', 'auditor', 'inspector', 'district_supervisor', 'enterprise'], scope: 'resource' })
  @Get(':id')
  @ApiOperation({ summary: "One accident's current toll, derived grade (general/larger/major/especially_major), toll history and investigation" })
  @ApiQuery({ name: 'minPosition', required: false })
  async one(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
    @Query('minPosition') minPosition?: string,
  ): Promise<Record<string, unknown>> {
    const position = await this.readYourWrites.positionAfter(['accident-register'], minPosition);
    if (!UUID.test(id)) throw new NotFoundException({ error: 'accident_not_found', message: `no accident ${id}` });
    const rows: Record<string, unknown>[] = await this.ds.query('SELECT * FROM accident_register WHERE accident_id = $1', [id.toLowerCase()]);
    const r = rows[0];
    if (!r) throw new NotFoundException({ error: 'accident_not_found', message: `no accident ${id}` });
    requireInScope(actor, { districtCode: r['district_code'] as string, enterpriseUscc: (r['enterprise_uscc'] as string | null) ?? null }, `accident ${id}`);
    res.setHeader('ETag', `"${String(r['revision'])}"`);
    return {
      position,
      accidentId: r['accident_id'],
      districtCode: r['district_code'],
      sector: r['sector'],
      enterpriseUscc: r['enterprise_uscc'],
      occurredAt: toCstIso(r['occurred_at'] as Date),
      deaths: Number(r['deaths']),
      seriousInjuries: Number(r['serious_injuries']),
      directLossFen: Number(r['direct_loss_fen']),
      grade: r['grade'],
      summary: r['summary'],
      status: r['status'],
      tollHistory: r['toll_history'],
      investigation: r['investigation'],
      streamRevision: String(r['revision']),
    };
  }
}
