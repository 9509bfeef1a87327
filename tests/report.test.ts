/**
 * `npm run report`: a simulated day (the demo's tiny preset, run by the real pipeline steps into a
 * file store, plus one sold-out and one empty final reading written into its slot documents minutes
 * before those shows start, and one final reading after a start, which must not count) rendered as
 * the page, opened in real Chromium with every network request refused, screenshotted at 1400 and
 * 390 px wide, and every chart's marks (their aria-labels, which Vega-Lite writes from the data)
 * compared with figures this test computes itself from the stored slot lines (each show's last
 * reading before its theatre-local start) and with the stored box_office/{date}, daily summary,
 * admissions and runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright';
import { FixedClock } from '../shared/clock.js';
import { createLogger } from '../shared/log.js';
import { FileStore } from '../shared/store/file-store.js';
import { launchChromium } from './helpers/chromium.js';
import { parseDemoArgs, runDemo, type DemoResult } from '../scripts/demo.js';
import { runSummary } from '../scripts/summary/run.js';
import { aggregateDay, type DayReport } from '../scripts/report/aggregate.js';
import { writeReport } from '../scripts/report/write.js';
import { runsTable } from '../scripts/report/render-tables.js';
import type { DayDocs } from '../scripts/report/read-day.js';
import { stepSummaryMarkdown } from '../scripts/report/step-summary.js';
import { computeBoxOffice } from '../scripts/box-office/day.js';
import { fromBoxOfficeDoc } from '../scripts/box-office/doc.js';
import type { BoxOfficeDay, ShowRow } from '../scripts/box-office/types.js';
import { localToInstant } from '../shared/clock.js';
import { cityZone } from '../shared/tix/cities.js';

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
    for (const line of String(d.data.entries ?? '').split('\n'))
      if (line) out.push({ slot: d.id, fields: line.split('\t') });
  }
  return out;
}

/** A slot line's start as an instant, from its theatre-local HH:MM and its city's zone. */
const startOf = (f: string[]): Date => localToInstant(DATE, f[1]!, cityZone(f[6]!));
const atMinutes = (d: Date, minutes: number): string => new Date(d.getTime() + minutes * 60_000).toISOString();

/**
 * Give three shows a `final` reading by rewriting their lines: one sold out and one empty, five
 * minutes before they start; and one sold out 30 minutes after its start (a reading after the
 * start is never admissions: the show keeps its earlier reading).
 */
