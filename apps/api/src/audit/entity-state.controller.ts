import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '#auth';
import { CLOCK, EVENT_STORE } from '#bootstrap';
import { enterpriseDecider, enterpriseStreamId, hazardDecider, hazardStreamId, isValidUscc, type Decider } from '#domain';
import type { AsOf, EventStore, PostgresAuditLog } from '#event-store';
import { toCstIso } from '../conventions/cst-time.js';
import { AUDIT_LOG } from './audit-log.provider.js';
import { toAuditEventView } from './audit-event.view.js';
import { parseAsOf } from './audit-query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AS_OF_DOC =
  'a global position (digits: the events at or before it) or an ISO-8601 time with an offset (the events the store had recorded by then, recordedAt ≤ t — what the system knew, not when the facts happened); default: now';

/**
 * A hazard's or an enterprise's state as it stood at a time or a position: the stream's events
 * recorded up to that point, folded with the domain's own `evolve` (the deciders of `#domain`), so the
 * state is exactly the one a command would have been judged against then.
 */
@ApiTags('audit')
@Access({ roles: ['auditor', 'city_admin'], scope: 'none' })
@Controller('api/v1/audit')
export class EntityStateController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_LOG) private readonly log: PostgresAuditLog,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  /**
   * `GET /api/v1/audit/hazards/{id}/state?asOf=`: `{ hazardId, asOf, state, revision, position, recordedAt, lastEvent }`;
   * `state` is the domain's `{ status: 'none' }` when nothing was recorded by then.
   * @throws NotFoundException (404) for a hazard never reported
   */
  @Get('hazards/:id/state')
  @ApiOperation({ summary: "A hazard's state as it stood at a time or position, folded by the hazard decider's evolve" })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DOC })
  async hazard(@Param('id') id: string, @Query('asOf') asOfRaw?: unknown) {
    const asOf = parseAsOf(asOfRaw);
    if (!UUID.test(id)) throw new NotFoundException({ error: 'not_found', message: `no hazard ${id}` });
    const hazardId = id.toLowerCase();
    return { hazardId, ...(await this.fold(hazardStreamId(hazardId), hazardDecider, asOf, `no hazard ${id}`)) };
  }

  /**
   * `GET /api/v1/audit/enterprises/{uscc}/state?asOf=`: as for hazards; `{ status: 'unregistered' }` before registration.
   * @throws NotFoundException (404) for an enterprise never registered
   */
  @Get('enterprises/:uscc/state')
  @ApiOperation({ summary: "An enterprise's state as it stood at a time or position, folded by the enterprise decider's evolve" })
  @ApiQuery({ name: 'asOf', required: false, description: AS_OF_DOC })
  async enterprise(@Param('uscc') uscc: string, @Query('asOf') asOfRaw?: unknown) {
    const asOf = parseAsOf(asOfRaw);
    if (!isValidUscc(uscc)) throw new NotFoundException({ error: 'not_found', message: `no enterprise ${uscc}` });
    return { uscc, ...(await this.fold(enterpriseStreamId(uscc), enterpriseDecider, asOf, `no enterprise ${uscc}`)) };
  }

  private async fold<C, S, E>(streamId: string, decider: Decider<C, S, E>, asOf: AsOf | null, missing: string) {
    if ((await this.store.streamRevision(streamId)) === null) throw new NotFoundException({ error: 'not_found', message: missing });
    const point: AsOf = asOf ?? { recordedAt: this.clock() };
    const known = await this.log.streamAsOf(streamId, point);
    // The stored type and data are the domain event: evolve judges them exactly as the command handler does.
    const state = known.map((e) => ({ type: e.type, data: e.data }) as unknown as E).reduce(decider.evolve, decider.initialState);
    const last = known[known.length - 1];
    return {
      streamId,
      asOf: 'position' in point ? { position: point.position.toString() } : { recordedAt: toCstIso(point.recordedAt) },
      state,
      /** The stream revision, global position and recording time the state reflects (`null`: nothing recorded by then). */
      revision: last ? last.revision.toString() : null,
      position: last ? last.position.toString() : null,
      recordedAt: last ? toCstIso(last.recordedAt) : null,
      lastEvent: last ? toAuditEventView(last) : null,
    };
  }
}
