import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createDatabase, type Database } from '#database';
import { PostgresEventStore, Sealer, type EventStore } from '#event-store';
import { loadReferenceData, type ReferenceData } from '#reference-data';
import {
  allProjections,
  createReadModelDataSource,
  DeadlineWatcher,
  initialiseReadModels,
  ProjectionRunner,
  unknownReferenceCodes,
} from '#projections';
import { DEFAULT_POOL_SIZE, type ZhibenConfig } from './config.js';
import { resolveReporterKek } from './reporter-kek.js';
import { CLOCK, CONFIG, DATABASE, DEADLINE_WATCHER, EVENT_STORE, PROJECTION_RUNNER, READ_MODELS, REFERENCE_DATA, REPORTER_KEK, SEALER } from './tokens.js';

/**
 * The composition root shared by the api and the worker: configuration, the database (PostgreSQL,
 * one pool of `databasePoolSize` connections for the store and the read models, or embedded PGlite), the event store, the read-model DataSource (migrated on start), the
 * reference data (validated on start: a malformed seed stops start-up), the projection runner and
 * the deadline watcher and the sealer of the global order — started in this process when `workerInProcess` is set.
 */
@Global()
@Module({})
export class CoreModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Core');

  constructor(
    @Inject(CONFIG) private readonly config: ZhibenConfig,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(READ_MODELS) private readonly dataSource: DataSource,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(DEADLINE_WATCHER) private readonly watcher: DeadlineWatcher,
    @Inject(SEALER) private readonly sealer: Sealer,
  ) {}

  /** The module for a configuration; `runWorker` overrides `config.workerInProcess` (the worker app sets it). */
  static forRoot(config: ZhibenConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: () => new Date() },
        {
          provide: REPORTER_KEK,
          useFactory: () => {
            const kek = resolveReporterKek(config);
            if (kek.key === null) new Logger('Core').warn('REPORTER_KEK is not set: reports with a reporter identity are refused (503) in server mode');
            return kek;
          },
        },
        { provide: REFERENCE_DATA, useFactory: () => loadReferenceData(config.seedsDir) },
        // One pool per process, shared by the event store and the read models (createReadModelDataSource).
        {
          provide: DATABASE,
          useFactory: () =>
            createDatabase({
              databaseUrl: config.databaseUrl,
              dataDir: config.dataDir,
              pgliteImage: config.pgliteImage,
              pg: { poolSize: config.databasePoolSize ?? DEFAULT_POOL_SIZE, applicationName: config.databaseApplicationName ?? 'zhiben' },
            }),
        },
        {
          provide: READ_MODELS,
          inject: [DATABASE],
          useFactory: async (db: Database) => {
            const ds = createReadModelDataSource(db, config.databaseUrl);
            await initialiseReadModels(ds, db.kind);
            return ds;
          },
        },
        // The store's tables come with the first migration: depend on READ_MODELS so they exist.
        { provide: EVENT_STORE, inject: [DATABASE, READ_MODELS], useFactory: (db: Database) => new PostgresEventStore(db) },
        {
          provide: PROJECTION_RUNNER,
          inject: [EVENT_STORE, READ_MODELS, REFERENCE_DATA],
          // An event whose codes the reference data does not know is parked, not counted (issue 9, part 3).
          useFactory: (store: EventStore, ds: DataSource, reference: ReferenceData) =>
            new ProjectionRunner(store, ds, allProjections(), new Logger('Projections'), { check: (event) => unknownReferenceCodes(event, reference) }),
        },
        {
          provide: DEADLINE_WATCHER,
          inject: [EVENT_STORE, READ_MODELS, CLOCK],
          useFactory: (store: EventStore, ds: DataSource, clock: () => Date) =>
            new DeadlineWatcher(store, ds, clock, new Logger('DeadlineWatcher'), config.deadlineWatchIntervalMs),
        },
        {
          provide: SEALER,
          inject: [DATABASE, EVENT_STORE],
          useFactory: (db: Database, store: EventStore) =>
            new Sealer(db, store, {
              blockSize: config.sealBlockSize ?? 1000,
              idleMs: config.sealIdleMs ?? 30_000,
              onError: (error) => new Logger('Sealer').error(error instanceof Error ? error.message : String(error)),
            }),
        },
      ],
      exports: [CONFIG, CLOCK, REPORTER_KEK, REFERENCE_DATA, DATABASE, READ_MODELS, EVENT_STORE, PROJECTION_RUNNER, DEADLINE_WATCHER, SEALER],
    };
  }

  /** Starts the projections and the deadline watcher when this process runs the worker. */
  async onApplicationBootstrap(): Promise<void> {
    await this.runner.registerCheckpoints();
    if (!this.config.workerInProcess) return;
    await this.runner.start();
    this.watcher.start();
    this.sealer.start();
    this.logger.log(`worker running in process (${this.db.kind})`);
  }

  /** Stops the worker, then closes the read models and the database, in that order. */
  async onApplicationShutdown(): Promise<void> {
    await this.sealer.stop();
    await this.watcher.stop();
    await this.runner.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.db.close();
    this.logger.log('stopped: worker, read models and database closed');
  }
}