async function addFinalReadings(): Promise<void> {
  const lines = await slotLines();
  const reading = (f: string[]) => /^(\d+)\/(\d+)@/.exec(f[10] !== '-' ? f[10]! : f[9]!);
  const candidates = lines.filter((l) => {
    const m = reading(l.fields);
    return m && Number(m[1]) > 0 && Number(m[1]) < Number(m[2]) && l.fields[11] === '-';
  });
  const [full, none, late] = candidates;
  const edits = new Map<string, { unavailable: (total: number) => number; at: string }>([
    [full!.fields[0]!, { unavailable: (t) => t, at: atMinutes(startOf(full!.fields), -5) }],
    [none!.fields[0]!, { unavailable: () => 0, at: atMinutes(startOf(none!.fields), -5) }],
    [late!.fields[0]!, { unavailable: (t) => t, at: atMinutes(startOf(late!.fields), 30) }],
  ]);
  for (const slot of new Set([full!.slot, none!.slot, late!.slot])) {
    const path = `seat_days/${DATE}/slots/${slot}`;
    const doc = (await store.get(path))!;
    const entries = String(doc.entries)
      .split('\n')
      .map((line) => {
        const f = line.split('\t');
        const edit = edits.get(f[0]!);
        if (edit === undefined) return line;
        const total = Number(reading(f)![2]);
        f[11] = `${edit.unavailable(total)}/${total}@${edit.at}`;
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
  const o = parseDemoArgs(
    [
      '--preset',
      'tiny',
      '--now',
      NOW,
      '--store',
      'file',
      '--data-dir',
      dataDir,
      '--no-browser',
      '--report',
      join(dir, 'demo.html'),
    ],
    {},
  );
  demo = await runDemo(o, { PATH: process.env.PATH, LOG_LEVEL: 'silent' }, (l) => demoLines.push(l));

  // One show sold out and one empty, as later final readings, then the summary again, so that the
  // day has both kinds and the summary documents agree with the readings.
  store = new FileStore({ dataDir, log });
  await addFinalReadings();
  await runSummary({ store, clock: new FixedClock('2026-03-02T17:05:00Z'), log }, { date: DATE });

  page = join(dir, 'report.html');
  await writeReport(
    { store, clock: new FixedClock('2026-03-02T17:10:00Z'), log, stepSummaryPath: join(dir, 'step-summary.md') },
    { date: DATE, out: page },
  );
  browser = await launchChromium();
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

/**
 * Each show's reading that counts, straight from the stored slot documents: the last one taken
 * before its theatre-local start (morning, jit, final; a later kind wins a tie of instants).
 */
async function countedFromStore(): Promise<Snap[]> {
  const out: Snap[] = [];
  for (const { fields: f } of await slotLines()) {
    const start = startOf(f).toISOString();
    let best: { unavailable: number; total: number; at: string } | undefined;
    for (const text of f.slice(9, 12)) {
      const m = /^(\d+)\/(\d+)@(.+)$/.exec(text!);
      if (m && m[3]! < start && (!best || m[3]! >= best.at))
        best = { unavailable: Number(m[1]), total: Number(m[2]), at: m[3]! };
    }
    if (!best) continue;
    out.push({
      showtime_id: f[0]!,
      showtime: f[1]!,
      movie_id: f[2]!,
      movie_title: f[3]!,
      city: f[6]!,
      merchant: f[7]!,
      total_seats: best.total,
      unavailable_seats: best.unavailable,
    });
  }
  return out;
}

function sums(
  snaps: readonly Snap[],
  key: (s: Snap) => string,
): Map<string, { admissions: number; occupancy: number }> {
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

async function openPage(width: number) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const tab = await context.newPage();
  const requested: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    requested.push(url);
    return route.abort();
  });
  await tab.goto(`file://${page}`);
  return { context, tab, requested };
}

const storedBoxOffice = async (): Promise<BoxOfficeDay> =>
  fromBoxOfficeDoc((await store.get(`box_office/${DATE}`)) ?? undefined)!;
const byKey = (rows: readonly { key: string; admissions: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, r.admissions]));

describe('the report page in Chromium', () => {
  it(
    'loads offline at 1400 px, and every chart and figure shows the stored day and its box office',
    { timeout: 60_000 },
    async () => {
      const { context, tab, requested } = await openPage(1400);
      expect(requested).toEqual([]); // self-contained: nothing fetched

      mkdirSync(join(REPO, 'artifacts/report'), { recursive: true });
      const shot = join(REPO, 'artifacts/report/report-tiny-1400.png');
      await tab.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
      for (const id of ['top-movies', 'by-hour', 'by-province', 'by-city', 'by-chain', 'by-format', 'runs']) {
        const box = await tab.locator(`#chart-${id} .wide svg`).boundingBox();
        expect(box?.width, id).toBeGreaterThan(300);
        expect(box?.height, id).toBeGreaterThan(60);
        expect(await tab.locator(`#chart-${id} .narrow svg`).isVisible(), id).toBe(false);
      }

      const labels = async (id: string) =>
        (
          await tab
            .locator(`#chart-${id} .wide [role="graphics-symbol"][aria-label]`)
            .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!))
        ).map(parseLabel);
      const counted = await countedFromStore();
      expect(counted.length).toBeGreaterThan(100);
      const marks = async (id: string, keyName: string, field: string) =>
        Object.fromEntries((await labels(id)).filter((m) => field in m).map((m) => [m[keyName]!, toNumber(m[field])]));

      // By hour, city, chain and movie: each bar's admissions and occupancy equal the sums of the shows' counted readings.
      const check = async (
        id: string,
        keyName: string,
        expected: Map<string, { admissions: number; occupancy: number }>,
        occupancy = true,
      ) => {
        expect(await marks(id, keyName, 'admissions'), id).toEqual(
          Object.fromEntries([...expected].map(([k, v]) => [k, v.admissions])),
        );
        if (occupancy)
          expect(await marks(id, keyName, 'occupancy %'), id).toEqual(
            Object.fromEntries([...expected].map(([k, v]) => [k, v.occupancy])),
          );
      };
      await check(
        'by-hour',
        'start hour (theatre-local)',
        sums(counted, (s) => s.showtime.slice(0, 2)),
      );
      await check(
        'by-city',
        'city',
        sums(counted, (s) => s.city),
      );
      await check(
        'by-chain',
        'chain',
        sums(counted, (s) => s.merchant),
      );
      await check(
        'top-movies',
        'movie',
        sums(counted, (s) => s.movie_title),
        false,
      );

      // The box office document: the same movies and rollups, and the page shows its figures.
      const bo = await storedBoxOffice();
      expect(byKey(bo.movies.map((m) => ({ key: m.title, admissions: m.admissions })))).toEqual(
        await marks('top-movies', 'movie', 'admissions'),
      );
      expect(byKey(bo.by_province)).toEqual(await marks('by-province', 'province', 'admissions'));
      expect(byKey(bo.by_format)).toEqual(await marks('by-format', 'format', 'admissions'));
      expect(Object.fromEntries(bo.by_hour.map((r) => [r.key, r.shows]))).toEqual(
        await marks('by-hour', 'start hour (theatre-local)', 'shows'),
      );
      expect(Object.fromEntries(bo.by_hour.map((r) => [r.key, r.seats]))).toEqual(
        await marks('by-hour', 'start hour (theatre-local)', 'seats'),
      );
      const rows = await tab.locator('#movies-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          id: tr.getAttribute('data-movie-id'),
          admissions: tr.querySelector('.admissions')!.textContent,
          cumulative: tr.querySelector('.cumulative')!.textContent,
        })),
      );
      expect(rows).toEqual(
        bo.movies.map((m) => ({
          id: m.movie_id,
          admissions: m.admissions.toLocaleString('en-US'),
          cumulative: m.cumulative_admissions.toLocaleString('en-US'),
        })),
      );
      expect(await tab.locator('[data-figure="admissions"] .value').textContent()).toBe(
        bo.totals.admissions.toLocaleString('en-US'),
      );
      expect(await tab.locator('[data-figure="shows_pre_show"] .value').textContent()).toBe(
        bo.totals.shows_pre_show.toLocaleString('en-US'),
      );
      expect(await tab.locator('[data-figure="shows_morning_only"] .value').textContent()).toBe(
        bo.totals.shows_morning_only.toLocaleString('en-US'),
      );
      const method = (await tab.locator('#method').textContent()) ?? '';
      expect(method).toContain('sold and held seats together');
      expect(method).toContain(`${bo.totals.shows_morning_only.toLocaleString('en-US')}`);
      // the shares are the box office's own (show_share_*), not recomputed by the page
      expect(method).toContain(
        `${bo.totals.shows_morning_only.toLocaleString('en-US')} (${(bo.totals.show_share_morning_only! * 100).toFixed(1)}%)`,
      );
      expect(await tab.locator('#no-nowcast').textContent()).toContain(`No nowcast was made for ${DATE}`);
      expect(await tab.locator('th', { hasText: /^daily_admissions$/ }).count()).toBe(0); // one admissions column

      // The movies' admissions also equal what the summary wrote to daily_admissions.
      const admissions = await store.list(`daily_admissions/${DATE}/movies`);
      const fromSummary = Object.fromEntries(
        admissions.map((d) => [d.data.movie_title as string, d.data.total_admissions as number]),
      );
      expect(await marks('top-movies', 'movie', 'admissions')).toEqual(fromSummary);

      // The totals, the sold-out and empty lists, and the runs, from the embedded data and the tables.
      const data = JSON.parse((await tab.locator('#report-data').textContent()) ?? '{}') as DayReport;
      const summary = (await store.get(`daily_summaries/${DATE}`))!;
      expect(data.boxOfficeSource).toBe('stored');
      expect(data.totals.admissions).toBe(summary.total_audience);
      expect(data.totals.admissions).toBe(bo.totals.admissions);
      expect(data.totals.seats).toBe(summary.total_seats);
      expect(data.totals.shows_read).toBe(summary.showtime_count);
      const soldOut = counted.filter((s) => s.total_seats > 0 && s.unavailable_seats === s.total_seats);
      const empty = counted.filter((s) => s.total_seats > 0 && s.unavailable_seats === 0);
      expect(soldOut.length).toBeGreaterThanOrEqual(1);
      expect(empty.length).toBeGreaterThanOrEqual(1);
      expect(data.soldOut.map((r) => r.showtime_id).sort()).toEqual(soldOut.map((s) => s.showtime_id).sort());
      expect(data.empty.map((r) => r.showtime_id).sort()).toEqual(empty.map((s) => s.showtime_id).sort());
      expect(await tab.locator('#sold-out tbody tr').count()).toBe(soldOut.length);
      expect(await tab.locator('#empty tbody tr').count()).toBe(empty.length);

      const runs = await store.list('run_log', { where: { date: DATE } });
      expect(runs.length).toBeGreaterThanOrEqual(6);
      expect(await tab.locator('#runs tbody tr').count()).toBe(runs.length);
      const runMarks = (await labels('runs')).filter((m) => 'requests' in m);
      const stored = runs.map((r) => ({
        status: r.data.status,
        requests: (r.data.requests as { requests?: number } | undefined)?.requests ?? 0,
      }));
      expect(
        runMarks
          .map((m) => ({ status: m.status, requests: toNumber(m.requests) }))
          .sort((x, y) => x.requests - y.requests),
      ).toEqual(stored.sort((x, y) => x.requests - y.requests));
      await context.close();
    },
  );

  it(
    'reads on a phone: at 390 px nothing scrolls sideways and chart text renders at 10 px or more',
    { timeout: 60_000 },
    async () => {
      const { context, tab } = await openPage(390);
      await tab.screenshot({ path: join(REPO, 'artifacts/report/report-tiny-390.png'), fullPage: true });
      expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const sizes = await tab.locator('.chart svg text').evaluateAll((texts) =>
        texts
          .filter(
            (t) => (t as SVGGraphicsElement).getBoundingClientRect().width > 0 && (t.textContent ?? '').trim() !== '',
          )
          .map((t) => {
            const svg = (t as SVGGraphicsElement).ownerSVGElement!;
            const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
            return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale };
          }),
      );
      expect(sizes.length).toBeGreaterThan(50);
      expect(sizes.filter((s) => s.px < 10)).toEqual([]);
      for (const id of ['top-movies', 'by-hour', 'by-province', 'by-chain', 'by-format', 'by-city', 'runs']) {
        expect(await tab.locator(`#chart-${id} .narrow svg`).isVisible(), id).toBe(true);
        expect(await tab.locator(`#chart-${id} .wide svg`).isVisible(), id).toBe(false);
      }
      // The narrow charts show the same data as the wide ones.
      const narrow = await tab
        .locator('#chart-top-movies .narrow [role="graphics-symbol"][aria-label*="admissions: "]')
        .count();
      expect(narrow).toBe((await storedBoxOffice()).movies.slice(0, 15).length);
      await context.close();
    },
  );
});

