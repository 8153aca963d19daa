import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONFIG, DATABASE, EVENT_STORE, PROJECTION_RUNNER, type ZhibenConfig } from '#bootstrap';
import type { Database } from '#database';
import type { EventStore } from '#event-store';
import type { ProjectionRunner } from '#projections';
import { Public } from '#auth';

/** `GET /health`: 200 when the store and the read models answer; reports each projection's lag. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONFIG) private readonly config: ZhibenConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Store and read models reachable; projection lag in events' })
  async health() {
    try {
      const head = await this.store.headPosition();
      const projections = (await this.runner.status()).map((p) => ({
        name: p.name,
        position: p.position.toString(),
        lag: (head > p.position ? head - p.position : 0n).toString(),
        lastError: p.lastError,
      }));
      return {
        status: 'ok',
        mode: this.db.kind === 'pglite' ? 'embedded' : 'server',
        workerInProcess: this.config.workerInProcess,
        headPosition: head.toString(),
        projections,
      };
    } catch (error) {
      throw new HttpException(
        { error: 'unavailable', message: `store or read models unreachable: ${error instanceof Error ? error.message : String(error)}` },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
  }
}
