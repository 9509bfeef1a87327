/**
 * firestore.rules against the real emulator: for every collection the pipeline writes (and a few
 * it must not expose), reads and writes as a browser that is not signed in and as one that is
 * signed in, each asserted allowed or denied exactly as the contract says.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import {
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  setDoc,
  setLogLevel,
  updateDoc,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { emulatorHost, testProject } from './helpers/firestore.js';

const ROOT = join(import.meta.dirname, '..');
const DATE = '2026-01-19';

/** Every kind of document, with whether a browser may read it (contract, "Security rules"). */
const DOCUMENTS: { path: string; publicRead: boolean }[] = [
  { path: 'snapshots/latest', publicRead: true },
  { path: `snapshots/${DATE}`, publicRead: true },
  { path: `schedules/${DATE}/movies/1001`, publicRead: true },
  { path: 'theatres/2001', publicRead: true },
  { path: 'seat_snapshots/3001_jit_1930', publicRead: true },
  { path: 'scraper_runs/2026-01-18T23-00-05_movies', publicRead: true },
  { path: `daily_admissions/${DATE}/movies/1001`, publicRead: true },
  { path: `daily_summaries/${DATE}`, publicRead: true },
  // private
  { path: 'auth_tokens/tix_jwt', publicRead: false },
  { path: `schedules/${DATE}/showtimes/1001_3171`, publicRead: false },
  { path: `schedules/${DATE}`, publicRead: false },
  { path: `daily_admissions/${DATE}`, publicRead: false },
  { path: 'users/alice', publicRead: false },
  { path: 'config/app', publicRead: false },
];

/** Collections a browser may list (a query) or not. */
const COLLECTIONS: { path: string; publicList: boolean }[] = [
  { path: 'snapshots', publicList: true },
  { path: `schedules/${DATE}/movies`, publicList: true },
  { path: 'theatres', publicList: true },
  { path: 'seat_snapshots', publicList: true },
  { path: 'scraper_runs', publicList: true },
  { path: `daily_admissions/${DATE}/movies`, publicList: true },
  { path: 'daily_summaries', publicList: true },
  { path: 'auth_tokens', publicList: false },
  { path: `schedules/${DATE}/showtimes`, publicList: false },
  { path: 'schedules', publicList: false },
  { path: 'daily_admissions', publicList: false },
  { path: 'users', publicList: false },
];

function seedData(path: string): Record<string, unknown> {
  return { seeded: true, path, token: path.startsWith('auth_tokens') ? 'not-a-real-token' : undefined };
}

const projectId = testProject('rules');
let env: RulesTestEnvironment;

function db(ctx: RulesTestContext): Firestore {
  // rules-unit-testing types the instance as the compat Firestore; it works with the modular API.
  return ctx.firestore() as unknown as Firestore;
}

beforeAll(async () => {
  setLogLevel('silent'); // every denied write would otherwise log a PERMISSION_DENIED warning
  const [host, port] = emulatorHost().split(':');
  env = await initializeTestEnvironment({
    projectId,
    firestore: { rules: readFileSync(join(ROOT, 'firestore.rules'), 'utf8'), host: host!, port: Number(port) },
  });
  await env.withSecurityRulesDisabled(async (admin) => {
    const adminDb = db(admin);
    for (const d of DOCUMENTS) {
      const data = Object.fromEntries(Object.entries(seedData(d.path)).filter(([, v]) => v !== undefined));
      await setDoc(doc(adminDb, d.path), data);
    }
  });
});

afterAll(async () => {
  if (!env) return;
  await env.clearFirestore();
  await env.cleanup();
});

/** One context per kind of client, made once (each is a client SDK instance with its own connection). */
function once(make: () => RulesTestContext): () => RulesTestContext {
  let ctx: RulesTestContext | undefined;
  return () => (ctx ??= make());
}

const CLIENTS: { name: string; ctx: () => RulesTestContext }[] = [
  { name: 'unauthenticated', ctx: once(() => env.unauthenticatedContext()) },
  { name: 'signed in', ctx: once(() => env.authenticatedContext('alice', { email: 'alice@example.com', email_verified: true })) },
  // a signed-in user who claims to be an admin gets nothing more: there is no client write path
  { name: 'signed in with an admin claim', ctx: once(() => env.authenticatedContext('mallory', { admin: true, role: 'admin' })) },
];

describe.each(CLIENTS)('as a $name client', ({ ctx }) => {
  describe.each(DOCUMENTS)('$path', ({ path, publicRead }) => {
    it(`get is ${publicRead ? 'allowed' : 'denied'}`, async () => {
      const read = getDoc(doc(db(ctx()), path));
      if (publicRead) {
        const snap = await assertSucceeds(read);
        if (!snap.exists() || snap.get('path') !== path) throw new Error(`${path}: the seeded document did not come back`);
      } else {
        await assertFails(read);
      }
    });

    it('create, overwrite, update and delete are denied', async () => {
      const d = db(ctx());
      await assertFails(setDoc(doc(d, path), { seeded: false, path }));
      await assertFails(setDoc(doc(d, path), { hacked: true }, { merge: true }));
      await assertFails(updateDoc(doc(d, path), { hacked: true }));
      await assertFails(deleteDoc(doc(d, path)));
      // a new document beside it is refused too
      const parts = path.split('/');
      parts[parts.length - 1] = `new-${randomBytes(3).toString('hex')}`;
      await assertFails(setDoc(doc(d, parts.join('/')), { created: true }));
    });
  });

  describe.each(COLLECTIONS)('list $path', ({ path, publicList }) => {
    it(`is ${publicList ? 'allowed' : 'denied'}`, async () => {
      const q = query(collection(db(ctx()), path), limit(10));
      if (publicList) {
        const res = await assertSucceeds(getDocs(q));
        if (res.empty) throw new Error(`${path}: expected the seeded documents`);
      } else {
        await assertFails(getDocs(q));
      }
    });
  });

  it('a collection-group query over every "movies" or "showtimes" collection is denied', async () => {
    await assertFails(getDocs(query(collectionGroup(db(ctx()), 'movies'), limit(5))));
    await assertFails(getDocs(query(collectionGroup(db(ctx()), 'showtimes'), limit(5))));
  });
});

describe('the seeded data is intact after every denied write', () => {
  it('no client changed anything', async () => {
    await env.withSecurityRulesDisabled(async (admin) => {
      for (const d of DOCUMENTS) {
        const snap = await getDoc(doc(db(admin), d.path));
        if (!snap.exists() || snap.get('seeded') !== true || snap.get('hacked') !== undefined) {
          throw new Error(`${d.path} was changed by a client: ${JSON.stringify(snap.data())}`);
        }
      }
    });
  });
});
