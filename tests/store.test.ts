/**
 * The same cases against both stores: the file store in a temp directory and the Firestore store
 * on the emulator (a project unique to this file). Value types are read back the way the web app
 * reads them: the raw REST JSON for Firestore, the JSON file for the file store.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/config.js';
import { Double } from '../shared/store/documents.js';
import { FileStore } from '../shared/store/file-store.js';
import { FirestoreStore } from '../shared/store/firestore-store.js';
import { createStore } from '../shared/store/index.js';
import { StoreError, type DocData, type Store } from '../shared/store/store.js';
import { clearProject, emulatorHost, emulatorStore, readRestDocument, testProject } from './helpers/firestore.js';

const ROOT = join(import.meta.dirname, '..');
const T = '2026-01-19T00:01:02.000Z';

function theatre(id: string, merchant: 'XXI' | 'CGV' | 'Cinépolis', city = 'JAKARTA'): DocData {
  return {
    theatre_id: id,
    name: `THEATRE ${id}`,
    merchant,
    city,
    address: `Jl. Nomor ${id}`,
    lat: null,
    lng: null,
    place_id: null,
    room_types: ['2D'],
    last_seen: T,
    created_at: T,
    updated_at: T,
  };
}

function snapshot(date: string, movies = 1): DocData {
  return {
    scraped_at: T,
    date,
    summary: { total_cities: 2, total_movies: movies, presale_count: 0 },
    movies: [],
    city_stats: { JAKARTA: movies, BANDUNG: 1 },
  };
}

function summary(audience: number, occupancy: number | Double = new Double(50)): DocData {
  return {
    date: '2026-01-19',
    total_audience: audience,
    total_seats: 1000,
    total_available: 1000 - audience,
    occupancy_pct: occupancy,
    showtime_count: 10,
    movie_count: 2,
    theatre_count: 3,
    city_count: 1,
    generated_at: T,
  };
}

function admissions(): DocData {
  return {
    movie_id: '42',
    movie_title: 'A MOVIE',
    date: '2026-01-19',
    updated_at: T,
    total_admissions: 75,
    showtimes: [
      { time: '10:00', city: 'JAKARTA', theatre: 'X', capacity: 100, admissions: 50, occupancy_pct: new Double(50) },
      { time: '13:00', city: 'JAKARTA', theatre: 'X', capacity: 100, admissions: 25, occupancy_pct: new Double(25) },
    ],
  };
}

/** The stored value types of a few fields, as the web app would see them. */
type Typed = { type: 'string' | 'integer' | 'double' | 'boolean' | 'other'; value: unknown };

interface Harness {
  name: 'file' | 'firestore';
  setup(): Promise<Store>;
  /** A second, independent store on the same data (another process would use one). */
  second(): Promise<Store>;
  reset(): Promise<void>;
  teardown(): Promise<void>;
  /** The stored type of a top-level field, or of `showtimes[i].field`. */
  typed(path: string, field: string, index?: number): Promise<Typed>;
}

function fileHarness(): Harness {
  let dir = '';
  const stores: Store[] = [];
  const jsonType = (v: unknown): Typed => ({
    type:
      typeof v === 'string'
        ? 'string'
        : typeof v === 'number'
          ? 'double'
          : typeof v === 'boolean'
            ? 'boolean'
            : 'other',
    value: v,
  });
  return {
    name: 'file',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'cineradar-store-'));
      const s = new FileStore({ dataDir: dir });
      stores.push(s);
      return s;
    },
    async second() {
      const s = new FileStore({ dataDir: dir });
      stores.push(s);
      return s;
    },
    async reset() {
      for (const e of readdirSync(dir)) rmSync(join(dir, e), { recursive: true, force: true });
    },
    async teardown() {
      await Promise.all(stores.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
    async typed(path, field, index) {
      const doc = JSON.parse(readFileSync(join(dir, `${path}.json`), 'utf8')) as Record<string, unknown>;
      const v = index === undefined ? doc[field] : (doc.showtimes as Record<string, unknown>[])[index]![field];
      return jsonType(v);
    },
  };
}

