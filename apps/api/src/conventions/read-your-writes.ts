import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CONFIG, PROJECTION_RUNNER, type ZhibenConfig } from '#bootstrap';
import type { ProjectionRunner } from '#projections';
import { validationError } from './validation.js';

/**
 * Read-your-writes for queries: `minPosition` makes a query wait until its read models have read
 * that far (up to `minPositionTimeoutMs`, 5 s by default), then 503 with `Retry-After`.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(CONFIG) private readonly config: ZhibenConfig,
  ) {}

  /**
   * Waits for `minPosition` (a decimal string, or undefined for no wait) on the named projections,
   * then returns the lowest of their positions — the `position` the response reports.
   * @throws BadRequestException for a malformed minPosition; HttpException 503 on time-out
   */
  async positionAfter(projections: readonly string[], minPosition: string | undefined): Promise<string> {
    if (minPosition !== undefined) {
      if (!/^\d{1,19}$/.test(minPosition)) {
        throw validationError([{ path: 'minPosition', message: 'minPosition must be a global position (a non-negative integer)' }]);
      }
      const reached = await this.runner.waitFor(projections, BigInt(minPosition), this.config.minPositionTimeoutMs);
      if (!reached) {
        throw new HttpException(
          { error: 'not_caught_up', message: `the read model has not reached position ${minPosition} yet; retry` },
          HttpStatus.SERVICE_UNAVAILABLE,
          { cause: 'retry-after' },
        );
      }
    }
    let lowest: bigint | null = null;
    for (const name of projections) {
      const p = await this.runner.position(name);
      if (lowest === null || p < lowest) lowest = p;
    }
    return (lowest ?? 0n).toString();
  }
}