describe('the job summary', () => {
  it('gets the hour, chain and city charts as Mermaid, with the stored sums', async () => {
    const md = readFileSync(join(dir, 'step-summary.md'), 'utf8');
    const latest = await countedFromStore();
    const block = (title: string) => {
      const m = new RegExp(`title "${title}"\\n  x-axis \\[([^\\]]*)\\]\\n.*\\n  (?:bar|line) \\[([^\\]]*)\\]`).exec(
        md,
      );
      expect(m, title).not.toBeNull();
      const keys = m![1]!.split(', ').map((k) => JSON.parse(k) as string);
      const values = m![2]!.split(', ').map(Number);
      return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
    };
    const expected = (key: (s: Snap) => string, what: 'admissions' | 'occupancy') =>
      Object.fromEntries([...sums(latest, key)].map(([k, v]) => [k, v[what]]));
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

  it(
    'writes the page for a stored day and exits 0; exits 1 for a day the store holds nothing of',
    { timeout: 90_000 },
    () => {
      const ok = run(['--date', DATE, '--out', 'out/day.html'], { CINERADAR_DATA_DIR: dataDir });
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain(`Report: ${join(dir, 'out/day.html')}`);
      expect(readFileSync(join(dir, 'out/day.html'), 'utf8')).toContain('id="chart-by-hour"');

      const none = run(['--date', '2026-03-09'], { CINERADAR_DATA_DIR: dataDir });
      expect(none.status).toBe(1);
      expect(none.stderr).toContain('holds nothing for 2026-03-09');
    },
  );
});

describe('a day the summary has not run for', () => {
  it(
    'computes the box office with the one computation: the same figures as the stored box_office',
    { timeout: 60_000 },
    async () => {
      const bo = await storedBoxOffice();
      await store.delete(`box_office/${DATE}`);
      const r = await writeReport(
        { store, clock: new FixedClock('2026-03-02T17:20:00Z'), log },
        { date: DATE, out: join(dir, 'computed.html') },
      );
      expect(r.report.boxOfficeSource).toBe('computed');
      expect(r.report.totals.admissions).toBe(bo.totals.admissions);
      expect(r.report.movies.map((m) => [m.movie_id, m.admissions, m.cumulative_admissions])).toEqual(
        bo.movies.map((m) => [m.movie_id, m.admissions, m.cumulative_admissions]),
      );
      expect(r.report.byProvince).toEqual(bo.by_province);
      expect(readFileSync(r.path, 'utf8')).toContain(`no box_office/${DATE} yet`);
    },
  );
});

describe('aggregate (pure)', () => {
  const show = (id: string, over: Partial<ShowRow>): ShowRow => ({
    date: DATE,
    showtime_id: id,
    movie_id: '1',
    movie_title: 'A',
    theatre_id: '10',
    theatre_name: 'T',
    merchant: 'XXI',
    city: 'JAKARTA',
    province: 'DKI Jakarta',
    island_group: 'Jawa',
    room_category: '2D',
    format: '2D',
    start_local: '19:30',
    start_at: '2026-03-02T12:30:00.000Z',
    seats_total: 100,
    unavailable_morning: 10,
    unavailable_last: 10,
    last_kind: 'morning',
    admissions: 10,
    walkup: null,
    price_idr_min: 40000,
    price_idr_max: 40000,
    gross_idr_min: 400000,
    gross_idr_max: 400000,
    genres: [],
    ...over,
  });
  const day = (shows: ShowRow[]): DayDocs => ({
    date: DATE,
    storeKind: 'file',
    boxOffice: computeBoxOffice(DATE, shows, [], '2026-03-02T17:00:00.000Z'),
    boxOfficeSource: 'computed',
    shows,
    recordsRead: shows.length,
    nowcast: undefined,
    scheduleDocs: 1,
    runs: [],
  });
  const unread = {
    seats_total: null,
    unavailable_morning: null,
    unavailable_last: null,
    last_kind: null,
    admissions: null,
    gross_idr_min: null,
    gross_idr_max: null,
  } as const;

  it('lists sold-out and empty shows from the counted readings, counts freshness per movie, and sums nothing itself', () => {
    const r = aggregateDay(
      day([
        show('1', { unavailable_last: 100, admissions: 100, last_kind: 'jit', walkup: 90 }),
        show('2', {
          start_local: '10:00',
          unavailable_morning: 0,
          unavailable_last: 0,
          admissions: 0,
          city: 'MAKASSAR',
          merchant: 'CGV',
          movie_id: '2',
          movie_title: 'B',
        }),
        show('3', { ...unread, movie_id: '2', movie_title: 'B' }),
      ]),
    );
    expect(r.totals).toMatchObject({
      shows: 3,
      shows_read: 2,
      shows_pre_show: 1,
      shows_morning_only: 1,
      shows_unread: 1,
      admissions: 100,
      seats: 200,
      sold_out: 1,
      empty: 1,
      theatres: 1,
      cities: 2, // JAKARTA and MAKASSAR, each with a read show
    });
    expect(r.soldOut.map((s) => [s.showtime_id, s.reading])).toEqual([['1', 'pre-show']]);
    expect(r.empty.map((s) => [s.showtime_id, s.reading])).toEqual([['2', 'morning']]);
    expect(r.freshness).toEqual({
      '1': { pre_show: 1, morning_only: 0, unread: 0 },
      '2': { pre_show: 0, morning_only: 1, unread: 1 },
    });
    expect(r.byHour.map((g) => [g.key, g.shows, g.admissions])).toEqual([
      ['10', 1, 0],
      ['19', 2, 100],
    ]);
    expect(r.movies.map((m) => [m.title, m.admissions])).toEqual([
      ['A', 100],
      ['B', 0],
    ]);
  });

  it('shows a run without request or failure counts as unknown (–), not 0', () => {
    const runs = [
      {
        id: 'a',
        run_type: 'seats',
        mode: 'jit',
        status: 'success',
        started_at: '2026-03-02T05:00:00.000Z',
        errors: [],
      },
      {
        id: 'b',
        run_type: 'movies',
        status: 'partial',
        started_at: '2026-03-02T06:00:00.000Z',
        requests: 12,
        retries: 0,
        request_failures: 1,
        error_count: 2,
        errors: [],
      },
    ];
    const r = aggregateDay({ ...day([show('1', {})]), runs });
    expect(r.runs.map((x) => [x.label, x.failures])).toEqual([
      ['seats jit', null],
      ['movies', 3],
    ]);
    const cells = [...runsTable(r.runs).matchAll(/<td class="n">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(['', '–', '–', '–', '', '12', '0', '3']);
  });

  it('writes Mermaid xychart blocks for the job summary', () => {
    const md = stepSummaryMarkdown(
      aggregateDay(day([show('1', {}), show('2', { start_local: '21:00', unavailable_last: 30, admissions: 30 })])),
      '/x/r.html',
    );
    expect(md).toContain('```mermaid\nxychart-beta\n  title "Admissions by start hour"\n  x-axis ["19", "21"]');
    expect(md).toContain('  bar [10, 30]');
    expect(md).toContain('  line [10, 30]'); // occupancy % of 100-seat shows
    expect(md).toContain('`/x/r.html`');
  });

  it('leaves an hour without a read show out of the occupancy chart (unknown, not 0)', () => {
    const md = stepSummaryMarkdown(
      aggregateDay(day([show('1', {}), show('2', { ...unread, start_local: '21:00' })])),
      '/x/r.html',
    );
    expect(md).toContain(
      'title "Admissions by start hour"\n  x-axis ["19", "21"]\n  y-axis "admissions" 0 --> 10\n  bar [10, 0]',
    );
    expect(md).toContain(
      'title "Occupancy % by start hour"\n  x-axis ["19"]\n  y-axis "occupancy %" 0 --> 100\n  line [10]',
    );
  });
});