function firestoreHarness(): Harness {
  const project = testProject('store');
  const stores: Store[] = [];
  return {
    name: 'firestore',
    async setup() {
      const s = emulatorStore(project);
      stores.push(s);
      return s;
    },
    async second() {
      const s = emulatorStore(project);
      stores.push(s);
      return s;
    },
    reset: () => clearProject(project),
    async teardown() {
      await Promise.all(stores.map((s) => s.close()));
      await clearProject(project);
    },
    async typed(path, field, index) {
      const fields = await readRestDocument(emulatorHost(), project, path);
      if (!fields) throw new Error(`${path} not found`);
      let v = fields[index === undefined ? field : 'showtimes'] as Record<string, unknown>;
      if (index !== undefined) {
        const values = (v.arrayValue as { values: Record<string, unknown>[] }).values;
        v = (values[index]!.mapValue as { fields: Record<string, Record<string, unknown>> }).fields[field]!;
      }
      if ('stringValue' in v) return { type: 'string', value: v.stringValue };
      if ('integerValue' in v) return { type: 'integer', value: Number(v.integerValue) };
      if ('doubleValue' in v) return { type: 'double', value: v.doubleValue };
      if ('booleanValue' in v) return { type: 'boolean', value: v.booleanValue };
      return { type: 'other', value: v };
    },
  };
}

/** The StoreError a call gives (fails when it resolves or throws something else). */
async function refusal(p: Promise<unknown>): Promise<StoreError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError');
}

