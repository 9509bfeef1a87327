/**
 * Retention on the Firestore emulator, with a day made by the real scrapers against the simulator
 * (tiny preset): movies, schedules, the morning seat pass, a JIT pass every 10 minutes until the
 * last show, the summary. Then, 15 days later: prune (archive, then delete) and restore.
 *
 * Proves: the archive holds every document of the day; the delete removes exactly those and never
 * today's documents, snapshots/latest, theatres or auth_tokens; restore puts every document back
 * byte for byte, as the REST API returns it (so a whole doubleValue stays a doubleValue); the seat
 * snapshots are rebuilt from ~slot reads, not read one by one, and a rebuild that does not match
 * the store falls back to reading them.
 */
import { mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, addDaysToDate } from '../../shared/clock.js';
import { Double } from '../../shared/store/documents.js';
import type { Store } from '../../shared/store/store.js';
import { runPrune } from '../../scripts/retention/prune.js';
import { runRestore } from '../../scripts/retention/restore.js';
import { collectDay } from '../../scripts/retention/collect.js';
import { runIdRange } from '../../scripts/retention/days.js';
import { measuredStore } from '../../scripts/bench/measured-store.js';
import { emulatorHost, readRestDocument } from '../helpers/firestore.js';
import { openSeatsWorld, readAndSummariseDay, scrapeDay, type SeatsWorld } from '../seats/world.js';

const MORNING = '2026-01-19T00:30:00.000Z'; // 07:30 WIB
const DATE = '2026-01-19';
const LATER = '2026-02-03T03:00:00.000Z'; // 15 days later, 10:00 WIB
const TODAY = '2026-02-03';

let w: SeatsWorld;
let dir: string;
/** Every document of the project before the prune: path → REST fields as JSON. */
let before: Map<string, string>;
let jitSnapshots = 0;

/** Every document path of the project (documents under missing parents included). */
async function allPaths(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (cols: FirebaseFirestore.CollectionReference[]) => {
    for (const col of cols) {
      for (const ref of await col.listDocuments()) {
        const snap = await ref.get();
        if (snap.exists) out.push(ref.path);
        await walk(await ref.listCollections());
      }
    }
  };
  await walk(await w.store.db.listCollections());
  return out.sort();
}

async function dump(): Promise<Map<string, string>> {
  const host = emulatorHost();
  const out = new Map<string, string>();
  for (const p of await allPaths()) out.set(p, JSON.stringify(await readRestDocument(host, w.project, p)));
  return out;
}

const later = () => new FixedClock(new Date(LATER));
const deps = () => ({ store: w.store, clock: later(), log: w.log });
const isRun = (p: string) => p.startsWith('run_log/') || p.startsWith('scraper_runs/');
/** A document of DATE: by its path, a snapshot by its date, a run record by its start in DATE's Jakarta day. */
const isDayDoc = (p: string, fields: string) => {
  if (isRun(p)) {
    const id = p.split('/')[1]!;
    const { from, before: end } = runIdRange(DATE);
    return id >= from && id < end;
  }
  if (p.startsWith('box_office/')) return false; // kept forever, never archived (docs/operations.md#retention)
  return (
    p.includes(`/${DATE}`) || (p.startsWith('seat_snapshots/') && fields.includes(`"date":{"stringValue":"${DATE}"}`))
  );
};

beforeAll(async () => {
  w = await openSeatsWorld({ name: 'retention', preset: 'tiny', now: MORNING });
  await scrapeDay(w);
  jitSnapshots = await readAndSummariseDay(w, MORNING, DATE);
  // Documents retention must not touch: one of "today" (15 days later) and one inside the window.
  await w.store.set(`seat_index/${TODAY}`, { date: TODAY, updated_at: LATER, documents: 0, showtimes: 0, entries: '' });
  await w.store.set(`daily_summaries/${addDaysToDate(TODAY, -13)}`, {
    date: addDaysToDate(TODAY, -13),
    total_audience: 1,
    total_seats: 2,
    total_available: 1,
    occupancy_pct: new Double(50),
    showtime_count: 1,
    movie_count: 1,
    theatre_count: 1,
    city_count: 1,
    generated_at: LATER,
  });
  dir = await mkdtemp(join(tmpdir(), 'cineradar-archive-'));
  before = await dump();
}, 240_000);

afterAll(async () => {
  await w?.close();
});

