/**
 * A migrated, empty PostgreSQL template database for tests: a test's fresh database is a copy of it
 * (`CREATE DATABASE … TEMPLATE`), so it skips the migrations and the row-version generation that each
 * app start or test store would otherwise run. Its name carries the key of the schema's source
 * (`migratedImageKey`), so a changed migration never reuses a stale template. Not exported from the
 * library's index: only tests import it.
 */
import pg from 'pg';
import { assertTestDatabase, PgDatabase } from '#database';
import { createReadModelDataSource, initialiseReadModels } from '../data-source.js';
import { migratedImageKey } from './migrated-image.js';

/** The advisory lock the template's builders take (one builds; the others wait, then copy). */
const TEMPLATE_LOCK = 7283640099;
/** Templates of other source versions older than this are dropped when a new one is built. */
const STALE_AFTER_MS = 60 * 60 * 1000;

const built = new Map<string, Promise<string>>();

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function build(adminUrl: string, admin: pg.Client, template: string): Promise<void> {
  const building = `${template}_building`;
  await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${building}`);
  const db = new PgDatabase(withDatabase(adminUrl, building), { poolSize: 2, applicationName: 'zhiben-test-template' });
  const ds = createReadModelDataSource(db);
  try {
    await initialiseReadModels(ds, 'postgres');
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.close();
  }
  await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
  // When it was made, by the server's clock (as an ISO timestamp comment the stale check compares).
  const made = (await admin.query<{ at: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at`)).rows[0]!.at;
  await admin.query(`COMMENT ON DATABASE ${template} IS '${made}'`);
  // Templates of earlier source versions, once nobody can still be copying them.
  const stale: { datname: string }[] = (
    await admin.query(
      `SELECT datname FROM pg_database d WHERE datname LIKE 'zhiben\\_tmpl\\_test\\_%' AND datname <> $1 AND datname NOT LIKE '%\\_building'
          AND coalesce(shobj_description(d.oid, 'pg_database'), '') < to_char((now() - $2 * interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
      [template, STALE_AFTER_MS],
    )
  ).rows;
  for (const { datname } of stale) await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
}

/**
 * The name of the migrated template on the server of `adminUrl`, building it first if this source
 * version has none (under an advisory lock: parallel test workers build it once).
 * @throws Error when `adminUrl`'s database name lacks `test`; the server's error when building fails
 */
export function migratedTemplate(adminUrl: string): Promise<string> {
  assertTestDatabase(adminUrl);
  const template = `zhiben_tmpl_test_${migratedImageKey().slice(0, 16)}`;
  const key = `${adminUrl} ${template}`;
  let pending = built.get(key);
  if (pending === undefined) {
    pending = (async () => {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
        const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount === 1;
        if (!exists) await build(adminUrl, admin, template);
        return template;
      } finally {
        await admin.end();
      }
    })();
    built.set(key, pending);
    pending.catch(() => built.delete(key));
  }
  return pending;
}

/**
 * Creates the database `name` on the server of `adminUrl` as a copy of the migrated template.
 * @throws Error when a name lacks `test`; the server's error when it cannot create it
 */
export async function createMigratedTestDatabase(adminUrl: string, name: string): Promise<string> {
  const url = withDatabase(adminUrl, name);
  assertTestDatabase(url);
  const template = await migratedTemplate(adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return url;
}
