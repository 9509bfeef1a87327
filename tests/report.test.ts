/**
 * `npm run report`: a simulated day (the demo's tiny preset, run by the real pipeline steps into a
 * file store, plus one sold-out and one empty final reading written into its slot documents) rendered as
 * the page, opened in real Chromium with every network request refused, screenshotted, and every
 * chart's marks (their aria-labels, which Vega-Lite writes from the data) compared with figures
 * this test computes itself from the stored seat readings, daily summary, admissions and runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright';
import { FixedClock, localToInstant } from '../shared/clock.js';
import { cityZone } from '../shared/tix/cities.js';
import { createLogger } from '../shared/log.js';
import { FileStore } from '../shared/store/file-store.js';
import { CHROMIUM_ARGS, findChromium } from '../shared/token/login.js';
import { parseDemoArgs, runDemo, type DemoResult } from '../scripts/demo.js';
import { runSummary } from '../scripts/summary/run.js';
import { aggregateDay, type DayReport } from '../scripts/report/aggregate.js';
import { writeReport } from '../scripts/report/write.js';
import { readSeatReadings, type DayDocs, type SeatReading } from '../scripts/report/read-day.js';
import { stepSummaryMarkdown } from '../scripts/report/step-summary.js';

const NOW = '2026-03-02T06:00:00+07:00';
const DATE = '2026-03-02';
const REPO = resolve(import.meta.dirname, '..');
const log = createLogger({ level: 'silent', format: 'json' });

let dir: string;
let dataDir: string;
let demo: DemoResult;
let demoLines: string[];
let store: FileStore;
let page: string;
let browser: Browser;

/**
 * The day's slot documents (`seat_days/{date}/slots/*`), parsed here from their documented line
 * format — showtime_id, HH:MM, movie_id, movie_title, theatre_id, theatre_name, city, merchant,
 * room_category, then the morning, jit and final readings (`unavailable/total@ISO` or `-`) and a
 * flag — independently of the code the report uses.
 */
interface SlotLine {
  slot: string;
  fields: string[];
}
async function slotLines(): Promise<SlotLine[]> {
  const out: SlotLine[] = [];
  for (const d of await store.list(`seat_days/${DATE}/slots`)) {
    for (const line of String(d.data.entries ?? '').split('\n')) if (line) out.push({ slot: d.id, fields: line.split('\t') });
  }
  return out;
}