describe.each([fileHarness(), firestoreHarness()])('$name store', (h) => {
  let store: Store;
  beforeAll(async () => {
    store = await h.setup();
  });
  afterAll(() => h.teardown());
  beforeEach(() => h.reset());

  it('is the kind it says', () => {
    expect(store.kind).toBe(h.name);
  });

  it('get of a missing document is undefined; set then get returns plain data', async () => {
    expect(await store.get('theatres/1')).toBeUndefined();
    await store.set('theatres/1', theatre('1', 'XXI'));
    expect(await store.get('theatres/1')).toEqual(theatre('1', 'XXI'));
  });

  it('set replaces; merge keeps the fields it does not name, and merges maps field by field', async () => {
    await store.set('theatres/1', { ...theatre('1', 'XXI'), lat: -6.2, lng: 106.8, place_id: 'abc' });
    await store.set(
      'theatres/1',
      { room_types: ['2D', 'IMAX'], updated_at: '2026-01-20T00:00:00.000Z' },
      { merge: true },
    );
    expect(await store.get('theatres/1')).toMatchObject({
      lat: -6.2,
      place_id: 'abc',
      room_types: ['2D', 'IMAX'],
      updated_at: '2026-01-20T00:00:00.000Z',
      created_at: T,
    });
    await store.set('snapshots/2026-01-19', snapshot('2026-01-19', 5));
    await store.set('snapshots/2026-01-19', { city_stats: { BANDUNG: 7 } }, { merge: true });
    expect((await store.get('snapshots/2026-01-19'))?.city_stats).toEqual({ JAKARTA: 5, BANDUNG: 7 });
    await store.set('theatres/1', theatre('1', 'CGV'));
    expect(await store.get('theatres/1')).toEqual(theatre('1', 'CGV'));
  });

  it('writeMany writes the valid documents and collects the invalid one with path and field', async () => {
    const docs = ['11', '12', '13', '14', '15'].map((id) => ({ path: `theatres/${id}`, data: theatre(id, 'XXI') }));
    const bad = { path: 'theatres/16', data: { ...theatre('16', 'XXI'), merchant: 'IMAX' } };
    const report = await store.writeMany([...docs.slice(0, 2), bad, ...docs.slice(2)]);
    expect(report.written).toBe(5);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.path).toBe('theatres/16');
    expect(report.failed[0]!.error).toMatch(/theatres\/16: merchant:/);
    expect(report.maxBytes).toBeGreaterThan(100);
    expect(await store.get('theatres/16')).toBeUndefined();
    for (const d of docs) expect(await store.get(d.path)).toEqual(d.data);
  });

  it('writeMany merges when asked', async () => {
    await store.set('theatres/1', { ...theatre('1', 'XXI'), lat: 1.5 });
    const report = await store.writeMany([
      { path: 'theatres/1', data: { last_seen: '2026-01-21T00:00:00.000Z' }, merge: true },
    ]);
    expect(report).toMatchObject({ written: 1, failed: [] });
    expect(await store.get('theatres/1')).toMatchObject({ lat: 1.5, last_seen: '2026-01-21T00:00:00.000Z' });
  });

  it('list returns a collection ordered by id, filtered by equality on top-level fields', async () => {
    await store.writeMany([
      { path: 'theatres/3', data: theatre('3', 'CGV', 'BANDUNG') },
      { path: 'theatres/1', data: theatre('1', 'XXI') },
      { path: 'theatres/2', data: theatre('2', 'CGV') },
      { path: 'theatres/4', data: theatre('4', 'CGV') },
    ]);
    expect((await store.list('theatres')).map((d) => d.id)).toEqual(['1', '2', '3', '4']);
    const cgv = await store.list('theatres', { where: { merchant: 'CGV' } });
    expect(cgv.map((d) => d.id)).toEqual(['2', '3', '4']);
    expect(cgv[0]).toEqual({ id: '2', path: 'theatres/2', data: theatre('2', 'CGV') });
    const both = await store.list('theatres', { where: { merchant: 'CGV', city: 'JAKARTA' } });
    expect(both.map((d) => d.id)).toEqual(['2', '4']);
    expect(await store.list('seat_snapshots')).toEqual([]);
  });

  it('list sees only the documents directly in the collection', async () => {
    await store.set('snapshots/2026-01-19', snapshot('2026-01-19'));
    await store.set('schedules/2026-01-19/showtimes/42_7', {
      movie_id: '42',
      movie_title: 'A MOVIE',
      date: '2026-01-19',
      city: 'JAKARTA',
      city_id: '7',
      zone: 'Asia/Jakarta',
      uploaded_at: T,
      theatres: [],
    });
    expect((await store.list('snapshots')).map((d) => d.id)).toEqual(['2026-01-19']);
    expect((await store.list('schedules/2026-01-19/showtimes')).map((d) => d.path)).toEqual([
      'schedules/2026-01-19/showtimes/42_7',
    ]);
  });

  it('list with fields returns only those top-level fields (absent when a document lacks one), filters still apply', async () => {
    await store.writeMany([
      { path: 'theatres/1', data: theatre('1', 'XXI') },
      { path: 'theatres/2', data: { ...theatre('2', 'CGV', 'BANDUNG'), lat: -6.9, lng: 107.6 } },
      { path: 'theatres/3', data: theatre('3', 'CGV') },
    ]);
    const picked = await store.list('theatres', {
      where: { merchant: 'CGV' },
      fields: ['name', 'lat', 'room_types', 'no_such_field'],
    });
    expect(picked).toEqual([
      { id: '2', path: 'theatres/2', data: { name: 'THEATRE 2', lat: -6.9, room_types: ['2D'] } },
      { id: '3', path: 'theatres/3', data: { name: 'THEATRE 3', lat: null, room_types: ['2D'] } },
    ]);
    for (const d of picked) {
      expect(d.data).not.toHaveProperty('merchant');
      expect(d.data).not.toHaveProperty('address');
      expect(d.data).not.toHaveProperty('no_such_field');
    }
    // The filter field need not be selected; without fields every field comes back.
    expect((await store.list('theatres', { where: { merchant: 'XXI' } }))[0]!.data).toEqual(theatre('1', 'XXI'));
    // No fields: the documents, with empty data.
    expect(await store.list('theatres', { fields: [] })).toEqual(
      ['1', '2', '3'].map((id) => ({ id, path: `theatres/${id}`, data: {} })),
    );
  });

  it('list with fields drops a large field of seat snapshots (the summary never reads seat_rows)', async () => {
    const snap = (id: string, rows: boolean): DocData => ({
      showtime_id: id,
      showtime: '10:00',
      date: '2026-01-19',
      movie_id: '42',
      movie_title: 'A MOVIE',
      theatre_id: '7',
      theatre_name: 'THEATRE 7',
      city: 'JAKARTA',
      merchant: 'XXI',
      room_category: '2D',
      snapshot_type: 'morning',
      scraped_at: T,
      total_seats: 4,
      unavailable_seats: 1,
      available_seats: 3,
      occupancy_pct: 25,
      ...(rows ? { seat_rows: [{ row: 'A', seats: 'AU_A' }] } : {}),
    });
    await store.writeMany([
      { path: 'seat_snapshots/100_morning_1000', data: snap('100', true) },
      { path: 'seat_snapshots/101_morning_1000', data: snap('101', false) },
    ]);
    const all = await store.list('seat_snapshots');
    expect(all[0]!.data).toHaveProperty('seat_rows');
    const lean = await store.list('seat_snapshots', {
      where: { date: '2026-01-19' },
      fields: ['showtime_id', 'total_seats'],
    });
    expect(lean.map((d) => d.data)).toEqual([
      { showtime_id: '100', total_seats: 4 },
      { showtime_id: '101', total_seats: 4 },
    ]);
    const withRows = await store.list('seat_snapshots', { fields: ['seat_rows'] });
    expect(withRows.map((d) => d.data)).toEqual([{ seat_rows: all[0]!.data.seat_rows }, {}]);
  });

  it('publish is all or nothing: one invalid document and none is written', async () => {
    const err = await refusal(
      store.publish([
        { path: 'snapshots/2026-01-19', data: snapshot('2026-01-19') },
        { path: 'snapshots/latest', data: { ...snapshot('2026-01-19'), scraped_at: '2026-01-19 00:01' } },
      ]),
    );
    expect(err.path).toBe('snapshots/latest');
    expect(err.field).toBe('scraped_at');
    expect(await store.get('snapshots/2026-01-19')).toBeUndefined();
    expect(await store.get('snapshots/latest')).toBeUndefined();

    await store.publish([
      { path: 'snapshots/2026-01-19', data: snapshot('2026-01-19', 3) },
      { path: 'snapshots/latest', data: snapshot('2026-01-19', 3) },
    ]);
    expect((await store.get('snapshots/latest'))?.summary).toEqual({
      total_cities: 2,
      total_movies: 3,
      presale_count: 0,
    });
    expect(await store.get('snapshots/2026-01-19')).toEqual(await store.get('snapshots/latest'));
  });

  it('publish refuses a set over the 10 MiB a Firestore batch may carry, in every store, writing none', async () => {
    const run = (i: number): DocData => ({
      run_type: 'seats',
      status: 'success',
      timestamp: T,
      date: '2026-01-19',
      notes: `${i}`.padEnd(1_000_000, 'x'),
    });
    const docs = Array.from({ length: 11 }, (_, i) => ({
      path: `scraper_runs/2026-01-19T00-01-${String(i).padStart(2, '0')}_seats`,
      data: run(i),
    }));
    const err = await refusal(store.publish(docs));
    expect(err.message).toMatch(/over Firestore's 10 MiB request limit/);
    expect(await store.list('scraper_runs', { fields: [] })).toEqual([]);
    await store.publish(docs.slice(0, 2));
    expect((await store.list('scraper_runs', { fields: [] })).map((d) => d.id)).toEqual([
      '2026-01-19T00-01-00_seats',
      '2026-01-19T00-01-01_seats',
    ]);
  });

  it('transaction: concurrent increments from two store instances lose no update', async () => {
    const other = await h.second();
    await store.set('daily_summaries/2026-01-19', summary(0, 0));
    const increment = (s: Store) =>
      s.transaction('daily_summaries/2026-01-19', (cur) => {
        const n = Number(cur?.total_audience ?? 0) + 1;
        return { write: { ...summary(n, 0) }, result: n };
      });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => increment(i % 2 ? other : store)));
    expect((await store.get('daily_summaries/2026-01-19'))?.total_audience).toBe(8);
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
  });

  it('transaction refuses an invalid write and leaves the document as it was', async () => {
    await store.set('daily_summaries/2026-01-19', summary(5, 0));
    const err = await refusal(
      store.transaction('daily_summaries/2026-01-19', () => ({
        write: { ...summary(6, 0), total_seats: -1 },
        result: 0,
      })),
    );
    expect(err.field).toBe('total_seats');
    expect((await store.get('daily_summaries/2026-01-19'))?.total_audience).toBe(5);
  });

  it('refuses an array inside an array, naming path and field', async () => {
    const err = await refusal(
      store.set('theatres/1', { ...theatre('1', 'XXI'), room_types: [['2D', 'IMAX']] as unknown as string[] }),
    );
    expect(err.path).toBe('theatres/1');
    expect(err.field).toBe('room_types[0]');
    expect(err.message).toMatch(/array directly inside an array/);
    expect(await store.get('theatres/1')).toBeUndefined();
  });

  it('refuses a Date or a Firestore Timestamp where an ISO string belongs', async () => {
    const viaDate = await refusal(store.set('theatres/1', { ...theatre('1', 'XXI'), last_seen: new Date() }));
    expect(viaDate.field).toBe('last_seen');
    expect(viaDate.message).toMatch(/ISO string/);
    const viaTimestamp = await refusal(
      store.set('snapshots/latest', { ...snapshot('2026-01-19'), scraped_at: Timestamp.now() }),
    );
    expect(viaTimestamp.path).toBe('snapshots/latest');
    expect(viaTimestamp.field).toBe('scraped_at');
    const inMerge = await refusal(store.set('theatres/1', { updated_at: new Date() }, { merge: true }));
    expect(inMerge.field).toBe('updated_at');
    expect(await store.get('theatres/1')).toBeUndefined();
    expect(await store.get('snapshots/latest')).toBeUndefined();
  });

  it('refuses a document over 1 MiB with its size', async () => {
    const big = {
      movie_id: '42',
      title: 'A MOVIE',
      poster: 'https://asset.tix.id/p.jpg',
      age_category: 'SU',
      date: '2026-01-19',
      uploaded_at: T,
      genres: [],
      merchants: ['XXI'],
      is_presale: false,
      cities: {
        JAKARTA: Array.from({ length: 2000 }, (_, i) => ({
          theatre_id: String(i + 1),
          theatre_name: `THEATRE ${i + 1}`,
          merchant: 'XXI',
          address: 'Jl. '.padEnd(500, 'x'),
          rooms: [],
        })),
      },
      showtime_docs: [],
      showtime_count: 0,
    };
    const err = await refusal(store.set('schedules/2026-01-19/movies/42', big));
    expect(err.path).toBe('schedules/2026-01-19/movies/42');
    expect(err.message).toMatch(/over Firestore's 1 MiB limit/);
    const report = await store.writeMany([{ path: 'schedules/2026-01-19/movies/42', data: big }]);
    expect(report.written).toBe(0);
    expect(report.failed[0]!.error).toMatch(/1 MiB/);
    expect(await store.get('schedules/2026-01-19/movies/42')).toBeUndefined();
  });

  it('refuses unknown paths and malformed paths', async () => {
    expect((await refusal(store.set('movies/1', { a: 1 }))).message).toMatch(/no document kind/);
    expect((await refusal(store.get('theatres'))).message).toMatch(/not a document path/);
    expect((await refusal(store.list('theatres/1'))).message).toMatch(/not a collection path/);
    expect((await refusal(store.get('theatres/../x'))).message).toMatch(/not a valid/);
  });

  it('stores Double as a double even when whole, integers as integers, strings as strings', async () => {
    await store.set('daily_admissions/2026-01-19/movies/42', admissions());
    const doc = await store.get('daily_admissions/2026-01-19/movies/42');
    expect((doc?.showtimes as Record<string, unknown>[])[0]!.occupancy_pct).toBe(50);
    const pct = await h.typed('daily_admissions/2026-01-19/movies/42', 'occupancy_pct', 0);
    expect(pct).toEqual({ type: 'double', value: 50 });
    expect(await h.typed('daily_admissions/2026-01-19/movies/42', 'movie_id')).toEqual({ type: 'string', value: '42' });
    if (h.name === 'firestore') {
      expect(await h.typed('daily_admissions/2026-01-19/movies/42', 'total_admissions')).toEqual({
        type: 'integer',
        value: 75,
      });
      // Without Double, a whole number becomes an integerValue (which the web app reads as 0).
      await store.set('daily_summaries/2026-01-19', summary(5, 50));
      expect(await h.typed('daily_summaries/2026-01-19', 'occupancy_pct')).toEqual({ type: 'integer', value: 50 });
      await store.set('daily_summaries/2026-01-19', { occupancy_pct: new Double(60) }, { merge: true });
      expect(await h.typed('daily_summaries/2026-01-19', 'occupancy_pct')).toEqual({ type: 'double', value: 60 });
      expect((await store.get('daily_summaries/2026-01-19'))?.total_audience).toBe(5);
    } else {
      expect(readFileSync(join(tmpDirOf(store), 'daily_admissions/2026-01-19/movies/42.json'), 'utf8')).toMatch(
        /"occupancy_pct": 50\n/,
      );
    }
  });

  it('delete removes a document', async () => {
    await store.set('theatres/1', theatre('1', 'XXI'));
    await store.delete('theatres/1');
    expect(await store.get('theatres/1')).toBeUndefined();
    await store.delete('theatres/1');
  });
});

