/**
 * vitest global setup: one Firestore emulator for the whole test run (or the one named by
 * FIRESTORE_EMULATOR_HOST). Tests get its host with `inject('firestoreHost')` (see
 * tests/helpers/firestore.ts); FIRESTORE_EMULATOR_HOST is also set for the test workers.
 */
import type { TestProject } from 'vitest/node';
import { startEmulator } from '../scripts/emulator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    firestoreHost: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = await startEmulator();
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  project.provide('firestoreHost', emulator.host);
  return async () => {
    await emulator.stop();
  };
}
