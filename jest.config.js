/** @type {import('jest').Config} */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] },
};

/**
 * Two projects: everything on the default store (SQLite), and the whole-bot tests once more on Azure Table
 * Storage (the run's one Azurite, which `npm test` starts; a targeted run starts one per file), so every feature is
 * proven on both backends.
 * `npm test -- test/integration/tap.test.ts --selectProjects table` runs one of them.
 */
module.exports = {
  testTimeout: 30000,
  // Most whole-bot files spend much of their time waiting (Graph's throttling windows, leases, the browser), so
  // four workers keep the 2 cores busy where two left them half idle.
  maxWorkers: 4,
  testSequencer: '<rootDir>/test/helpers/slow-first-sequencer.js',
  projects: [
    // test/scale-out/ starts its own Azurite and bot processes: it runs once, here.
    { ...base, displayName: 'sqlite' },
    {
      ...base,
      displayName: 'table',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/table-store-setup.ts'],
    },
  ],
};