/** Give two shows a later `final` reading, one sold out and one empty, by rewriting their lines. */
async function addFinalReadings(at: string): Promise<void> {
  const lines = await slotLines();
  const reading = (f: string[]) => /^(\d+)\/(\d+)@/.exec(f[10] !== '-' ? f[10]! : f[9]!);
  const candidates = lines.filter((l) => {
    const m = reading(l.fields);
    return m && Number(m[1]) > 0 && Number(m[2]) > 0;
  });
  const [full, none] = candidates;
  const edits = new Map<string, number>([
    [full!.fields[0]!, Number(reading(full!.fields)![2])],
    [none!.fields[0]!, 0],
  ]);
  for (const slot of new Set([full!.slot, none!.slot])) {
    const path = `seat_days/${DATE}/slots/${slot}`;
    const doc = (await store.get(path))!;
    const entries = String(doc.entries)
      .split('\n')
      .map((line) => {
        const f = line.split('\t');
        const unavailable = edits.get(f[0]!);
        if (unavailable === undefined) return line;
        const total = Number(reading(f)![2]);
        // just before the show's local start: a reading after the start is never admissions
        const before = new Date(localToInstant(DATE, f[1]!, cityZone(f[6]!)).getTime() - 30_000).toISOString();
        f[11] = `${unavailable}/${total}@${before < at ? before : at}`;
        return f.join('\t');
      })
      .join('\n');
    await store.set(path, { ...doc, entries });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cineradar-report-'));
  dataDir = join(dir, 'data');
  demoLines = [];
  const o = parseDemoArgs(['--preset', 'tiny', '--now', NOW, '--store', 'file', '--data-dir', dataDir, '--no-browser', '--report', join(dir, 'demo.html')], {});
  demo = await runDemo(o, { PATH: process.env.PATH, LOG_LEVEL: 'silent' }, (l) => demoLines.push(l));

  // One show sold out and one empty, as later final readings, then the summary again, so that the
  // day has both kinds and the summary documents agree with the readings.
  store = new FileStore({ dataDir, log });
  await addFinalReadings('2026-03-02T14:00:00.000Z');
  await runSummary({ store, clock: new FixedClock('2026-03-02T17:05:00Z'), log }, { date: DATE });

  page = join(dir, 'report.html');
  await writeReport({ store, clock: new FixedClock('2026-03-02T17:10:00Z'), log, stepSummaryPath: join(dir, 'step-summary.md') }, { date: DATE, out: page });
  browser = await chromium.launch({ executablePath: findChromium(process.env.CHROMIUM_PATH), args: CHROMIUM_ARGS, headless: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------ what the store says

interface Snap {
  showtime_id: string;
  showtime: string;
  movie_id: string;
  movie_title: string;
  city: string;
  merchant: string;
  total_seats: number;
  unavailable_seats: number;
}

/** The latest reading per showtime, straight from the stored slot documents. */
async function latestFromStore(): Promise<Snap[]> {
  const out: Snap[] = [];
  for (const { fields: f } of await slotLines()) {
    let best: { unavailable: number; total: number; at: string } | undefined;
    // morning, jit, final: a later kind wins a tie of instants
    for (const text of f.slice(9, 12)) {
      const m = /^(\d+)\/(\d+)@(.+)$/.exec(text!);
      if (m && (!best || m[3]! >= best.at)) best = { unavailable: Number(m[1]), total: Number(m[2]), at: m[3]! };
    }
    if (!best) continue;
    out.push({ showtime_id: f[0]!, showtime: f[1]!, movie_id: f[2]!, movie_title: f[3]!, city: f[6]!, merchant: f[7]!, total_seats: best.total, unavailable_seats: best.unavailable });
  }
  return out;
}

function sums(snaps: readonly Snap[], key: (s: Snap) => string): Map<string, { admissions: number; occupancy: number }> {
  const acc = new Map<string, { a: number; c: number }>();
  for (const s of snaps) {
    const g = acc.get(key(s)) ?? { a: 0, c: 0 };
    g.a += s.unavailable_seats;
    g.c += s.total_seats;
    acc.set(key(s), g);
  }
  return new Map([...acc].map(([k, g]) => [k, { admissions: g.a, occupancy: Math.round((g.a / g.c) * 1000) / 10 }]));
}

/** `a: 1,234; b: X` → { a: '1,234', b: 'X' } (a value may itself hold ': '). */
function parseLabel(label: string): Record<string, string> {
  return Object.fromEntries(
    label.split('; ').map((part) => {
      const i = part.indexOf(': ');
      return [part.slice(0, i), part.slice(i + 2)];
    }),
  );
}
const toNumber = (s: string | undefined): number => Number((s ?? '').replace(/,/g, ''));

// ------------------------------------------------------------------ tests

describe('the demo', () => {
  it('writes the report and ends saying where the data and the page are', () => {
    expect(demo.exitCode).toBe(0);
    expect(demo.storeKind).toBe('file');
    expect(existsSync(demo.reportPath)).toBe(true);
    const tail = demoLines.slice(-4).join('\n');
    expect(tail).toContain(`Data: JSON files under ${resolve(dataDir)}`);
    expect(tail).toContain(`CINERADAR_DATA_DIR=${dataDir} npm run token -- status`);
    expect(tail).toContain(`CINERADAR_DATA_DIR=${dataDir} npm run report -- --date ${DATE}`);
    expect(demoLines.at(-1)).toBe(`Report: ${demo.reportPath}`);
  });
});

describe('the report page in Chromium', () => {
  it('loads offline, looks like a page, and every chart shows the stored day', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const tab = await context.newPage();
    const requested: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      requested.push(url);
      return route.abort();
    });
    await tab.goto(`file://${page}`);
    expect(requested).toEqual([]); // self-contained: nothing fetched

    mkdirSync(join(REPO, 'artifacts/report'), { recursive: true });
    const shot = join(REPO, 'artifacts/report/report-tiny.png');
    await tab.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    for (const id of ['by-hour', 'by-city', 'by-chain', 'top-movies', 'runs']) {
      const box = await tab.locator(`#chart-${id} svg`).boundingBox();
      expect(box?.width, id).toBeGreaterThan(300);
      expect(box?.height, id).toBeGreaterThan(60);
    }

    const labels = async (id: string) =>
      (await tab.locator(`#chart-${id} [role="graphics-symbol"][aria-label]`).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!))).map(parseLabel);
    const latest = await latestFromStore();
    expect(latest.length).toBeGreaterThan(100);

    // By hour, city, chain and movie: each bar's admissions and occupancy equal the stored readings' sums.
    const check = async (id: string, keyName: string, expected: Map<string, { admissions: number; occupancy: number }>) => {
      const marks = await labels(id);
      const adm = new Map(marks.filter((m) => 'admissions' in m).map((m) => [m[keyName]!, toNumber(m.admissions)]));
      const occ = new Map(marks.filter((m) => 'occupancy %' in m).map((m) => [m[keyName]!, toNumber(m['occupancy %'])]));
      expect(Object.fromEntries(adm), id).toEqual(Object.fromEntries([...expected].map(([k, v]) => [k, v.admissions])));
      expect(Object.fromEntries(occ), id).toEqual(Object.fromEntries([...expected].map(([k, v]) => [k, v.occupancy])));
    };
    await check('by-hour', 'start hour (theatre-local)', sums(latest, (s) => s.showtime.slice(0, 2)));
    await check('by-city', 'city', sums(latest, (s) => s.city));
    await check('by-chain', 'chain', sums(latest, (s) => s.merchant));
    await check('top-movies', 'movie', sums(latest, (s) => s.movie_title));

    // The movies' admissions also equal what the summary wrote to daily_admissions.
    const admissions = await store.list(`daily_admissions/${DATE}/movies`);
    const fromSummary = Object.fromEntries(admissions.map((d) => [d.data.movie_title as string, d.data.total_admissions as number]));
    const movieMarks = (await labels('top-movies')).filter((m) => 'admissions' in m);
    expect(Object.fromEntries(movieMarks.map((m) => [m.movie!, toNumber(m.admissions)]))).toEqual(fromSummary);

    // The totals, the sold-out and empty lists, and the runs, from the embedded data and the tables.
    const data = JSON.parse(await tab.locator('#report-data').textContent() ?? '{}') as DayReport;
    const summary = (await store.get(`daily_summaries/${DATE}`))!;
    expect(data.totals.admissions).toBe(summary.total_audience);
    expect(data.totals.capacity).toBe(summary.total_seats);
    expect(data.totals.shows).toBe(summary.showtime_count);
    const soldOut = latest.filter((s) => s.total_seats > 0 && s.unavailable_seats === s.total_seats);
    const empty = latest.filter((s) => s.total_seats > 0 && s.unavailable_seats === 0);
    expect(soldOut.length).toBeGreaterThanOrEqual(1);
    expect(empty.length).toBeGreaterThanOrEqual(1);
    expect(data.soldOut.map((r) => r.showtime_id).sort()).toEqual(soldOut.map((s) => s.showtime_id).sort());
    expect(data.empty.map((r) => r.showtime_id).sort()).toEqual(empty.map((s) => s.showtime_id).sort());
    expect(await tab.locator('#sold-out tbody tr').count()).toBe(soldOut.length);
    expect(await tab.locator('#empty tbody tr').count()).toBe(empty.length);
    expect(await tab.locator('#totals').textContent()).toContain(`${data.totals.admissions.toLocaleString('en-US')} admissions`);

    const runs = await store.list('run_log', { where: { date: DATE } });
    expect(runs.length).toBeGreaterThanOrEqual(6);
    expect(await tab.locator('#runs tbody tr').count()).toBe(runs.length);
    const runMarks = (await labels('runs')).filter((m) => 'requests' in m);
    const stored = runs.map((r) => ({ status: r.data.status, requests: (r.data.requests as { requests?: number } | undefined)?.requests ?? 0 }));
    expect(runMarks.map((m) => ({ status: m.status, requests: toNumber(m.requests) })).sort((x, y) => x.requests - y.requests)).toEqual(
      stored.sort((x, y) => x.requests - y.requests),
    );
    await context.close();
  });
});

