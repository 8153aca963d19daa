import { Controller, ForbiddenException, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { CLOCK, READ_MODELS } from '#bootstrap';
import { cstDate, HAZARD_GRADES } from '#domain';
import { ReadYourWrites } from '../conventions/read-your-writes.js';
import { ApiQueryResponses } from '../conventions/api-responses.js';
import { validationError, type ValidationDetail } from '../conventions/validation.js';
import { isInstant } from '../conventions/validators.js';
import { toCstIso, toCstIsoOrNull } from '../conventions/cst-time.js';
import { REFERENCE_DATA } from '#bootstrap';
import type { ReferenceData } from '#reference-data';
import { Access, CurrentActor, requireInScope } from '#auth';
import type { Actor } from '#domain';

const STATUSES = ['reported', 'planned', 'completed', 'verified', 'closed'];
const MAX_LIMIT = 200;
/** The columns a ledger page shows (`toHazardView` without `full`). */
const LIST_COLUMNS = 'hazard_id, enterprise_uscc, district_code, sector, grade, criterion_code, channel, title, status, discovered_at, deadline, closed_at, revision';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET /api/v1/hazards…`: the ledger (台账) and one hazard's current state. */
@ApiTags('hazards')
@ApiQueryResponses()
@Controller('api/v1/hazards')
export class HazardQueriesController {
  constructor(
    @Inject(READ_MODELS) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Access({ roles: ['city_admin', 'auditor', 'inspector', 'district_supervisor', 'enterprise'], scope: 'resource' })
  @Get()
  @ApiOperation({ summary: 'The ledger, newest first (by discovery time), cursor-paginated' })
  @ApiQuery({ name: 'districtCode', required: false })
  @ApiQuery({ name: 'sector', required: false })
  @ApiQuery({ name: 'grade', required: false, enum: HAZARD_GRADES })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: `1–${MAX_LIMIT}, default 50` })
  @ApiQuery({ name: 'minPosition', required: false })
  async ledger(@Query() query: Record<string, string | string[]>, @CurrentActor() actor: Actor): Promise<Record<string, unknown>> {
    const allowed = ['districtCode', 'sector', 'grade', 'status', 'overdue', 'cursor', 'limit', 'minPosition'];
    const problems: ValidationDetail[] = [];
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) {
      if (!allowed.includes(k)) problems.push({ path: k, message: `unknown query parameter ${k}` });
      else if (typeof v !== 'string') problems.push({ path: k, message: `${k} must be given once` });
      else q[k] = v;
    }
    if (q['districtCode'] !== undefined && !this.reference.districtCodes.has(q['districtCode'])) {
      problems.push({ path: 'districtCode', message: 'districtCode must be a code of /api/v1/reference/districts' });
    }
    if (q['sector'] !== undefined && !this.reference.sectors.has(q['sector'])) {
      problems.push({ path: 'sector', message: 'sector must be a code of /api/v1/reference/sectors' });
    }
    if (q['grade'] !== undefined && !(HAZARD_GRADES as readonly string[]).includes(q['grade'])) problems.push({ path: 'grade', message: 'grade must be major or general' });
    if (q['status'] !== undefined && !STATUSES.includes(q['status'])) problems.push({ path: 'status', message: `status must be one of ${STATUSES.join(', ')}` });
    if (q['overdue'] !== undefined && q['overdue'] !== 'true' && q['overdue'] !== 'false') problems.push({ path: 'overdue', message: 'overdue must be true or false' });
    let limit = 50;
    if (q['limit'] !== undefined) {
      if (!/^\d{1,3}$/.test(q['limit']) || Number(q['limit']) < 1 || Number(q['limit']) > MAX_LIMIT) problems.push({ path: 'limit', message: `limit must be an integer from 1 to ${MAX_LIMIT}` });
      else limit = Number(q['limit']);
    }
    let cursor: { at: string; id: string } | null = null;
    if (q['cursor'] !== undefined) {
      cursor = decodeCursor(q['cursor']);
      if (!cursor) problems.push({ path: 'cursor', message: 'cursor is not one this server gave' });
    }
    if (problems.length > 0) throw validationError(problems);
    // Scope (DOMAIN.md §4): a district role sees its district's ledger only, an enterprise its own hazards.
    if (actor.role === 'inspector' || actor.role === 'district_supervisor') {
      if (q['districtCode'] !== undefined && q['districtCode'] !== actor.districtCode) {
        throw new ForbiddenException({ error: 'forbidden', message: `${actor.role} (${String(actor.districtCode)}) may not read the ledger of district ${q['districtCode']}` });
      }
      q['districtCode'] = actor.districtCode!;
    }

    await this.readYourWrites.waitFor(['hazard-ledger'], q['minPosition']);
    const today = cstDate(this.clock());
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q['districtCode']) add('district_code = ?', q['districtCode']);
    if (actor.role === 'enterprise') add('enterprise_uscc = ?', actor.enterpriseUscc);
    if (q['sector']) add('sector = ?', q['sector']);
    if (q['grade']) add('grade = ?', q['grade']);
    if (q['status']) add('status = ?', q['status']);
    if (q['overdue'] !== undefined) {
      params.push(today);
      const overdue = `(status <> 'closed' AND deadline IS NOT NULL AND deadline < $${params.length}::date)`;
      where.push(q['overdue'] === 'true' ? overdue : `NOT ${overdue}`);
    }
    if (cursor) {
      params.push(cursor.at, cursor.id);
      where.push(`(discovered_at, hazard_id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    // One statement: the page (keyset: the (discovered_at, hazard_id) indexes, newest first; the list's
    // columns only, not the history) and the checkpoint the response reports, read in the same snapshot.
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT cp.checkpoints, cp.lowest, page.*
         FROM (${ReadYourWrites.checkpointSql(['hazard-ledger'])}) cp
         LEFT JOIN (SELECT ${LIST_COLUMNS} FROM hazard_ledger ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                     ORDER BY discovered_at DESC, hazard_id DESC LIMIT $${params.length}) page ON true
        ORDER BY page.discovered_at DESC, page.hazard_id DESC`,
      params,
    );
    const position = ReadYourWrites.positionOf(rows[0], 1);
    if (rows.length === 1 && rows[0]!['hazard_id'] === null) rows.length = 0;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      position,
      items: page.map((r) => toHazardView(r, today, false)),
      nextCursor: rows.length > limit && last ? encodeCursor((last['discovered_at'] as Date).toISOString(), String(last['hazard_id'])) : null,
    };
  }

  @Access({ roles: ['city_admin', 'auditor', 'inspector', 'district_supervisor', 'enterprise'], scope: 'resource' })
  @Get(':id')
  @ApiOperation({ summary: "One hazard's current state, with its plan and lifecycle history" })
  @ApiQuery({ name: 'minPosition', required: false })
  async one(
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
    @CurrentActor() actor: Actor,
    @Query('minPosition') minPosition?: string,
  ): Promise<Record<string, unknown>> {
    const position = await this.readYourWrites.positionAfter(['hazard-ledger'], minPosition);
    if (!UUID.test(id)) throw new NotFoundException({ error: 'not_found', message: `no hazard ${id}` });
    const rows: Record<string, unknown>[] = await this.ds.query('SELECT * FROM hazard_ledger WHERE hazard_id = $1', [id.toLowerCase()]);
    if (!rows[0]) throw new NotFoundException({ error: 'not_found', message: `no hazard ${id}` });
    requireInScope(actor, { districtCode: rows[0]['district_code'] as string, enterpriseUscc: rows[0]['enterprise_uscc'] as string }, `hazard ${id}`);
    // The stream revision, usable as If-Match on the hazard's next command.
    res.setHeader('ETag', `"${String(rows[0]['revision'])}"`);
    return { position, ...toHazardView(rows[0], cstDate(this.clock()), true) };
  }
}

function toHazardView(r: Record<string, unknown>, today: string, full: boolean): Record<string, unknown> {
  const deadline = (r['deadline'] as string | null) ?? null;
  const view: Record<string, unknown> = {
    hazardId: r['hazard_id'],
    enterpriseUscc: r['enterprise_uscc'],
    districtCode: r['district_code'],
    sector: r['sector'],
    grade: r['grade'],
    criterionCode: r['criterion_code'],
    channel: r['channel'],
    title: r['title'],
    status: r['status'],
    discoveredAt: toCstIso(r['discovered_at'] as Date),
    deadline,
    overdue: r['status'] !== 'closed' && deadline !== null && deadline < today,
    closedAt: toCstIsoOrNull(r['closed_at'] as Date | null),
    streamRevision: String(r['revision']),
  };
  if (full) {
    view['description'] = r['description'];
    view['plan'] = r['plan'];
    view['missedDeadlines'] = r['missed_deadlines'];
    view['history'] = r['history'];
  }
  return view;
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && isInstant(value[0]) && typeof value[1] === 'string' && UUID.test(value[1])) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    /* not base64 JSON: fall through */
  }
  return null;
}
