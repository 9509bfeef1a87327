/**
 * Retention's pure parts and the file store's side of it: typed values (shared/store/typed.ts),
 * the seat maps kept in slot documents (scrapers/seats/maps.ts), which days and paths a prune
 * touches (days.ts), the archive file format and its checks (archive-file.ts), the prune/restore
 * options, and a prune + restore round trip on the file store.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ArgsError } from '../../shared/args.js';
import { FixedClock } from '../../shared/clock.js';
import { parseCommand } from '../../shared/cli.js';
import { createLogger } from '../../shared/log.js';
import { Double } from '../../shared/store/documents.js';
import { FileStore } from '../../shared/store/file-store.js';
import {
  canonicalJson,
  dataOf,
  typedFields,
  typedFromPlain,
  typedOf,
  valueOf,
  type TypedDoc,
} from '../../shared/store/typed.js';
import { decodeMaps, encodeMaps, mapKey, mergeMaps, rebuildable } from '../../scrapers/seats/maps.js';
import { saveSlot } from '../../scrapers/seats/day.js';
import { buildSnapshot, snapshotDigest } from '../../scrapers/seats/snapshot.js';
import type { ShowFacts } from '../../scrapers/seats/readings.js';
import {
  ArchiveError,
  decodeArchive,
  encodeArchive,
  readArchive,
  writeArchive,
} from '../../scripts/retention/archive-file.js';
import { collectDay } from '../../scripts/retention/collect.js';
import { candidateDays, dayParts, lastPrunableDay, refusal, runIdRange } from '../../scripts/retention/days.js';
import { runPrune } from '../../scripts/retention/prune.js';
import { runRestore } from '../../scripts/retention/restore.js';
import { command as pruneCommand, pruneOptions } from '../../scripts/prune.js';
import { command as restoreCommand, restoreOptions } from '../../scripts/restore.js';

const log = createLogger({ level: 'silent', format: 'json' });
const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'cineradar-retention-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('typed values', () => {
  it('keeps integer and double apart, whole doubles included, and decodes back to what a store writes', () => {
    const read = {
      n: 12n,
      d: 100,
      half: 12.5,
      s: 'x',
      b: true,
      z: null,
      arr: [1n, 2.5, { k: 'v' }],
      empty: [],
      m: { inner: 3n },
      none: {},
    };
    const t = typedFields(read);
    expect(t).toEqual({
      n: { integerValue: '12' },
      d: { doubleValue: 100 },
      half: { doubleValue: 12.5 },
      s: { stringValue: 'x' },
      b: { booleanValue: true },
      z: { nullValue: null },
      arr: {
        arrayValue: {
          values: [{ integerValue: '1' }, { doubleValue: 2.5 }, { mapValue: { fields: { k: { stringValue: 'v' } } } }],
        },
      },
      empty: { arrayValue: {} },
      m: { mapValue: { fields: { inner: { integerValue: '3' } } } },
      none: { mapValue: {} },
    });
    const back = dataOf(t);
    expect(back.n).toBe(12);
    expect(back.d).toBeInstanceOf(Double);
    expect((back.d as Double).value).toBe(100);
    expect((back.arr as unknown[])[0]).toBe(1);
    expect(back.empty).toEqual([]);
    expect(back.none).toEqual({});
  });

  it('refuses what no document of ours holds, by field', () => {
    expect(() => valueOf({ integerValue: '9007199254740993' }, 'counts.x')).toThrow(
      /counts\.x: integer 9007199254740993 is beyond 2\^53/,
    );
    expect(() => dataOf({ at: { timestampValue: '2026-01-19T00:00:00Z' } })).toThrow(
      /at: unsupported value timestampValue/,
    );
    expect(() => typedOf(() => 1)).toThrow(/cannot archive a value of type function/);
  });

  it('types what a store wrote (Double → double, whole number → integer) and compares maps in any order', () => {
    const t = typedFromPlain({ pct: new Double(0), count: 3, ratio: 0.5, rows: [{ row: 'A', seats: 'AU' }] });
    expect(t.pct).toEqual({ doubleValue: 0 });
    expect(t.count).toEqual({ integerValue: '3' });
    expect(t.ratio).toEqual({ doubleValue: 0.5 });
    const a = typedFields({ x: 1n, m: { b: 'b', a: 'a' } });
    const b = typedFields({ m: { a: 'a', b: 'b' }, x: 1n });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).not.toBe(canonicalJson(typedFields({ x: 1, m: { a: 'a', b: 'b' } })));
  });
});

describe('seat maps in slot documents', () => {
  const rows = [
    { row: 'A', seats: 'AAUU__AA' },
    { row: 'B "quoted"\tx', seats: 'UUUU' },
  ];
  const facts: ShowFacts = {
    showtime_id: '1',
    showtime: '10:00',
    movie_id: '2',
    movie_title: 'A',
    theatre_id: '3',
    theatre_name: 'T',
    city: 'JAKARTA',
    merchant: 'XXI',
    room_category: '2D',
  };

  it('round-trip through gzip + base64, sorted, merged per key, and undecodable input gives no map', () => {
    const maps = new Map([
      [mapKey('jit', '2'), { digest: 'a'.repeat(32), rows }],
      [mapKey('final', '1'), { digest: 'b'.repeat(32), rows: [{ row: 'C', seats: 'A' }] }],
    ]);
    const field = encodeMaps(maps)!;
    expect(field).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(decodeMaps(field)).toEqual(maps);
    expect(encodeMaps(new Map([...maps].reverse()))).toBe(field);
    const merged = mergeMaps(
      decodeMaps(field),
      new Map([[mapKey('jit', '2'), { digest: 'c'.repeat(32), rows: [{ row: 'Z', seats: 'U' }] }]]),
    );
    expect(merged.get(mapKey('jit', '2'))).toEqual({ digest: 'c'.repeat(32), rows: [{ row: 'Z', seats: 'U' }] });
    expect(merged.get(mapKey('final', '1'))!.rows).toEqual([{ row: 'C', seats: 'A' }]);
    expect(encodeMaps(new Map())).toBeUndefined();
    expect(decodeMaps('not base64 gzip').size).toBe(0);
    expect(decodeMaps(undefined).size).toBe(0);
    const d = 'd'.repeat(32);
    const bad = gzipSync(
      Buffer.from(
        `jit\t5\t${d}\t{not json}\nmorning\t6\t${d}\t[]\njit\t7\t${d}\t[{"row":1}]\njit\t9\t[]\njit\t8\t${d}\t[]`,
      ),
    ).toString('base64');
    expect([...decodeMaps(bad).keys()]).toEqual([mapKey('jit', '8')]);
  });

  it('a map that would push the slot near 1 MiB is left out; the reading is still stored', async () => {
    const store = new FileStore({ dataDir: await tmp(), log });
    const clock = new FixedClock(new Date('2026-01-19T02:00:00.000Z'));
    const record = (id: string) =>
      new Map([
        [
          id,
          {
            facts: { ...facts, showtime_id: id },
            jit: { unavailable: 1, total: 2, at: '2026-01-19T02:00:00.000Z' },
            started: false,
          },
        ],
      ]);
    expect(
      await saveSlot(
        store,
        '2026-01-19',
        '1000',
        record('1'),
        clock,
        new Map([[mapKey('jit', '1'), { digest: 'e'.repeat(32), rows }]]),
      ),
    ).toBe(1);
    const small = (await store.get('seat_days/2026-01-19/slots/1000'))!;
    expect(decodeMaps(small.maps).size).toBe(1);
    // ~1 MB that gzip cannot shrink much
    const noise = randomBytes(800_000).toString('base64');
    expect(
      await saveSlot(
        store,
        '2026-01-19',
        '1000',
        record('2'),
        clock,
        new Map([[mapKey('jit', '2'), { digest: 'e'.repeat(32), rows: [{ row: 'A', seats: noise }] }]]),
      ),
    ).toBe(1);
    const after = (await store.get('seat_days/2026-01-19/slots/1000'))!;
    expect(after.showtimes).toBe(2);
    expect(after.maps).toBe(small.maps);
  });

  it('a map is kept only for facts the slot text keeps exactly', () => {
    expect(rebuildable(facts)).toBe(true);
    expect(rebuildable({ ...facts, movie_title: 'A\tB' })).toBe(false);
    expect(rebuildable({ ...facts, theatre_name: 'T\n' })).toBe(false);
  });
});

describe('which days and documents a prune touches', () => {
  it('keeps N days, today included, and looks back from the newest prunable day', () => {
    expect(lastPrunableDay('2026-02-03', 14)).toBe('2026-01-20');
    expect(candidateDays('2026-02-03', 14, 3)).toEqual(['2026-01-18', '2026-01-19', '2026-01-20']);
    expect(runIdRange('2026-01-19')).toEqual({ from: '2026-01-18T17-00-00', before: '2026-01-19T17-00-00' });
    expect(dayParts('2026-01-19').map((p) => (p.kind === 'doc' ? p.path : p.collection))).toEqual([
      'snapshots/2026-01-19',
      'snapshots/2026-01-19/cities',
      'schedules/2026-01-19/movies',
      'schedules/2026-01-19/showtimes',
      'seat_days/2026-01-19/slots',
      'seat_index/2026-01-19',
      'daily_summaries/2026-01-19',
      'daily_admissions/2026-01-19/movies',
      'run_log',
      'scraper_runs',
    ]);
  });

  it('refuses protected documents, days in the window, and anything not of the day', () => {
    const doc = (path: string, date?: string): TypedDoc => ({
      path,
      fields: date ? { date: { stringValue: date } } : {},
    });
    const D = '2026-01-19';
    const ok = (d: TypedDoc) => refusal(d, D, '2026-02-03', 14);
    expect(ok(doc(`schedules/${D}/movies/1`))).toBeUndefined();
    expect(ok(doc('seat_snapshots/1_jit_1000', D))).toBeUndefined();
    expect(ok(doc('run_log/2026-01-18T17-00-00_movies'))).toBeUndefined();
    expect(ok(doc('run_log/2026-01-19T17-00-00_summary'))).toMatch(/not a run of 2026-01-19/);
    expect(ok(doc('seat_snapshots/1_jit_1000', '2026-01-20'))).toMatch(/its date is not/);
    expect(ok(doc('snapshots/latest'))).toBe('protected document');
    expect(ok(doc('theatres/1'))).toBe('protected document');
    expect(ok(doc('auth_tokens/tix_jwt'))).toBe('protected document');
    // the box office is the history: never pruned, even a document of the pruned day
    expect(ok(doc(`box_office/${D}`, D))).toBe('protected document');
    expect(dayParts(D).some((p) => (p.kind === 'doc' ? p.path : p.collection).startsWith('box_office'))).toBe(false);
    expect(ok(doc('schedules/2026-01-20/movies/1'))).toMatch(/not a document of/);
    expect(refusal(doc(`schedules/${D}/movies/1`), D, '2026-02-01', 14)).toMatch(/inside the retention window/);
  });
});

describe('the archive file', () => {
  const docs: TypedDoc[] = [
    { path: 'b/2', fields: { x: { integerValue: '1' } } },
    { path: 'a/1', fields: { y: { doubleValue: 5 } } },
  ];
  it('is a header then one document per line, sorted by path; every damage is named', async () => {
    const gz = encodeArchive('2026-01-19', docs, '2026-02-03T00:00:00.000Z');
    const { header, docs: back } = decodeArchive(gz, 'f');
    expect(header).toMatchObject({ format: 'cineradar-day-archive', version: 1, date: '2026-01-19', documents: 2 });
    expect(back.map((d) => d.path)).toEqual(['a/1', 'b/2']);
    expect(() => decodeArchive(gz, 'f', '2026-01-20')).toThrow(/f: holds 2026-01-19, not 2026-01-20/);
    expect(() => decodeArchive(Buffer.from('plain'), 'f')).toThrow(ArchiveError);
    expect(() => decodeArchive(gzipSync('{"format":"other"}\n'), 'f')).toThrow(/no cineradar-day-archive v1 header/);
    const lines = [
      '{"format":"cineradar-day-archive","version":1,"date":"2026-01-19","documents":2,"created_at":"x"}',
      '{"path":"a","fields":{}}',
    ];
    expect(() => decodeArchive(gzipSync(lines.join('\n')), 'f')).toThrow(/header says 2 documents, the file holds 1/);
    expect(() => decodeArchive(gzipSync([lines[0], '{oops', '{}'].join('\n')), 'f')).toThrow(/line 2 is not JSON/);
    expect(() => decodeArchive(gzipSync([lines[0], '{"path":1}', '{}'].join('\n')), 'f')).toThrow(
      /line 2 is not \{path, fields\}/,
    );

    const dir = await tmp();
    const entry = await writeArchive(dir, '2026-01-19', docs, '2026-02-03T00:00:00.000Z');
    expect(entry).toMatchObject({ file: '2026-01-19.ndjson.gz', documents: 2 });
    expect(await readArchive(dir, '2026-01-19', entry)).toHaveLength(2);
    await expect(readArchive(dir, '2026-01-19', { ...entry, documents: 3, sha256: undefined })).rejects.toThrow(
      /manifest.json says 3/,
    );
    await expect(readArchive(dir, '2026-01-18')).rejects.toThrow(/2026-01-18.ndjson.gz: cannot read \(ENOENT\)/);
  });
});

describe('prune and restore options', () => {
  it('phase, keep days from the flag or CINERADAR_RETENTION_DAYS, lookback; bad values are usage errors', () => {
    const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => pruneOptions(parseCommand(pruneCommand, argv), env);
    expect(parse([])).toEqual({
      phase: 'all',
      archiveDir: './archive',
      date: undefined,
      keepDays: 14,
      lookback: 30,
      maxDays: 2,
      maxDeletes: 15_000,
    });
    expect(parse(['--max-days', '5', '--max-deletes', '1000'])).toMatchObject({ maxDays: 5, maxDeletes: 1000 });
    expect(() => parse(['--keep-days', '2'])).toThrow(/--keep-days must be a whole number from 3/);
    expect(parse(['--phase', 'archive', '--archive-dir', 'x'], { CINERADAR_RETENTION_DAYS: '20' })).toMatchObject({
      phase: 'archive',
      archiveDir: 'x',
      keepDays: 20,
    });
    expect(parse(['--keep-days', '7'], { CINERADAR_RETENTION_DAYS: '20' }).keepDays).toBe(7);
    expect(() => parse(['--phase', 'sweep'])).toThrow(ArgsError);
    expect(() => parse([], { CINERADAR_RETENTION_DAYS: '0' })).toThrow(
      /CINERADAR_RETENTION_DAYS must be a whole number from 3/,
    );
    expect(() => parse(['--date', '2026-13-01'])).toThrow(/--date must be a date/);
    expect(restoreOptions(parseCommand(restoreCommand, ['--date', '2026-01-19', '--dry-run']))).toEqual({
      date: '2026-01-19',
      archiveDir: './archive',
      dryRun: true,
    });
    expect(() => parseCommand(restoreCommand, [])).toThrow(/--date YYYY-MM-DD is required/);
  });
});

/**
 * One JIT reading of show `id` at 19:30 on `date`, stored as the writer stores it: its snapshot
 * document, then its slot record with the seat map and the snapshot's digest.
 */
