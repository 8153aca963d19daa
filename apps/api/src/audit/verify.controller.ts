import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '#auth';
import { DATABASE, EVENT_STORE } from '#bootstrap';
import type { Database } from '#database';
import { verifyStore, type EventStore, type StoreVerification } from '#event-store';

/**
 * `GET /api/v1/audit/verify`: recomputes every stream's hash chain and every block seal of the store
 * and answers `{ ok, problem, problems, eventsChecked, …, lastSeal }` (`StoreVerification`), naming the
 * first event or block that does not match (kind: data_changed, event_missing, event_inserted,
 * order_changed, seal_broken) and where (stream, revision, position, block). 200 whether or not the
 * store verifies; reads the whole store, so it takes time on a large one.
 */
@ApiTags('audit')
@Controller('api/v1/audit/verify')
export class VerifyController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Access({ roles: ['auditor', 'city_admin'], scope: 'none' })
  @ApiOperation({ summary: 'Verify the hash chains and block seals of the whole store' })
  async verify(): Promise<StoreVerification> {
    return verifyStore(this.db, this.store);
  }
}
