/**
 * `npm run demo -- --store firestore`: the whole day against the simulator (tiny preset) and the test run's Firestore
 * emulator, with a real Playwright login in Chromium on the simulator's login page; what it lists
 * as written must be what the simulator's day implies.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEMO_CREDENTIALS,
  chromiumAvailable,
  demoCollections,
  parseDemoArgs,
  runDemo,
  DemoUsageError,
} from '../scripts/demo.js';
import { emulatorHost, readRestDocument } from './helpers/firestore.js';
import { generateDay } from '../scripts/tix-sim/data.js';

describe('demo options', () => {
  it('defaults to the city preset at 06:00 WIB of today, or CINERADAR_NOW', () => {
    const o = parseDemoArgs([], {}, new Date('2026-03-02T20:00:00Z')); // 03:00 WIB on 3 March
    expect(o.preset).toBe('city');
    // The day stays in the file store under data/demo, where the other commands can read it.
    expect(o).toMatchObject({ store: 'file', dataDir: 'data/demo' });
    expect(o.now).toBe('2026-03-02T23:00:00.000Z');
    expect(parseDemoArgs([], { CINERADAR_NOW: '2026-01-19T09:30:00+07:00' }).now).toBe('2026-01-19T02:30:00.000Z');
    expect(parseDemoArgs(['--', '--preset', 'tiny', '--store=file', '--no-browser'], {})).toMatchObject({
      preset: 'tiny',
      store: 'file',
      browser: false,
    });
    expect(() => parseDemoArgs(['--preset', 'huge'], {})).toThrow(DemoUsageError);
    expect(() => parseDemoArgs(['--now', '2026-01-19 06:00'], {})).toThrow(/ISO instant/);
  });
  it('lists the dated collections of the day', () => {
    expect(demoCollections('2026-01-19')).toContain('schedules/2026-01-19/showtimes');
    expect(demoCollections('2026-01-19')).toContain('daily_admissions/2026-01-19/movies');
  });
  it('uses a demo-only account, not anything from the environment', () => {
    expect(DEMO_CREDENTIALS.phone).toMatch(/^8\d+$/);
  });
});

describe('demo run', () => {
  it('runs the whole day and lists what it wrote', { timeout: 120_000 }, async () => {
    const now = '2026-03-02T06:00:00+07:00';
    const lines: string[] = [];
    const report = join(mkdtempSync(join(tmpdir(), 'cineradar-demo-')), 'report.html');
    const o = parseDemoArgs(['--preset', 'tiny', '--now', now, '--store', 'firestore', '--report', report], {});
    const result = await runDemo(
      o,
      { PATH: process.env.PATH, FIRESTORE_EMULATOR_HOST: emulatorHost(), LOG_LEVEL: 'silent' },
      (l) => lines.push(l),
    );
    const text = lines.join('\n');

    expect(result.exitCode).toBe(0);
    expect(result.storeKind).toBe('firestore');
    // A real browser login whenever a Chromium exists (it does on the CI image and here).
    expect(result.login).toBe((await chromiumAvailable(undefined)) ? 'browser' : 'minted');
    expect(result.records.map((r) => [r.step, r.status])).toEqual([
      ['token', 'success'],
      ['movies', 'success'],
      ['schedules', 'success'],
      ['seats-morning', 'success'],
      ['seats-jit', 'success'],
      ['summary', 'success'],
    ]);

    // The same seeded day the simulator served.
    const day = generateDay({ preset: 'tiny', seed: 1, date: '2026-03-02' });
    const future = day.showtimes.filter((s) => Date.parse(s.startsAt) > Date.parse(now)).length;
    const count = (c: string) => result.written.find((w) => w.collection === c)?.count;
    const jit = result.records.find((r) => r.step === 'seats-jit')!;
    expect(jit.counts.showtimes_scraped).toBeGreaterThan(0);
    expect(count('schedules/2026-03-02/movies')).toBe(day.movies.length);
    expect(count('schedules/2026-03-02/showtimes')).toBe(day.movieCities.length);
    expect(count('theatres')).toBe(day.theatres.length);
    expect(jit.counts.snapshots_written).toBe(jit.counts.showtimes_success);
    expect(count('seat_snapshots')).toBe(jit.counts.snapshots_written);
    const morning = result.records.find((r) => r.step === 'seats-morning')!;
    expect(morning.counts.readings_stored).toBe(future);
    expect(count('seat_days/2026-03-02/slots')).toBeGreaterThan(0);
    expect(count('daily_summaries')).toBe(1);
    expect(count('box_office')).toBe(1);
    expect(count('run_log')).toBe(7); // token, movies, schedules, seats morning, seats JIT, summary, geocode
    expect(count('scraper_runs')).toBe(2); // what the admin reads: the movies run and the JIT hour
    expect(text).toMatch(/SUCCESS: every step succeeded/);
    // The demo's theatres are on the admin's map: numeric coordinates and a place id each.
    expect(result.geocode).toMatchObject({ status: 'success', geocoded: day.theatres.length });
    const project = /FIREBASE_PROJECT_ID=(demo-cineradar-[a-z0-9]+)/.exec(text)![1]!;
    for (const t of day.theatres) {
      const fields = await readRestDocument(emulatorHost(), project, `theatres/${t.id}`);
      expect(Object.keys(fields!.lat!), t.id).toEqual(['doubleValue']);
      expect(Object.keys(fields!.lng!), t.id).toEqual(['doubleValue']);
      expect(Object.keys(fields!.place_id!), t.id).toEqual(['stringValue']);
    }
    // It ends with where the day is (this emulator was not started by the demo, so it stays) and the report.
    expect(result.reportPath).toBe(report);
    expect(readFileSync(report, 'utf8')).toContain('id="chart-by-hour"');
    expect(lines.at(-1)).toBe(`Report: ${report}`);
    expect(lines.at(-2)).toMatch(
      new RegExp(
        `^  FIRESTORE_EMULATOR_HOST=${emulatorHost()} FIREBASE_PROJECT_ID=demo-cineradar-[a-z0-9]+ npm run report -- --date 2026-03-02$`,
      ),
    );
    expect(text).toMatch(/seat_snapshots\s+\d+\s+e\.g\. seat_snapshots\/\d+_jit_\d{4}/);
    // No secret reaches the output: neither the demo password, its phone number unmasked, nor a token.
    expect(text).not.toContain(DEMO_CREDENTIALS.password);
    expect(text).not.toContain(DEMO_CREDENTIALS.phone);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\./);
  });
});