async function storeJitReading(store: FileStore, date: string, id: string): Promise<{ facts: ShowFacts; at: Date }> {
  const facts: ShowFacts = {
    showtime_id: id,
    showtime: '19:30',
    movie_id: '2',
    movie_title: 'FILM',
    theatre_id: '3',
    theatre_name: 'JAKARTA XXI',
    city: 'JAKARTA',
    merchant: 'XXI',
    room_category: '2D',
  };
  const rows = [{ row: 'A', seats: 'AUU_A' }];
  const at = new Date(`${date}T12:10:00.000Z`);
  const snap = buildSnapshot(
    { ...facts, date },
    { total: 4, unavailable: 2, available: 2, occupancy_pct: 50, rows },
    'jit',
    at,
  );
  await store.set(`seat_snapshots/${id}_jit_1930`, snap as unknown as Record<string, unknown>);
  const record = { facts, jit: { unavailable: 2, total: 4, at: at.toISOString() }, started: false };
  await saveSlot(
    store,
    date,
    '1900',
    new Map([[id, record]]),
    new FixedClock(at),
    new Map([[mapKey('jit', id), { digest: snapshotDigest(snap), rows }]]),
  );
  return { facts, at };
}

describe('prune and restore on the file store', () => {
  it('archives, deletes and restores a day; the JSON files come back as they were', async () => {
    const data = await tmp();
    const archive = await tmp();
    const store = new FileStore({ dataDir: data, log });
    const D = '2026-01-19';
    const { at } = await storeJitReading(store, D, '11');
    await store.set(`seat_index/${D}`, {
      date: D,
      updated_at: at.toISOString(),
      documents: 0,
      showtimes: 0,
      entries: '',
    });
    const files = ['seat_snapshots/11_jit_1930.json', `seat_days/${D}/slots/1900.json`, `seat_index/${D}.json`];
    const before = await Promise.all(files.map((f) => readFile(join(data, f), 'utf8')));

    const collected = await collectDay(store, D);
    expect(collected.snapshots).toMatchObject({ rebuilt: 1, read: 0, checked: 1 });
    const clock = new FixedClock(new Date('2026-02-03T03:00:00.000Z'));
    const pruned = await runPrune(
      { store, clock, log },
      { phase: 'all', archiveDir: archive, keepDays: 14, lookback: 2, date: D },
    );
    expect(pruned.run.exitCode).toBe(0);
    expect(pruned.days[0]).toMatchObject({ date: D, archived: 3, deleted: 3 });
    for (const f of files) await expect(readFile(join(data, f))).rejects.toThrow(/ENOENT/);
    expect(await store.count('seat_snapshots', { date: D })).toBe(0);

    const dry = await runRestore({ store, clock, log }, { date: D, archiveDir: archive, dryRun: true });
    expect(dry).toMatchObject({ documents: 3, written: 0 });
    expect(dry.run.exitCode).toBe(0);
    const restored = await runRestore({ store, clock, log }, { date: D, archiveDir: archive });
    expect(restored).toMatchObject({ documents: 3, written: 3 });
    const after = await Promise.all(files.map((f) => readFile(join(data, f), 'utf8')));
    expect(after.map((t) => JSON.parse(t))).toEqual(before.map((t) => JSON.parse(t)));

    // an archive that was changed by hand is refused before anything is deleted
    await writeFile(join(archive, `${D}.ndjson.gz`), encodeArchive(D, [], 'x'));
    const refused = await runPrune(
      { store, clock, log },
      { phase: 'delete', archiveDir: archive, keepDays: 14, lookback: 2, date: D },
    );
    expect(refused.run.exitCode).toBe(1);
    expect(refused.days[0]!.error).toMatch(/SHA-256 differs from manifest.json/);
    expect(await store.count('seat_snapshots', { date: D })).toBe(1);
  });

  it('a snapshot whose slot record changed after it was written (new facts, a later reading) is read, not rebuilt', async () => {
    const store = new FileStore({ dataDir: await tmp(), log });
    const D = '2026-01-19';
    const { facts, at } = await storeJitReading(store, D, '21');
    const clock = new FixedClock(at);
    expect((await collectDay(store, D)).snapshots).toMatchObject({ rebuilt: 1, read: 0 });
    // a later final reading after a schedules change: the record's facts are the new ones now
    await saveSlot(
      store,
      D,
      '1900',
      new Map([
        [
          '21',
          {
            facts: { ...facts, movie_title: 'FILM (NEW TITLE)', room_category: 'IMAX' },
            final: { unavailable: 3, total: 4, at: '2026-01-19T12:28:00.000Z' },
            started: false,
          },
        ],
      ]),
      clock,
    );
    const day = await collectDay(store, D);
    expect(day.snapshots).toMatchObject({ rebuilt: 0, read: 1 });
    expect(day.snapshots.fallback).toBeUndefined();
    const held = day.docs.find((d) => d.path === 'seat_snapshots/21_jit_1930')!;
    expect(held.fields.movie_title).toEqual({ stringValue: 'FILM' });
    expect(held.fields.room_category).toEqual({ stringValue: '2D' });
  });

  it('a delete stopped half-way resumes where it stopped: no document is deleted (and paid for) twice', async () => {
    const store = new FileStore({ dataDir: await tmp(), log });
    const archive = await tmp();
    const D = '2026-01-19';
    const ids = [
      '2026-01-18T23-00-00_movies',
      '2026-01-19T00-06-00_seats_jit',
      '2026-01-19T00-16-00_seats_jit',
      '2026-01-19T00-26-00_seats_jit',
      '2026-01-19T00-36-00_seats_jit',
    ];
    for (const id of ids)
      await store.set(`run_log/${id}`, {
        run_type: id.includes('seats') ? 'seats' : 'movies',
        status: 'success',
        timestamp: '2026-01-19T00:00:00Z',
        date: D,
      });
    const clock = new FixedClock(new Date('2026-02-03T03:00:00.000Z'));
    const o = { archiveDir: archive, keepDays: 14, lookback: 2, date: D, deleteChunk: 2 };
    const archived = await runPrune({ store, clock, log }, { ...o, phase: 'archive' });
    expect(archived.days[0]!.error).toBeUndefined();
    expect(archived.run.exitCode).toBe(0);
    // the second chunk's delete fails like a process killed in the middle of it
    const asked: string[][] = [];
    let calls = 0;
    const flaky = Object.create(store) as FileStore;
    flaky.deleteMany = async (paths) => {
      asked.push([...paths]);
      if (++calls === 2) throw new Error('killed');
      return store.deleteMany(paths);
    };
    const first = await runPrune({ store: flaky, clock, log }, { ...o, phase: 'delete' });
    expect(first.run.exitCode).toBe(1);
    let manifest = JSON.parse(await readFile(join(archive, 'manifest.json'), 'utf8'));
    expect(manifest.days[D]).toMatchObject({ deleted_upto: 2 });
    expect(manifest.days[D].deleted_at).toBeUndefined();
    asked.length = 0;
    const second = await runPrune({ store: flaky, clock, log }, { ...o, phase: 'delete' });
    expect(second.run.exitCode).toBe(0);
    expect(asked.flat()).toEqual(ids.slice(2).map((id) => `run_log/${id}`));
    expect(second.days[0]).toMatchObject({ deleted: 3 });
    manifest = JSON.parse(await readFile(join(archive, 'manifest.json'), 'utf8'));
    expect(manifest.days[D].deleted_at).toBe('2026-02-03T03:00:00.000Z');
    expect(manifest.days[D].deleted_upto).toBeUndefined();
    expect(await store.count('run_log', { run_type: 'prune' })).toBe(3); // only the three prune runs' own records are left
    expect(await store.count('run_log')).toBe(3);
  });

  it('one run spends at most --max-days archives and --max-deletes deletes; the next run goes on', async () => {
    const store = new FileStore({ dataDir: await tmp(), log });
    const archive = await tmp();
    const days = ['2026-01-18', '2026-01-19'];
    for (const [n, id] of [
      '2026-01-17T20-00-00',
      '2026-01-17T21-00-00',
      '2026-01-18T20-00-00',
      '2026-01-18T21-00-00',
      '2026-01-18T22-00-00',
    ].entries()) {
      await store.set(`run_log/${id}_movies`, {
        run_type: 'movies',
        status: 'success',
        timestamp: '2026-01-19T00:00:00Z',
        date: days[n < 2 ? 0 : 1]!,
      });
    }
    const clock = new FixedClock(new Date('2026-02-03T03:00:00.000Z'));
    const o = {
      phase: 'all' as const,
      archiveDir: archive,
      keepDays: 14,
      lookback: 3,
      maxDays: 1,
      maxDeletes: 3,
      deleteChunk: 2,
    };
    const first = await runPrune({ store, clock, log }, o);
    expect(first.run.exitCode).toBe(0);
    expect(first.days).toEqual([
      { date: '2026-01-18', archived: 2, deleted: 2 },
      { date: '2026-01-19', note: 'waits for the next run (--max-days)' },
      { date: '2026-01-20', note: 'waits for the next run (--max-days)' },
    ]);
    const second = await runPrune({ store, clock, log }, o);
    expect(second.days[1]).toMatchObject({ date: '2026-01-19', archived: 3, deleted: 3 });
    // a third day's worth under a smaller budget stops mid-day and resumes
    await store.set('run_log/2026-01-16T20-00-00_movies', {
      run_type: 'movies',
      status: 'success',
      timestamp: '2026-01-19T00:00:00Z',
      date: '2026-01-17',
    });
    const manifest = JSON.parse(await readFile(join(archive, 'manifest.json'), 'utf8'));
    expect(manifest.days['2026-01-19'].deleted_at).toBeDefined();
    await runRestore({ store, clock, log }, { date: '2026-01-19', archiveDir: archive });
    const tight = await runPrune({ store, clock, log }, { ...o, date: '2026-01-19', maxDeletes: 2 });
    expect(tight.days[0]).toMatchObject({
      deleted: 2,
      note: expect.stringMatching(/delete budget of this run spent \(--max-deletes\) after 2 of 3/),
    });
    const rest = await runPrune({ store, clock, log }, { ...o, date: '2026-01-19' });
    expect(rest.days[0]).toMatchObject({ deleted: 1 });
  });

  it('lists by id range and counts with a filter', async () => {
    const store = new FileStore({ dataDir: await tmp(), log });
    const run = (id: string) => ({
      run_type: 'movies',
      status: 'success',
      timestamp: '2026-01-19T00:00:00Z',
      date: '2026-01-19',
      run_id: id,
    });
    for (const id of [
      '2026-01-18T16-59-59_movies',
      '2026-01-18T17-00-00_movies',
      '2026-01-19T16-59-59_movies',
      '2026-01-19T17-00-00_movies',
    ]) {
      expect((await store.writeMany([{ path: `run_log/${id}`, data: run(id) }])).written).toBe(1);
    }
    const { from, before } = runIdRange('2026-01-19');
    expect((await store.exportDocs('run_log', { idFrom: from, idBefore: before })).map((d) => d.path)).toEqual([
      'run_log/2026-01-18T17-00-00_movies',
      'run_log/2026-01-19T16-59-59_movies',
    ]);
    expect(await store.count('run_log', { status: 'success' })).toBe(4);
    const report = await store.deleteMany(['run_log/2026-01-18T16-59-59_movies', 'bad//path']);
    expect(report.deleted).toBe(1);
    expect(report.failed.map((f) => f.path)).toEqual(['bad//path']);
  });
});
