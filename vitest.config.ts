import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One Firestore emulator for the whole run (or the one FIRESTORE_EMULATOR_HOST names).
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files run in parallel, but these machines have two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
