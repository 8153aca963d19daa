import { ConsoleLogger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';
import { Transform } from 'class-transformer';
import path from 'node:path';
import { parseRateLimit, parseTrustProxy, type RateLimit, type TrustProxy } from './abuse-limits.js';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** Connections per process when `DATABASE_POOL_SIZE` is unset (README "Connections"). */
export const DEFAULT_POOL_SIZE = 5;
/** The fewest connections a process can start with: migrations run on one while another holds the migration lock. */
export const MIN_POOL_SIZE = 2;
/** The most connections one process may ask for. */
export const MAX_POOL_SIZE = 100;

/** The environment variables Zhiben reads (README "Configuration" lists them). */
class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  @IsOptional() @IsString()
  DATABASE_URL?: string;

  // The range is checked in loadConfig, so that a non-number gets one message, not three.
  @IsOptional() @Transform(toInt)
  @IsInt({ message: `DATABASE_POOL_SIZE must be a whole number of connections from ${MIN_POOL_SIZE} to ${MAX_POOL_SIZE}` })
  DATABASE_POOL_SIZE?: number;

  @IsOptional() @IsString() @Matches(/^[\x20-\x7e]{1,63}$/, { message: 'DATABASE_APPLICATION_NAME must be 1 to 63 printable ASCII characters' })
  DATABASE_APPLICATION_NAME?: string;

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

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  SEAL_BLOCK_SIZE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0)
  SEAL_IDLE_MS?: number;

  @IsOptional() @IsString()
  REPORTER_KEK?: string;

  @IsOptional() @IsString()
  REPORT_RATE_LIMIT?: string;

  @IsOptional() @IsString()
  TRUST_PROXY?: string;

  @IsOptional() @IsString()
  AUTH_JWT_SECRET?: string;

  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  AUTH_JWKS_URL?: string;

  @IsOptional() @IsString()
  AUTH_ISSUER?: string;

  @IsOptional() @IsString()
  AUTH_AUDIENCE?: string;
}