describe('prune and restore on the emulator', () => {
  it('the day holds every kind of dated document, JIT snapshots among them, and whole doubles', () => {
    const paths = [...before.keys()];
    for (const prefix of [
      `snapshots/${DATE}`,
      `snapshots/${DATE}/cities/`,
      `schedules/${DATE}/movies/`,
      `schedules/${DATE}/showtimes/`,
      `seat_days/${DATE}/slots/`,
      `seat_index/${DATE}`,
      `daily_summaries/${DATE}`,
      `daily_admissions/${DATE}/movies/`,
      'seat_snapshots/',
      'run_log/',
      'scraper_runs/',
      'theatres/',
      'auth_tokens/tix_jwt',
      'snapshots/latest',
    ]) {
      expect(
        paths.some((p) => p.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
    expect(jitSnapshots).toBeGreaterThan(10);
    expect(paths.filter((p) => p.startsWith('seat_snapshots/'))).toHaveLength(jitSnapshots);
    // a whole number stored as a double: what a plain JSON read would turn into an integer
    expect([...before.values()].some((f) => /"doubleValue":\d+[,}]/.test(f))).toBe(true);
  });

  it('archives the day from its slots (no snapshot read one by one), checked against a sample', async () => {
    const m = measuredStore(w.store);
    const day = await collectDay(m, DATE);
    expect(day.snapshots).toMatchObject({ rebuilt: jitSnapshots, read: 0 });
    expect(day.snapshots.fallback).toBeUndefined();
    expect(day.snapshots.checked).toBe(Math.min(20, jitSnapshots));
    const dayPaths = [...before].filter(([p, f]) => isDayDoc(p, f)).map(([p]) => p);
    expect(dayPaths.filter((p) => p.startsWith('run_log/')).length).toBeGreaterThan(10);
    expect(day.docs.map((d) => d.path)).toEqual(dayPaths.sort());
    // reads: everything but the snapshots, plus the count and the sample
    expect(m.measure().reads).toBeLessThan(day.docs.length - jitSnapshots + 10 + 20 + 5);
  });

  it('refuses a day inside the retention window and deletes nothing', async () => {
    const r = await runPrune(deps(), {
      phase: 'all',
      archiveDir: dir,
      keepDays: 14,
      lookback: 30,
      date: addDaysToDate(TODAY, -13),
    });
    expect(r.run.exitCode).toBe(1);
    expect(r.run.status).toBe('failed');
    expect((await dump()).size).toBeGreaterThanOrEqual(before.size);
  });

  it('archive, then delete: exactly the day leaves the store; the archive holds it whole', async () => {
    const a = await runPrune(deps(), { phase: 'archive', archiveDir: dir, keepDays: 14, lookback: 30 });
    expect(a.run.exitCode).toBe(0);
    const archived = a.days.find((d) => d.date === DATE)!;
    expect(archived.archived).toBeGreaterThan(jitSnapshots);
    // the summary ran at 01:30 WIB the next day: its run record is that day's, archived with it
    expect(a.days.filter((d) => d.archived !== undefined).map((d) => [d.date, d.archived])).toEqual([
      [DATE, archived.archived],
      [addDaysToDate(DATE, 1), 1],
    ]);
    expect((await dump()).size).toBeGreaterThanOrEqual(before.size); // nothing deleted yet

    const lines = gunzipSync(await readFile(join(dir, `${DATE}.ndjson.gz`)))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      format: 'cineradar-day-archive',
      version: 1,
      date: DATE,
      documents: archived.archived,
    });
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.days[DATE]).toMatchObject({ documents: archived.archived, file: `${DATE}.ndjson.gz` });
    // Only days with documents are listed; how far the run looked is one field, not 28 empty days.
    expect(Object.keys(manifest.days).sort()).toEqual([DATE, addDaysToDate(DATE, 1)]);
    expect(manifest.checked_through).toBe(addDaysToDate(TODAY, -14));
    // A second run reads none of the days it found empty.
    const looked: string[] = [];
    const counting = Object.create(w.store) as Store;
    counting.exportDocs = (c, o) => (looked.push(c), w.store.exportDocs(c, o));
    counting.exportDoc = (p: string) => (looked.push(p), w.store.exportDoc(p));
    counting.count = (c, where) => (looked.push(`${c} ${JSON.stringify(where ?? {})}`), w.store.count(c, where));
    const a2 = await runPrune(
      { ...deps(), store: counting },
      { phase: 'archive', archiveDir: dir, keepDays: 14, lookback: 30 },
    );
    expect(a2.run.exitCode).toBe(0);
    expect(a2.days.map((x) => x.date)).toEqual([DATE, addDaysToDate(DATE, 1)]);
    expect(looked.filter((p) => /\d{4}-\d{2}-\d{2}/.test(p))).toEqual([]);

    const d = await runPrune(deps(), { phase: 'delete', archiveDir: dir, keepDays: 14, lookback: 30 });
    expect(d.run.exitCode).toBe(0);
    expect(d.days.find((x) => x.date === DATE)!.deleted).toBe(archived.archived);
    const after = await dump();
    for (const [p, f] of before) {
      if (isDayDoc(p, f) || p.endsWith('_summary')) expect(after.has(p), p).toBe(false);
      else expect(after.get(p), p).toBe(f);
    }
    for (const keep of [
      'snapshots/latest',
      'auth_tokens/tix_jwt',
      `seat_index/${TODAY}`,
      `daily_summaries/${addDaysToDate(TODAY, -13)}`,
    ])
      expect(after.get(keep), keep).toBe(before.get(keep));
    expect([...after.keys()].filter((p) => p.startsWith('theatres/'))).toEqual(
      [...before.keys()].filter((p) => p.startsWith('theatres/')),
    );
    // the prune runs recorded themselves (today's run_log), the day's run records are gone
    expect([...after.keys()].some((p) => /^run_log\/2026-02-0[23]T.*_prune$/.test(p))).toBe(true);
    expect([...after.keys()].filter((p) => p.startsWith('run_log/2026-01-1'))).toEqual([]);

    const m2 = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(m2.days[DATE].deleted_at).toBe(LATER);
    // a later run needs neither the file nor a read for a day marked deleted
    await rename(join(dir, `${DATE}.ndjson.gz`), join(dir, 'elsewhere.gz'));
    const probed: string[] = [];
    const spy = Object.create(w.store) as Store;
    spy.get = (p: string) => (probed.push(p), w.store.get(p));
    spy.exportDocs = (c, o) => (probed.push(c), w.store.exportDocs(c, o));
    const again = await runPrune(
      { ...deps(), store: spy },
      { phase: 'delete', archiveDir: dir, keepDays: 14, lookback: 30 },
    );
    expect(again.run.exitCode).toBe(0);
    expect(probed).toEqual([]);
    await rename(join(dir, 'elsewhere.gz'), join(dir, `${DATE}.ndjson.gz`));
    // named with --date it is looked at again: its documents are gone, so nothing is deleted
    const named = await runPrune(deps(), { phase: 'delete', archiveDir: dir, keepDays: 14, lookback: 30, date: DATE });
    expect(named.days[0]).toMatchObject({ date: DATE, note: 'already removed' });
  });

  it('restore puts every document back byte for byte (REST fields, types included)', async () => {
    const r = await runRestore(deps(), { date: DATE, archiveDir: dir });
    expect(r.run.exitCode).toBe(0);
    const after = await dump();
    for (const [p, f] of before) if (!p.endsWith('_summary')) expect(after.get(p), p).toBe(f);
    expect(await runRestore(deps(), { date: addDaysToDate(DATE, 1), archiveDir: dir })).toMatchObject({ written: 1 });
    const all = await dump();
    for (const [p, f] of before) expect(all.get(p), p).toBe(f);
  });

  it('a rebuild that does not match the store falls back to reading every snapshot, and the archive is still exact', async () => {
    // After the restore above the day is whole again; change one stored snapshot behind the slots' back.
    const victim = [...before.keys()].find((p) => p.startsWith('seat_snapshots/'))!;
    const data = (await w.store.get(victim))!;
    await w.store.set(victim, {
      ...data,
      occupancy_pct: new Double(100),
      unavailable_seats: data.total_seats,
      available_seats: 0,
    });
    const orphan = { ...data, showtime_id: '999999', snapshot_type: 'final', occupancy_pct: new Double(0) };
    await w.store.set('seat_snapshots/999999_final_2359', orphan);
    const day = await collectDay(w.store, DATE, { sample: 1_000 });
    expect(day.snapshots.fallback).toMatch(/holds \d+ snapshots/);
    expect(day.snapshots.read).toBe(jitSnapshots + 1);
    const held = day.docs.find((d) => d.path === victim)!;
    expect(held.fields.occupancy_pct).toEqual({ doubleValue: 100 });
    await w.store.delete('seat_snapshots/999999_final_2359');
    const again = await collectDay(w.store, DATE, { sample: 1_000 });
    expect(again.snapshots.fallback).toMatch(/differs from the stored document/);
    expect(again.docs.find((d) => d.path === victim)!.fields.unavailable_seats).toEqual({
      integerValue: String(data.total_seats),
    });
  });

  it('a damaged archive deletes nothing and names the file', async () => {
    const file = join(dir, `${DATE}.ndjson.gz`);
    const gz = await readFile(file);
    await writeFile(file, gz.subarray(0, gz.length - 10));
    const count = (await dump()).size;
    const d = await runPrune(deps(), { phase: 'delete', archiveDir: dir, keepDays: 14, lookback: 30, date: DATE });
    expect(d.run.exitCode).toBe(1);
    expect(d.days[0]!.error).toMatch(/2026-01-19\.ndjson\.gz: SHA-256 differs/);
    expect((await dump()).size).toBeGreaterThanOrEqual(count);
    const r = await runRestore(deps(), { date: DATE, archiveDir: dir });
    expect(r.run.exitCode).toBe(1);
  });
});
