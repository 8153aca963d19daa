import { DataSource, type EntitySchema } from 'typeorm';
import type { Database } from '#database';
import { PgDatabase, pgliteTypeormDriver, pgTypeormDriver, type PgliteDatabase } from '#database';
import { installReadModelVersioning } from './as-of/read-model-versioning.js';
import { ProjectionCheckpoint } from './runner/projection-checkpoint.entity.js';
import { HazardLedgerRow } from './hazard-ledger/hazard-ledger.entity.js';
import {
  HazardFigureClosure,
  HazardFigureDeadline,
  HazardFigureHazard,
  HazardFigureMeasure,
} from './hazard-figures/hazard-figures.entities.js';
import { EnterpriseProfileHazard, EnterpriseProfileRow } from './enterprise-profile/enterprise-profile.entity.js';
import { IdempotencyKeyRow } from './idempotency/idempotency-key.entity.js';
import { InitialSchema1764400000000 } from './migrations/1764400000000-initial-schema.js';
import { AccidentRegisterRow, AccidentTollRow } from './accident-register/accident-register.entities.js';
import { Accidents1764600000000 } from './migrations/1764600000000-accidents.js';
import { DrillFigureDrill, DrillFigureEnterprise } from './drill-figures/drill-figures.entities.js';
import { DrillFigures1764500000000 } from './migrations/1764500000000-drill-figures.js';
import { RescueFigureDistribution, RescueFigureTeam } from './rescue-figures/rescue-figures.entities.js';
import { RescueFigures1765100000000 } from './migrations/1765100000000-rescue-figures.js';
import { EngineeringElevatorCheck, EngineeringProgress } from './engineering-figures/engineering-figures.entities.js';
import { EngineeringFigures1765300000000 } from './migrations/1765300000000-engineering-figures.js';
import { StandardizationFigureEnterprise, StandardizationFigureGrade } from './standardization-figures/standardization-figures.entities.js';
import { StandardizationFigures1764800000000 } from './migrations/1764800000000-standardization-figures.js';
import { TrainingFigureCertificate, TrainingFigureEnterprise, TrainingFigureTraining } from './training-figures/training-figures.entities.js';
import { TrainingFigures1764700000000 } from './migrations/1764700000000-training-figures.js';
import { EnforcementFigureAction, EnforcementFigureInspection } from './enforcement-figures/enforcement-figures.entities.js';
import { EnforcementFigures1764900000000 } from './migrations/1764900000000-enforcement-figures.js';
import { InspectionFigureEnterprise, InspectionFigureInspection } from './inspection-figures/inspection-figures.entities.js';
import { InspectionFigures1765000000000 } from './migrations/1765000000000-inspection-figures.js';
import { PublicityFigureHall, PublicityFigureLecture, PublicityFigureSite } from './publicity-figures/publicity-figures.entities.js';
import { PublicityFigures1765200000000 } from './migrations/1765200000000-publicity-figures.js';
import { KeyTaskCompletionRow, KeyTaskMeasurementRow, KeyTaskReportRow } from './key-task-progress/key-task-progress.entities.js';
import { KeyTaskProgress1765500000000 } from './migrations/1765500000000-key-task-progress.js';
import { AsOfSnapshots1766000000000 } from './migrations/1766000000000-as-of-snapshots.js';
import { ReportRegisterRow } from './report-register/report-register.entity.js';
import { Reports1765400000000 } from './migrations/1765400000000-reports.js';
import { AuditIndexes1765900000000 } from './migrations/1765900000000-audit-indexes.js';
import { StoreSeals1765800000000 } from './migrations/1765800000000-store-seals.js';
import { ReadModelVersioning1766100000000 } from './migrations/1766100000000-read-model-versioning.js';
import { ParkedEvents1766300000000 } from './migrations/1766300000000-parked-events.js';

