import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverReadModels, READ_MODELS } from './read-models.js';
import { MIGRATIONS, READ_MODEL_ENTITIES } from './data-source.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Writes `<dir>/<folder>/<folder>.read-model.mjs` exporting `body` as its default. */
function readModelFile(dir: string, folder: string, body: string): void {
  mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, folder, `${folder}.read-model.mjs`), `export default ${body};\n`);
}

describe('read models register themselves', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zhiben-read-models-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds each folder holding <folder>.read-model, sorted by name, and skips the others', async () => {
    readModelFile(dir, 'zeta-figures', `{ name: 'zeta-figures', projection: () => ({}), entities: [], tables: ['zeta'], migrations: [] }`);
    readModelFile(dir, 'alpha-figures', `{ name: 'alpha-figures', projection: () => ({}), entities: [], tables: ['alpha'], migrations: [] }`);
    mkdirSync(join(dir, 'batch'));
    writeFileSync(join(dir, 'batch', 'row-changes.mjs'), 'export default 1;\n');
    const found = await discoverReadModels(dir, '.mjs');
    expect(found.map((m) => m.name)).toEqual(['alpha-figures', 'zeta-figures']);
  });

  it('refuses a read model not named after its folder', async () => {
    readModelFile(dir, 'drill-figures', `{ name: 'drills', projection: () => ({}), entities: [], tables: [], migrations: [] }`);
    await expect(discoverReadModels(dir, '.mjs')).rejects.toThrow(/named drills, not after its folder drill-figures/);
  });

  it('refuses a default export that is not a read model', async () => {
    readModelFile(dir, 'broken', `{ name: 'broken' }`);
    await expect(discoverReadModels(dir, '.mjs')).rejects.toThrow(/not a read model/);
  });

  it('refuses two read models claiming one table', async () => {
    readModelFile(dir, 'a-figures', `{ name: 'a-figures', projection: () => ({}), entities: [], tables: ['shared'], migrations: [] }`);
    readModelFile(dir, 'b-figures', `{ name: 'b-figures', projection: () => ({}), entities: [], tables: ['shared'], migrations: [] }`);
    await expect(discoverReadModels(dir, '.mjs')).rejects.toThrow(/a-figures and b-figures both claim the table shared/);
  });

  it("this library's registry holds every folder that has a projector, with its projection named after it", () => {
    const withProjector = readdirSync(here, { withFileTypes: true })
      .filter((e) => e.isDirectory() && readdirSync(join(here, e.name)).some((f) => f.endsWith('.projection.ts')))
      .map((e) => e.name)
      .sort();
    expect(withProjector.length).toBe(14);
    expect(READ_MODELS.map((m) => m.name)).toEqual(withProjector);
    for (const m of READ_MODELS) expect(m.projection().name).toBe(m.name);
  });

  it('feeds every read model entity and migration to the DataSource, migrations in timestamp order', () => {
    for (const m of READ_MODELS) for (const e of m.entities) expect(READ_MODEL_ENTITIES).toContain(e);
    const names = MIGRATIONS.map((m) => m.name);
    expect(names[0]).toBe('InitialSchema1764400000000');
    expect(names).toContain('DrillFigures1764500000000');
    expect(names).toEqual([...names].sort((a, b) => a.slice(-13).localeCompare(b.slice(-13))));
    expect(new Set(names).size).toBe(names.length);
  });
});
