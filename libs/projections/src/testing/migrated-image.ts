/**
 * The data directory of an in-memory PGlite that holds the whole schema (event store, every read-model
 * migration, the row-version history) and no rows, for tests: an app or a test store starts from a
 * copy (`loadDataDir`) instead of running initdb and every migration again — a second or less instead
 * of several on these machines. Built once per source tree and kept in the OS temp directory, keyed
 * by a hash of the source that shapes the schema, so a changed migration, entity or generator never
 * reuses a stale image. Not exported from the library's index: only tests import it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgliteDatabase } from '#database';
import { createReadModelDataSource, initialiseReadModels } from '../data-source.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The folders whose source shapes the schema (their specs excepted). */
const SCHEMA_SOURCES = ['libs/projections/src', 'libs/event-store/src', 'libs/database/src'];

let image: Promise<Blob> | null = null;

/** Every non-spec `.ts` file under `dir`, sorted, as paths relative to the repository root. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

let key: string | null = null;

/**
 * The key of the image: sha256 over the schema's source files (path and content) and the PGlite
 * version, hex. Read once per process (every test database asks for it).
 */
export function migratedImageKey(): string {
  key ??= hashSchemaSources();
  return key;
}

function hashSchemaSources(): string {
  const hash = createHash('sha256');
  const pglite = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  hash.update(`pglite ${pglite.version}\n`);
  for (const file of SCHEMA_SOURCES.flatMap(sourceFiles)) hash.update(`${file}\n`).update(readFileSync(join(root, file))).update('\n');
  return hash.digest('hex');
}

async function build(): Promise<Blob> {
  const db = new PgliteDatabase({ dataDir: 'memory://' });
  const ds = createReadModelDataSource(db);
  try {
    await initialiseReadModels(ds, 'pglite');
    await ds.destroy();
    return await db.dumpDataDir();
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.close();
  }
}

/**
 * The migrated, empty image (an uncompressed tarball of the data directory): read from
 * `<tmpdir>/zhiben-migrated-<key>.tar` when a run made it before, else built and written there
 * (atomically: a temp file renamed, so parallel test workers never read half a file).
 * @throws the database's error when building fails (the next call tries again)
 */
export function migratedDatabaseImage(): Promise<Blob> {
  if (image === null) {
    const loading = (async () => {
      const file = join(tmpdir(), `zhiben-migrated-${migratedImageKey().slice(0, 24)}.tar`);
      if (existsSync(file)) return new Blob([readFileSync(file)]);
      const blob = await build();
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
      renameSync(partial, file);
      return blob;
    })();
    image = loading;
    loading.catch(() => {
      if (image === loading) image = null;
    });
  }
  return image;
}