function tmpDirOf(store: Store): string {
  return (store as FileStore).root;
}

describe('file store specifics', () => {
  let dir: string;
  let store: FileStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cineradar-files-'));
    store = new FileStore({ dataDir: dir, lockTimeoutMs: 500 });
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('mirrors document paths as pretty-printed JSON files and leaves no temp or lock files', async () => {
    await store.publish([
      { path: 'snapshots/latest', data: snapshot('2026-01-19') },
      { path: 'snapshots/2026-01-19', data: snapshot('2026-01-19') },
    ]);
    await store.set('daily_admissions/2026-01-19/movies/123', admissions());
    expect(existsSync(join(dir, 'snapshots', 'latest.json'))).toBe(true);
    const text = readFileSync(join(dir, 'daily_admissions', '2026-01-19', 'movies', '123.json'), 'utf8');
    expect(text).toMatch(/^\{\n {2}"movie_id": "42",\n/);
    expect(readdirSync(join(dir, 'snapshots')).sort()).toEqual(['2026-01-19.json', 'latest.json']);
    expect(readdirSync(join(dir, 'daily_admissions', '2026-01-19', 'movies'))).toEqual(['123.json']);
  });

  it('takes over a lock left by a dead process, but waits for a live one', async () => {
    mkdirSync(join(dir, 'theatres'), { recursive: true });
    const lock = join(dir, 'theatres', '1.json.lock');
    // A pid that cannot be running: above the kernel's pid_max.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), at: T }));
    await store.set('theatres/1', theatre('1', 'XXI'));
    expect(existsSync(lock)).toBe(false);
    expect(await store.get('theatres/1')).toEqual(theatre('1', 'XXI'));

    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), at: T }));
    const err = await refusal(store.set('theatres/1', theatre('1', 'CGV')));
    expect(err.message).toMatch(/lock held/);
    expect((await store.get('theatres/1'))?.merchant).toBe('XXI');
    rmSync(lock);
  });

  it('many writers finding one abandoned lock: one takes it over at a time and no update is lost', async () => {
    const path = 'daily_summaries/2026-01-19';
    await store.set(path, summary(0, 0));
    const others = [
      new FileStore({ dataDir: dir, lockTimeoutMs: 10_000 }),
      new FileStore({ dataDir: dir, lockTimeoutMs: 10_000 }),
    ];
    // A pid that cannot be running: above the kernel's pid_max.
    writeFileSync(
      join(dir, 'daily_summaries', '2026-01-19.json.lock'),
      JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), at: T }),
    );
    const n = 24;
    const results = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        // Arrivals spread over a few milliseconds, so takeovers interleave with other writers' steps.
        await new Promise((r) => setTimeout(r, i % 6));
        return others[i % 2]!.transaction(path, (cur) => {
          const next = Number(cur?.total_audience ?? 0) + 1;
          return { write: summary(next, 0), result: next };
        });
      }),
    );
    expect((await store.get(path))?.total_audience).toBe(n);
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(readdirSync(join(dir, 'daily_summaries'))).toEqual(['2026-01-19.json']);
  });

  it('a publish whose rename fails reports the path and leaves no temp file behind', async () => {
    // A directory where the document's file belongs: its rename fails.
    mkdirSync(join(dir, 'snapshots', 'latest.json'), { recursive: true });
    const err = await refusal(
      store.publish([
        { path: 'snapshots/latest', data: snapshot('2026-01-19') },
        { path: 'snapshots/2026-01-19', data: snapshot('2026-01-19') },
      ]),
    );
    expect(err.path).toBe('snapshots/latest');
    expect(readdirSync(join(dir, 'snapshots')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a corrupt file is reported with its path, not silently treated as missing', async () => {
    mkdirSync(join(dir, 'theatres'), { recursive: true });
    writeFileSync(join(dir, 'theatres', '1.json'), '{"theatre_id": ');
    expect((await refusal(store.get('theatres/1'))).message).toMatch(/theatres\/1: .*not a JSON document/);
  });
});

