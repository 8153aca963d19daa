import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';
import { Transform } from 'class-transformer';
import path from 'node:path';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The environment variables Zhiben reads (README "Configuration" lists them). */
class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  @IsOptional() @IsString()
  DATABASE_URL?: string;

  @IsOptional() @IsString()
  SEEDS_DIR?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  WORKER_IN_PROCESS?: boolean;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1000)
  DEADLINE_WATCH_INTERVAL_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(60000)
  MIN_POSITION_TIMEOUT_MS?: number;

  @IsOptional() @IsString()
  LOG_LEVEL?: string;

  @IsOptional() @IsString()
  REPORTER_KEK?: string;
}

/** The resolved configuration. */
export interface ZhibenConfig {
  /** HTTP port (default 3000). */
  port: number;
  /** Where embedded PGlite keeps its files (default ./data); `memory://` keeps them in memory. */
  dataDir: string;
  /** PostgreSQL URL: server mode when set, embedded PGlite otherwise. */
  databaseUrl: string | undefined;
  /** Reference data folder (default: the repo's seeds/). */
  seedsDir: string | undefined;
  /** Run the projection runner and deadline watcher inside this process (default true). */
  workerInProcess: boolean;
  /** Deadline watcher period in ms (default 60 000). */
  deadlineWatchIntervalMs: number;
  /** How long a query with `minPosition` waits for its read model, in ms (default 5 000). */
  minPositionTimeoutMs: number;
  /** Nest log levels up to this one: error | warn | log | debug | verbose (default log). */
  logLevel: string;
  /**
   * The key-encryption key of reporters' identities (`REPORTER_KEK`, 32 bytes in base64). Unset: the
   * embedded mode keeps a generated one in `DATA_DIR/reporter-kek` (see `resolveReporterKek`).
   */
  reporterKek?: string | undefined;
}

/**
 * Reads and validates the configuration from an environment (default `process.env`).
 * @throws Error naming every invalid variable
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<ZhibenConfig> = {}): ZhibenConfig {
  const parsed = plainToInstance(EnvironmentVariables, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(parsed, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    throw new Error(`invalid configuration: ${errors.map((e) => `${e.property} (${Object.values(e.constraints ?? {}).join('; ')})`).join(', ')}`);
  }
  if (parsed.REPORTER_KEK && !isKek(parsed.REPORTER_KEK)) {
    // The value is a secret: the message does not repeat it.
    throw new Error('invalid configuration: REPORTER_KEK (must be 32 bytes in base64, e.g. `openssl rand -base64 32`)');
  }
  return {
    port: parsed.PORT ?? 3000,
    dataDir: parsed.DATA_DIR ?? path.resolve('data'),
    databaseUrl: parsed.DATABASE_URL || undefined,
    seedsDir: parsed.SEEDS_DIR || undefined,
    workerInProcess: parsed.WORKER_IN_PROCESS ?? true,
    deadlineWatchIntervalMs: parsed.DEADLINE_WATCH_INTERVAL_MS ?? 60_000,
    minPositionTimeoutMs: parsed.MIN_POSITION_TIMEOUT_MS ?? 5_000,
    logLevel: parsed.LOG_LEVEL ?? 'log',
    reporterKek: parsed.REPORTER_KEK || undefined,
    ...overrides,
  };
}

/** True for a 32-byte key written in canonical base64 (44 characters). */
export function isKek(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(value) && Buffer.from(value, 'base64').length === 32;
}
