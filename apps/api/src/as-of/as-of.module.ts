import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_STORE, READ_MODELS, REFERENCE_DATA } from '#bootstrap';
import type { EventStore } from '#event-store';
import { AsOfViews, unknownReferenceCodes } from '#projections';
import type { ReferenceData } from '#reference-data';
import { AsOfResolver } from './as-of.resolver.js';
import { AS_OF_VIEWS } from './as-of.tokens.js';

/** Positions between read-model snapshots saved by the replay asOf falls back to where the row-version history does not reach: `AS_OF_SNAPSHOT_EVERY` (default 10,000: at ~1,000–1,500 replayed events/s such an asOf replays at most ≈7–10 s after restoring a snapshot; 0 saves none). */
function snapshotEvery(): number {
  const text = process.env['AS_OF_SNAPSHOT_EVERY'];
  const n = text === undefined || text === '' ? 10_000 : Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error('invalid configuration: AS_OF_SNAPSHOT_EVERY (must be a non-negative integer)');
  return n;
}

/** `asOf` on the statistics routes: the views of the read models at past positions, shared by every controller. */
@Global()
@Module({
  providers: [
    {
      provide: AS_OF_VIEWS,
      inject: [EVENT_STORE, READ_MODELS, REFERENCE_DATA],
      // A replay leaves out what the runner parks: events whose codes the reference data does not know.
      useFactory: (store: EventStore, live: DataSource, reference: ReferenceData) =>
        new AsOfViews(store, live, { snapshotEvery: snapshotEvery(), check: (event) => unknownReferenceCodes(event, reference) }),
    },
    AsOfResolver,
  ],
  exports: [AsOfResolver],
})
export class AsOfModule implements OnApplicationShutdown {
  constructor(@Inject(AS_OF_VIEWS) private readonly views: AsOfViews) {}

  /** Closes the cached scratch databases. */
  async onApplicationShutdown(): Promise<void> {
    await this.views.close();
  }
}