describe('createStore', () => {
  it('picks the file store without credentials and Firestore with the emulator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cineradar-create-'));
    const file = await createStore(loadConfig({ CINERADAR_DATA_DIR: dir }, false));
    expect(file).toBeInstanceOf(FileStore);
    await file.close();
    rmSync(dir, { recursive: true, force: true });
    const fs = await createStore(
      loadConfig({ FIRESTORE_EMULATOR_HOST: emulatorHost(), FIREBASE_PROJECT_ID: testProject('create') }, false),
    );
    expect(fs).toBeInstanceOf(FirestoreStore);
    expect(await fs.get('theatres/1')).toBeUndefined();
    await fs.close();
  });
});

describe('a CLI using the Firestore store', () => {
  /** Start a fixture with tsx against the emulator's `project`, JSON logs on stderr. */
  function spawnFixture(fixture: string, project: string, env: Record<string, string> = {}) {
    return spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'tests', 'fixtures', fixture)], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        FIRESTORE_EMULATOR_HOST: emulatorHost(),
        FIREBASE_PROJECT_ID: project,
        LOG_FORMAT: 'json',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Run a fixture against the emulator; ms from its `wrote` log line to its exit. */
  async function exitGap(fixture: string, project: string): Promise<number> {
    const child = spawnFixture(fixture, project);
    let stderr = '';
    let doneAt = 0;
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (!doneAt && stderr.includes('"msg":"wrote"')) doneAt = Date.now();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const exitedAt = Date.now();
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('"store":"firestore"');
    expect(doneAt, stderr).toBeGreaterThan(0);
    return exitedAt - doneAt;
  }

  it('exits within a second of finishing its work (runCli)', async () => {
    const project = testProject('cli-exit');
    expect(await exitGap('store-cli.ts', project)).toBeLessThan(1000);
    expect((await readRestDocument(emulatorHost(), project, 'theatres/900001'))?.merchant).toEqual({
      stringValue: 'XXI',
    });
    await clearProject(project);
  });

  it('asks no metadata server for credentials when on the emulator (no MetadataLookupWarning)', async () => {
    // A stand-in for the GCE metadata server on loopback, answering 403 as the runner's network
    // did: google-auth-library looks there (GCE_METADATA_HOST) when it resolves default credentials.
    const asked: string[] = [];
    const metadata = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden');
    });
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    const port = (metadata.address() as AddressInfo).port;
    const project = testProject('cli-metadata');
    try {
      const child = spawnFixture('store-cli.ts', project, { GCE_METADATA_HOST: `127.0.0.1:${port}` });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code, stderr).toBe(0);
      expect(stderr).toContain('"msg":"wrote"');
      expect(stderr).not.toContain('MetadataLookupWarning');
      expect(asked).toEqual([]);
      expect((await readRestDocument(emulatorHost(), project, 'theatres/900001'))?.merchant).toEqual({
        stringValue: 'XXI',
      });
    } finally {
      await new Promise<void>((resolve) => metadata.close(() => resolve()));
      await clearProject(project);
    }
  });

  it('createRuntime().close() resolves and node then exits on its own within a second', async () => {
    const project = testProject('cli-close');
    expect(await exitGap('store-close.ts', project)).toBeLessThan(1000);
    expect((await readRestDocument(emulatorHost(), project, 'theatres/900002'))?.merchant).toEqual({
      stringValue: 'CGV',
    });
    await clearProject(project);
  });
});
