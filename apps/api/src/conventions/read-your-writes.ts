import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CONFIG, PROJECTION_RUNNER, READ_MODELS, type ZhibenConfig } from '#bootstrap';
import type { ProjectionRunner } from '#projections';
import { validationError } from './validation.js';

/**
 * Read-your-writes for queries: `minPosition` makes a query wait until its read models have read
 * that far (up to `minPositionTimeoutMs`, 5 s by default), then 503 with `Retry-After`.
 *
 * The checkpoints a response reports are read in ONE statement however many read models the route
 * reads (`/targets` and `/scoreboard` read ten: they cost 27 sequential statements before).
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(CONFIG) private readonly config: ZhibenConfig,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
  ) {}

  /**
   * Waits for `minPosition` (a decimal string, or undefined for no wait) on the named projections,
   * then returns the lowest of their checkpoints — the `position` the response reports ('0' when
   * one of them has no checkpoint yet).
   * @throws BadRequestException for a malformed minPosition; HttpException 503 on time-out
   */
  async positionAfter(projections: readonly string[], minPosition: string | undefined): Promise<string> {
    await this.waitFor(projections, minPosition);
    const names = [...new Set(projections)];
    const rows: { checkpoints: string; lowest: string | null }[] = await this.readModels.query(
      'SELECT count(*) AS checkpoints, min(position)::text AS lowest FROM projection_checkpoints WHERE name = ANY($1::text[])',
      [names],
    );
    return ReadYourWrites.positionOf(rows[0], names.length);
  }

  /**
   * Waits for `minPosition` (a decimal string, or undefined for no wait) on the named projections;
   * for a route that reads the checkpoints in its own statement ({@link checkpointSql}).
   * @throws BadRequestException for a malformed minPosition; HttpException 503 on time-out
   */
  async waitFor(projections: readonly string[], minPosition: string | undefined): Promise<void> {
    if (minPosition === undefined) return;
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

  /**
   * A one-row subquery `(checkpoints, lowest)` over the named projections' checkpoints, to join into
   * a route's own statement (one round trip instead of two); {@link positionOf} reads its row. The
   * names are the code's projection names (quoted as SQL literals).
   */
  static checkpointSql(projections: readonly string[]): string {
    const names = [...new Set(projections)].map((n) => `'${n.replaceAll("'", "''")}'`).join(', ');
    return `SELECT count(*) AS checkpoints, min(position)::text AS lowest FROM projection_checkpoints WHERE name IN (${names})`;
  }

  /**
   * The position a response reports from a checkpoint row (`checkpoints`, `lowest`): the lowest
   * checkpoint of the `projections` named, '0' when one of them has none yet.
   */
  static positionOf(row: { checkpoints?: unknown; lowest?: unknown } | undefined, projections: number): string {
    return Number(row?.checkpoints ?? 0) < projections ? '0' : ((row?.lowest as string | null | undefined) ?? '0');
  }

  /** Those of `projections` that have a checkpoint (are registered), in the order given; one statement. */
  async registered(projections: readonly string[]): Promise<string[]> {
    const rows: { name: string }[] = await this.readModels.query('SELECT name FROM projection_checkpoints WHERE name = ANY($1::text[])', [[...projections]]);
    const known = new Set(rows.map((r) => r.name));
    return projections.filter((name) => known.has(name));
  }
}
