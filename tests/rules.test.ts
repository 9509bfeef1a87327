/**
 * firestore.rules against the real emulator. A browser, signed in or not, may `get` exactly three
 * kinds of documents — snapshots/latest, schedules/{date}/movies/{id}, daily_admissions/{date}/movies/{id}
 * — and nothing else: for every collection the project writes, listing it (client SDK and REST),
 * querying it (client SDK and REST runQuery) and getting one of its other documents are refused, and
 * no write of any kind gets through.
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
  documentId,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  setDoc,
  setLogLevel,
  updateDoc,
  where,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentKinds } from '../shared/store/documents.js';
import { emulatorHost, testProject } from './helpers/firestore.js';

const ROOT = join(import.meta.dirname, '..');
const DATE = '2026-01-19';

/** What a browser may read, by id (firestore-contract, "Who reads what"). */
function isPublic(path: string): boolean {
  return path === 'snapshots/latest' || /^(schedules|daily_admissions)\/[^/]+\/movies\/[^/]+$/.test(path);
}

/**
 * Every collection the project writes, with documents of it to seed. The first group is the store's
 * document kinds (shared/store/documents.ts; a test below fails when a kind is added without a
 * line here); the second the bookkeeping collections features write beside them; the last the
 * parents of the date-keyed sub-collections.
 */
const COLLECTIONS: { collection: string; docs: string[] }[] = [
  { collection: 'snapshots', docs: ['snapshots/latest', `snapshots/${DATE}`] },
  { collection: `snapshots/${DATE}/cities`, docs: [`snapshots/${DATE}/cities/10`] },
  { collection: `schedules/${DATE}/movies`, docs: [`schedules/${DATE}/movies/1001`, `schedules/${DATE}/movies/1002`] },
  { collection: `schedules/${DATE}/showtimes`, docs: [`schedules/${DATE}/showtimes/1001_10`] },
  { collection: 'theatres', docs: ['theatres/2001'] },
  { collection: 'scraper_runs', docs: ['scraper_runs/2026-01-18T23-00-05_movies'] },
  { collection: 'seat_snapshots', docs: ['seat_snapshots/3001_jit_1930', 'seat_snapshots/3001_final_1930'] },
  { collection: 'seat_state', docs: [`seat_state/${DATE}`] },
  { collection: 'seat_index', docs: [`seat_index/${DATE}`] },
  { collection: 'daily_summaries', docs: [`daily_summaries/${DATE}`] },
  {
    collection: `daily_admissions/${DATE}/movies`,
    docs: [`daily_admissions/${DATE}/movies/1001`, `daily_admissions/${DATE}/movies/1002`],
  },
  { collection: 'box_office', docs: [`box_office/${DATE}`] },
  { collection: 'box_office_nowcast', docs: [`box_office_nowcast/${DATE}_1200`] },
  { collection: 'auth_tokens', docs: ['auth_tokens/tix_jwt', 'auth_tokens/tix_jwt_lease'] },
  // bookkeeping collections (run log, compact seat days, geocoding cache)
  { collection: 'run_log', docs: ['run_log/2026-01-18T23-00-05_movies'] },
  { collection: 'seat_days', docs: [`seat_days/${DATE}`] },
  { collection: `seat_days/${DATE}/slots`, docs: [`seat_days/${DATE}/slots/1930`] },
  { collection: 'geocode_cache', docs: ['geocode_cache/0123456789abcdef0123456789abcdef'] },
  // parents of date-keyed sub-collections, and a collection nobody writes
  { collection: 'schedules', docs: [`schedules/${DATE}`] },
  { collection: 'daily_admissions', docs: [`daily_admissions/${DATE}`] },
  { collection: 'users', docs: ['users/alice'] },
];

const ALL_DOCS = COLLECTIONS.flatMap((c) => c.docs);
const PUBLIC_DOCS = ALL_DOCS.filter(isPublic);
const PRIVATE_DOCS = ALL_DOCS.filter((p) => !isPublic(p));

const projectId = testProject('rules');
let env: RulesTestEnvironment;

function db(ctx: RulesTestContext): Firestore {
  // rules-unit-testing types the instance as the compat Firestore; it works with the modular API.
  return ctx.firestore() as unknown as Firestore;
}