/** The resolved configuration. */
export interface ZhibenConfig {
  /** HTTP port (default 3000). */
  port: number;
  /** Where embedded PGlite keeps its files (default ./data); `memory://` keeps them in memory. */
  dataDir: string;
  /** PostgreSQL URL: server mode when set, embedded PGlite otherwise. */
  databaseUrl: string | undefined;
  /**
   * Server mode: the most PostgreSQL connections this process opens, event store and read models
   * together (`DATABASE_POOL_SIZE`, default {@link DEFAULT_POOL_SIZE}, {@link MIN_POOL_SIZE}–{@link MAX_POOL_SIZE}).
   */
  databasePoolSize: number;
  /** Server mode: `application_name` of this process's connections in `pg_stat_activity` (`DATABASE_APPLICATION_NAME`, default `zhiben`). */
  databaseApplicationName: string;
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
  /** Positions per sealed block of the global order (`SEAL_BLOCK_SIZE`, default 1 000). */
  sealBlockSize?: number;
  /** A partial block is sealed after this many ms without a new event (`SEAL_IDLE_MS`, default 30 000). */
  sealIdleMs?: number;
  /**
   * The key-encryption key of reporters' identities (`REPORTER_KEK`, 32 bytes in base64). Unset: the
   * embedded mode keeps a generated one in `DATA_DIR/reporter-kek` (see `resolveReporterKek`).
   */
  reporterKek?: string | undefined;
  /** Public report submissions per client address (`REPORT_RATE_LIMIT`, default 10/minute); null: no limit. */
  reportRateLimit?: RateLimit | null;
  /** Express's `trust proxy` (`TRUST_PROXY`): whether `X-Forwarded-For` names the client (default false). */
  trustProxy?: TrustProxy;
  /**
   * The shared HS256 key of bearer tokens (`AUTH_JWT_SECRET`, base64 of at least 32 bytes). Unset and
   * no JWKS: the embedded mode keeps a generated one in `DATA_DIR/jwt-secret` (see `resolveJwtKey`).
   */
  authJwtSecret?: string | undefined;
  /** An identity provider's public key set (`AUTH_JWKS_URL`); tokens are then verified against it. */
  authJwksUrl?: string | undefined;
  /** Required `iss` of tokens (`AUTH_ISSUER`), when set. */
  authIssuer?: string | undefined;
  /** Required `aud` of tokens (`AUTH_AUDIENCE`), when set. */
  authAudience?: string | undefined;
  /**
   * Set by code, never from the environment: with `dataDir` `memory://`, PGlite starts from this data
   * directory image (the test harness hands in a migrated empty schema, so each test app skips initdb
   * and the migrations).
   */
  pgliteImage?: Blob;
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
  const poolSize = parsed.DATABASE_POOL_SIZE;
  if (poolSize !== undefined && poolSize < MIN_POOL_SIZE) {
    throw new Error(`invalid configuration: DATABASE_POOL_SIZE (must be at least ${MIN_POOL_SIZE}: start-up migrates on one connection while holding a lock on another)`);
  }
  if (poolSize !== undefined && poolSize > MAX_POOL_SIZE) {
    throw new Error(`invalid configuration: DATABASE_POOL_SIZE (must be at most ${MAX_POOL_SIZE}: PostgreSQL's default max_connections is 100 for every process together)`);
  }
  if (parsed.REPORTER_KEK && !isKek(parsed.REPORTER_KEK)) {
    // The value is a secret: the message does not repeat it.
    throw new Error('invalid configuration: REPORTER_KEK (must be 32 bytes in base64, e.g. `openssl rand -base64 32`)');
  }
  if (parsed.AUTH_JWT_SECRET && !isJwtSecret(parsed.AUTH_JWT_SECRET)) {
    throw new Error('invalid configuration: AUTH_JWT_SECRET (must be at least 32 bytes in base64, e.g. `openssl rand -base64 32`)');
  }
  return {
    port: parsed.PORT ?? 3000,
    dataDir: parsed.DATA_DIR ?? path.resolve('data'),
    databaseUrl: parsed.DATABASE_URL || undefined,
    databasePoolSize: parsed.DATABASE_POOL_SIZE ?? DEFAULT_POOL_SIZE,
    databaseApplicationName: parsed.DATABASE_APPLICATION_NAME || 'zhiben',
    seedsDir: parsed.SEEDS_DIR || undefined,
    workerInProcess: parsed.WORKER_IN_PROCESS ?? true,
    deadlineWatchIntervalMs: parsed.DEADLINE_WATCH_INTERVAL_MS ?? 60_000,
    minPositionTimeoutMs: parsed.MIN_POSITION_TIMEOUT_MS ?? 5_000,
    logLevel: parsed.LOG_LEVEL ?? 'log',
    sealBlockSize: parsed.SEAL_BLOCK_SIZE ?? 1000,
    sealIdleMs: parsed.SEAL_IDLE_MS ?? 30_000,
    reporterKek: parsed.REPORTER_KEK || undefined,
    reportRateLimit: parseRateLimit(parsed.REPORT_RATE_LIMIT),
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    authJwtSecret: parsed.AUTH_JWT_SECRET || undefined,
    authJwksUrl: parsed.AUTH_JWKS_URL || undefined,
    authIssuer: parsed.AUTH_ISSUER || undefined,
    authAudience: parsed.AUTH_AUDIENCE || undefined,
    ...overrides,
  };
}

/** True for a 32-byte key written in canonical base64 (44 characters). */
export function isKek(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/** True for a shared token key written in base64 (standard or url-safe, padded or not) of at least 32 bytes. */
export function isJwtSecret(value: string): boolean {
  return /^[A-Za-z0-9+/_-]{43,}={0,2}$/.test(value) && Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64').length >= 32;
}

/**
 * The configuration of a process that is starting (the api, the worker): `loadConfig()`, or, when a
 * variable is bad, one line naming it on stderr (as `context`) and exit code 2 — not a stack trace.
 * @param check what this process needs of the configuration beyond its validity (e.g. the api: a way
 *   to verify tokens in server mode); it throws an Error whose message is that one line
 */
export function loadConfigOrExit(context: string, check: (config: ZhibenConfig) => void = () => undefined): ZhibenConfig {
  try {
    const config = loadConfig();
    check(config);
    return config;
  } catch (error) {
    new ConsoleLogger(context, { colors: process.stderr.isTTY === true }).error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}