describe('the job summary', () => {
  it('gets the hour, chain and city charts as Mermaid, with the stored sums', async () => {
    const md = readFileSync(join(dir, 'step-summary.md'), 'utf8');
    const latest = await latestFromStore();
    const block = (title: string) => {
      const m = new RegExp(`title "${title}"\\n  x-axis \\[([^\\]]*)\\]\\n.*\\n  (?:bar|line) \\[([^\\]]*)\\]`).exec(md);
      expect(m, title).not.toBeNull();
      const keys = m![1]!.split(', ').map((k) => JSON.parse(k) as string);
      const values = m![2]!.split(', ').map(Number);
      return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
    };
    const expected = (key: (s: Snap) => string, what: 'admissions' | 'occupancy') => Object.fromEntries([...sums(latest, key)].map(([k, v]) => [k, v[what]]));
    expect(block('Admissions by start hour')).toEqual(expected((s) => s.showtime.slice(0, 2), 'admissions'));
    expect(block('Occupancy % by start hour')).toEqual(expected((s) => s.showtime.slice(0, 2), 'occupancy'));
    expect(block('Admissions by chain')).toEqual(expected((s) => s.merchant, 'admissions'));
    expect(md).toContain(`\`${page}\``);
  });
});

describe('npm run report (the command)', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'scripts/report/main.ts'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });

  it('writes the page for a stored day and exits 0; exits 1 for a day the store holds nothing of', { timeout: 90_000 }, () => {
    const ok = run(['--date', DATE, '--out', 'out/day.html'], { CINERADAR_DATA_DIR: dataDir });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Report: ${join(dir, 'out/day.html')}`);
    expect(readFileSync(join(dir, 'out/day.html'), 'utf8')).toContain('id="chart-by-hour"');

    const none = run(['--date', '2026-03-09'], { CINERADAR_DATA_DIR: dataDir });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('holds nothing for 2026-03-09');
  });
});

describe('a day stored before the slot documents', () => {
  it('is read from its seat_snapshots: the latest reading of each show', async () => {
    const old = new FileStore({ dataDir: join(dir, 'old'), log });
    const snap = (id: string, kind: 'morning' | 'jit', hhmm: string, at: string, unavailable: number) =>
      old.set(`seat_snapshots/${id}_${kind}_${hhmm}`, {
        showtime_id: id,
        showtime: '19:30',
        date: '2025-06-01',
        movie_id: '7',
        movie_title: 'OLD MOVIE',
        theatre_id: '70',
        theatre_name: 'OLD XXI',
        city: 'JAKARTA',
        merchant: 'XXI',
        room_category: '2D',
        snapshot_type: kind,
        scraped_at: at,
        total_seats: 100,
        unavailable_seats: unavailable,
        available_seats: 100 - unavailable,
        occupancy_pct: unavailable,
      });
    await snap('1', 'morning', '0600', '2025-05-31T23:00:00.000Z', 10);
    await snap('1', 'jit', '1915', '2025-06-01T12:15:00.000Z', 60);
    await snap('2', 'morning', '0600', '2025-05-31T23:00:00.000Z', 5);
    const r = await readSeatReadings(old, '2025-06-01');
    expect(r.source).toBe('seat_snapshots');
    expect(r.read).toBe(3);
    expect(r.readings.map((x) => [x.showtime_id, x.snapshot_type, x.unavailable_seats])).toEqual([
      ['1', 'jit', 60],
      ['2', 'morning', 5],
    ]);
    await old.close();
  });
});

describe('aggregate (pure)', () => {
  const reading = (id: string, over: Partial<SeatReading>): SeatReading => ({
    showtime_id: id,
    showtime: '19:30',
    movie_id: '1',
    movie_title: 'A',
    theatre_id: '10',
    theatre_name: 'T',
    city: 'JAKARTA',
    merchant: 'XXI',
    snapshot_type: 'morning',
    scraped_at: '2026-03-01T23:00:00.000Z',
    total_seats: 100,
    unavailable_seats: 10,
    ...over,
  });
  const day = (readings: SeatReading[]): DayDocs => ({
    date: DATE,
    storeKind: 'file',
    readings,
    snapshotsRead: readings.length,
    readingsSource: 'test',
    scheduledShowtimes: 5,
    scheduleDocs: 1,
    summary: undefined,
    admissions: [],
    runs: [],
  });

  it('groups by start hour, city and chain; finds sold-out and empty shows', () => {
    const r = aggregateDay(
      day([
        reading('1', { unavailable_seats: 100 }),
        reading('2', { showtime: '10:00', unavailable_seats: 0, city: 'MAKASSAR', merchant: 'CGV' }),
        reading('3', { showtime: '19:05', total_seats: 50, unavailable_seats: 5 }),
      ]),
    );
    expect(r.totals).toMatchObject({ shows: 3, admissions: 105, capacity: 250, occupancy_pct: 42, sold_out: 1, empty: 1, scheduled: 5 });
    expect(r.byHour.map((g) => [g.key, g.admissions, g.occupancy_pct])).toEqual([
      ['10', 0, 0],
      ['19', 105, 70],
    ]);
    expect(r.byCity.map((g) => g.key)).toEqual(['JAKARTA', 'MAKASSAR']);
    expect(r.soldOut.map((s) => s.showtime_id)).toEqual(['1']);
    expect(r.empty.map((s) => s.showtime_id)).toEqual(['2']);
  });

  it('writes Mermaid xychart blocks for the job summary', () => {
    const md = stepSummaryMarkdown(aggregateDay(day([reading('1', {}), reading('2', { showtime: '21:00', unavailable_seats: 30 })])), '/x/r.html');
    expect(md).toContain('```mermaid\nxychart-beta\n  title "Admissions by start hour"\n  x-axis ["19", "21"]');
    expect(md).toContain('  bar [10, 30]');
    expect(md).toContain('  line [10, 30]'); // occupancy % of 100-seat shows
    expect(md).toContain('`/x/r.html`');
  });
});
