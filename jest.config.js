import { availableParallelism } from 'node:os';

/**
 * Jest under ESM (see ../shared/design/TOOLCHAIN.md). Three tiers by suffix:
 * *.unit.spec.ts (no I/O), *.int.spec.ts (real PGlite / PostgreSQL), *.e2e.spec.ts (the app over HTTP).
 * Files run in parallel, one worker per core and at least two: every file has databases of its own
 * (in-memory PGlite, or a fresh PostgreSQL database or schema), and half of a test's time is spent
 * waiting on PostgreSQL, so two workers keep two cores busy. `test:file` runs in band.
 */
export default {
  maxWorkers: Math.max(2, availableParallelism()),
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  moduleNameMapper: {
    '^#([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  testTimeout: 60000,
};