/** Every read-model entity. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const READ_MODEL_ENTITIES: (Function | EntitySchema)[] = [
  ProjectionCheckpoint,
  HazardLedgerRow,
  HazardFigureHazard,
  HazardFigureClosure,
  HazardFigureDeadline,
  HazardFigureMeasure,
  EnterpriseProfileRow,
  EnterpriseProfileHazard,
  IdempotencyKeyRow,
  AccidentRegisterRow,
  AccidentTollRow,
  DrillFigureDrill,
  DrillFigureEnterprise,
  RescueFigureTeam,
  RescueFigureDistribution,
  EngineeringElevatorCheck,
  EngineeringProgress,
  StandardizationFigureEnterprise,
  StandardizationFigureGrade,
  TrainingFigureTraining,
  TrainingFigureCertificate,
  TrainingFigureEnterprise,
  EnforcementFigureInspection,
  EnforcementFigureAction,
  InspectionFigureInspection,
  InspectionFigureEnterprise,
  PublicityFigureLecture,
  PublicityFigureSite,
  PublicityFigureHall,
  KeyTaskReportRow,
  KeyTaskCompletionRow,
  KeyTaskMeasurementRow,
  ReportRegisterRow,
];

/** The schema's migrations, in order. */
export const MIGRATIONS = [InitialSchema1764400000000, DrillFigures1764500000000, Accidents1764600000000, TrainingFigures1764700000000, StandardizationFigures1764800000000, EnforcementFigures1764900000000, InspectionFigures1765000000000, RescueFigures1765100000000, PublicityFigures1765200000000, EngineeringFigures1765300000000, Reports1765400000000, KeyTaskProgress1765500000000, StoreSeals1765800000000, AuditIndexes1765900000000, AsOfSnapshots1766000000000, ReadModelVersioning1766100000000, ParkedEvents1766300000000];

/**
 * A TypeORM DataSource over the same database as the event store, on the store's own connections:
 * on PostgreSQL the `PgDatabase`'s pool, lent (`pgTypeormDriver`: one pool per process, sized by
 * `DATABASE_POOL_SIZE`, with the store's type parsers, `application_name` and `search_path`); on PGlite
 * the one shared connection (through `pgliteTypeormDriver`, which keeps a TypeORM transaction
 * exclusive). Schema comes from migrations, never `synchronize`. Destroying the DataSource leaves the
 * pool open: `db.close()` ends it.
 * @param _databaseUrl ignored (the connections are `db`'s); kept so existing callers compile
 * @throws Error when `db` is a PostgreSQL database other than a `PgDatabase` (no pool to share)
 */
export function createReadModelDataSource(db: Database, _databaseUrl?: string): DataSource {
  const common = {
    type: 'postgres' as const,
    entities: READ_MODEL_ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'all' as const,
  };
  if (db.kind === 'pglite') {
    return new DataSource({ ...common, driver: pgliteTypeormDriver(db as PgliteDatabase) });
  }
  if (!(db instanceof PgDatabase)) throw new Error('createReadModelDataSource: a PostgreSQL database must be a PgDatabase (its pool is shared)');
  return new DataSource({ ...common, driver: pgTypeormDriver(db) });
}

/**
 * Initialises the DataSource, runs pending migrations and then (unless `versioning: false`) generates
 * the read models' row-version history ({@link installReadModelVersioning}). On PostgreSQL an advisory
 * lock makes replicas starting together do both once (PGlite has one connection and one process).
 * @param options.versioning false for scratch databases that only replay (as-of replays, the migrated image)
 */
export async function initialiseReadModels(ds: DataSource, kind: Database['kind'], options: { versioning?: boolean } = {}): Promise<void> {
  if (!ds.isInitialized) await ds.initialize();
  const migrate = async () => {
    await ds.runMigrations({ transaction: 'all' });
    if (options.versioning !== false) await installReadModelVersioning(ds);
  };
  if (kind === 'pglite') {
    await migrate();
    return;
  }
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(7283640021)');
    try {
      await migrate();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(7283640021)');
    }
  } finally {
    await runner.release();
  }
}
