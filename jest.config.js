/**
 * Jest under ESM (see ../shared/design/TOOLCHAIN.md). Three tiers by suffix:
 * *.unit.spec.ts (no I/O), *.int.spec.ts (real PGlite / PostgreSQL), *.e2e.spec.ts (the app over HTTP).
 */
export default {
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
