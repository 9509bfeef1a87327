/**
 * Firestore-emulator helpers for tests: a unique project per test file, a store on it, clearing
 * between cases, and reading documents back through the REST API as the web app does (the raw
 * `fields` JSON, so a test can assert `stringValue` / `integerValue` / `doubleValue`).
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { clearEmulator } from '../../scripts/emulator.js';
import { FirestoreStore } from '../../shared/store/firestore-store.js';

/** host:port of the test run's emulator. */
export function emulatorHost(): string {
  const host = inject('firestoreHost');
  // Only the integration project starts the emulator (vitest.config.ts); a unit test that gets here is misfiled.
  if (!host)
    throw new Error(
      'no Firestore emulator in this test project: a test that needs it belongs in the integration project, not UNIT_TESTS (vitest.config.ts)',
    );
  return host;
}

/** A project id unique to this test file and run: `demo-<name>-<random>` (demo- needs no credentials). */
export function testProject(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 16);
  return `demo-${slug || 'test'}-${randomBytes(4).toString('hex')}`;
}

/** A Firestore store on the emulator for one project. Close it in afterAll. */
export function emulatorStore(projectId: string): FirestoreStore {
  return new FirestoreStore({ projectId, emulatorHost: emulatorHost(), real: false });
}

/** Delete every document of the project. */
export async function clearProject(projectId: string): Promise<void> {
  await clearEmulator(emulatorHost(), projectId);
}

/** A REST `Value`, as Firestore's REST API returns it. */
export type RestValue =
  | { stringValue: string }
  | { integerValue: string }
  | { doubleValue: number }
  | { booleanValue: boolean }
  | { nullValue: null }
  | { timestampValue: string }
  | { arrayValue: { values?: RestValue[] } }
  | { mapValue: { fields?: Record<string, RestValue> } }
  | Record<string, unknown>;

/**
 * The raw REST `fields` of a document (undefined when it does not exist). Reads as the owner
 * (bypassing security rules); pass `{ asOwner: false }` to read as an unauthenticated browser.
 */
export async function readRestDocument(
  host: string,
  projectId: string,
  path: string,
  opts: { asOwner?: boolean } = {},
): Promise<Record<string, RestValue> | undefined> {
  const headers: Record<string, string> = opts.asOwner === false ? {} : { Authorization: 'Bearer owner' };
  const res = await fetch(`http://${host}/v1/projects/${projectId}/databases/(default)/documents/${path}`, { headers });
  const body = (await res.json()) as { fields?: Record<string, RestValue>; error?: { message?: string } };
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`REST read of ${path} failed: HTTP ${res.status} ${body.error?.message ?? ''}`);
  return body.fields ?? {};
}
