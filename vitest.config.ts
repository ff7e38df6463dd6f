import { defineConfig } from 'vitest/config';

// Unit tests run in parallel with no I/O; integration and end-to-end tests share one local
// suite (started once by the global setup) and run one file at a time so clearing state is safe.
export default defineConfig({
  test: {
    // `npm run coverage` / `npm test`: v8 coverage of the code that runs inside the test processes (handlers
    // that run in the suite's function host are exercised end to end but not counted: another process).
    coverage: {
      provider: 'v8',
      include: ['functions/**/*.ts', 'schemas/**/*.ts'],
      exclude: [
        '**/*.test.ts',
        '**/*.test-support.ts',
        '**/*.fixture.ts',
        '**/*.fixtures.ts',
        '**/*.bench.ts',
        '**/test/**',
        '**/fixtures/**',
        '**/bench/**',
        'schemas/generated/**',
      ],
      reporter: ['json-summary'],
      reportsDirectory: '.local/coverage',
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{functions,schemas,emulators,infra,bench,adapters,console}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['{functions,schemas,emulators,infra,bench,adapters,console}/**/*.{int,e2e}.test.ts'],
          globalSetup: ['emulators/test/global-setup.ts'],
          setupFiles: ['emulators/test/suite-env.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