beforeAll(async () => {
  setLogLevel('silent'); // every denied request would otherwise log a PERMISSION_DENIED warning
  const [host, port] = emulatorHost().split(':');
  env = await initializeTestEnvironment({
    projectId,
    firestore: { rules: readFileSync(join(ROOT, 'firestore.rules'), 'utf8'), host: host!, port: Number(port) },
  });
  await env.withSecurityRulesDisabled(async (admin) => {
    for (const path of ALL_DOCS) await setDoc(doc(db(admin), path), { seeded: true, path, date: DATE });
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
  {
    name: 'signed in',
    ctx: once(() => env.authenticatedContext('alice', { email: 'alice@example.com', email_verified: true })),
  },
  // a signed-in user who claims to be an admin gets nothing more: the admin reads through a service account
  {
    name: 'signed in with an admin claim',
    ctx: once(() => env.authenticatedContext('mallory', { admin: true, role: 'admin' })),
  },
];

// ------------------------------------------------------------------ REST, as a browser without credentials

function restBase(): string {
  return `http://${emulatorHost()}/v1/projects/${projectId}/databases/(default)/documents`;
}

/** The parent path and collection id of a collection path (`a/b/c` → `a/b`, `c`). */
function splitCollection(path: string): { parent: string; id: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { parent: '', id: path } : { parent: path.slice(0, i), id: path.slice(i + 1) };
}

async function restStatus(url: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.text() };
}

// ------------------------------------------------------------------ tests

describe('the collections listed here are every kind the store writes', () => {
  it('each document kind of shared/store/documents.ts has a seeded document', () => {
    // the kinds are declared statically there, the token lease included: nothing registers one at import time
    const kinds = documentKinds();
    expect(kinds.map((k) => k.name)).toContain('auth_token_lease');
    expect(kinds.length).toBeGreaterThanOrEqual(12);
    const uncovered = kinds
      .filter((k) => !ALL_DOCS.some((p) => k.pattern.test(p)))
      .map((k) => `${k.name} ${k.pattern}`);
    expect(uncovered, 'add a collection and a document of it to COLLECTIONS').toEqual([]);
  });

  it('every collection has a refused get, or is one whose documents are public by id', () => {
    for (const c of COLLECTIONS) {
      expect(
        c.docs.every(
          (p) => p.startsWith(`${c.collection}/`) && p.split('/').length === c.collection.split('/').length + 1,
        ),
        c.collection,
      ).toBe(true);
      const hasPrivate = c.docs.some((p) => !isPublic(p));
      const allPublicById = /^(schedules|daily_admissions)\/[^/]+\/movies$/.test(c.collection);
      expect(hasPrivate || allPublicById, c.collection).toBe(true);
    }
    expect(PUBLIC_DOCS).toEqual([
      'snapshots/latest',
      ...[1001, 1002].map((m) => `schedules/${DATE}/movies/${m}`),
      ...[1001, 1002].map((m) => `daily_admissions/${DATE}/movies/${m}`),
    ]);
  });
});

describe.each(CLIENTS)('as a $name client', ({ ctx }) => {
  it.each(PUBLIC_DOCS)('get %s is allowed', async (path) => {
    const snap = await assertSucceeds(getDoc(doc(db(ctx()), path)));
    expect(snap.exists() && snap.get('path')).toBe(path);
  });

  it('get of a public kind that does not exist is allowed (and empty)', async () => {
    const snap = await assertSucceeds(getDoc(doc(db(ctx()), `schedules/${DATE}/movies/999999`)));
    expect(snap.exists()).toBe(false);
  });

  it.each(PRIVATE_DOCS)('get %s is refused', async (path) => {
    await assertFails(getDoc(doc(db(ctx()), path)));
  });

  describe.each(COLLECTIONS)('$collection', ({ collection: path }) => {
    it('list is refused', async () => {
      await assertFails(getDocs(collection(db(ctx()), path)));
    });

    it('a query is refused (filtered, ordered, limited, even by document id)', async () => {
      const col = collection(db(ctx()), path);
      await assertFails(getDocs(query(col, where('date', '==', DATE), limit(5))));
      await assertFails(getDocs(query(col, orderBy('path'), limit(1))));
      await assertFails(getDocs(query(col, where(documentId(), '==', '1001'))));
    });
  });

  it('a collection-group query over "movies", "showtimes", "cities" or "slots" is refused', async () => {
    for (const group of ['movies', 'showtimes', 'cities', 'slots'])
      await assertFails(getDocs(query(collectionGroup(db(ctx()), group), limit(5))));
  });

  it.each(ALL_DOCS)('create, overwrite, merge, update and delete of %s are refused', async (path) => {
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

describe('REST, as a browser with no credentials (what a script looping over the API would do)', () => {
  it.each(PUBLIC_DOCS)('GET %s works: the web app reads it by id', async (path) => {
    const res = await restStatus(`${restBase()}/${path}`);
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body).fields.path).toEqual({ stringValue: path });
  });

  it.each(PRIVATE_DOCS)('GET %s is refused', async (path) => {
    const res = await restStatus(`${restBase()}/${path}`);
    expect(res.status, res.body).toBe(403);
  });

  it.each(COLLECTIONS.map((c) => c.collection))('listing %s is refused', async (path) => {
    const res = await restStatus(`${restBase()}/${path}?pageSize=100`);
    expect(res.status, res.body).toBe(403);
  });

  it.each(COLLECTIONS.map((c) => c.collection))('runQuery over %s is refused', async (path) => {
    const { parent, id } = splitCollection(path);
    const res = await restStatus(`${restBase()}${parent ? `/${parent}` : ''}:runQuery`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ structuredQuery: { from: [{ collectionId: id }], limit: 100 } }),
    });
    expect(res.status, res.body).toBe(403);
  });

  it('the REST checks can fail: the same listing as the owner returns the seeded documents', async () => {
    const res = await restStatus(`${restBase()}/seat_snapshots`, { headers: { Authorization: 'Bearer owner' } });
    expect(res.status, res.body).toBe(200);
    expect((JSON.parse(res.body) as { documents: unknown[] }).documents).toHaveLength(2);
  });
});

describe('the seeded data is intact after every refused write', () => {
  it('no client changed anything', async () => {
    await env.withSecurityRulesDisabled(async (admin) => {
      for (const path of ALL_DOCS) {
        const snap = await getDoc(doc(db(admin), path));
        expect(snap.exists() && snap.data(), path).toEqual({ seeded: true, path, date: DATE });
      }
    });
  });
});
