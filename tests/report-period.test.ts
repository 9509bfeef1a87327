/**
 * `npm run report -- --from D1 --to D2`: eight days of the simulator's season (the demo, tiny
 * preset, file store), exported to a dataset (the dataset's own export), drawn as the period page,
 * opened in real Chromium with every request refused; each chart's marks (their aria-labels, which
 * Vega-Lite writes from the data) are compared with answers this test asks the dataset itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright';
import { addDaysToDate } from '../shared/clock.js';
import { createLogger } from '../shared/log.js';
import { FileStore } from '../shared/store/file-store.js';
import { launchChromium } from './helpers/chromium.js';
import { parseDemoArgs, runDemo } from '../scripts/demo.js';
import { daysBetween } from '../scripts/dataset.js';
import { openDataset, type Dataset } from '../scripts/dataset/open.js';
import { exportDays } from '../scripts/dataset/export.js';
import { writePeriodReport } from '../scripts/report/period-write.js';

const FIRST = '2026-03-02';
const LAST = addDaysToDate(FIRST, 7);
const REPO = resolve(import.meta.dirname, '..');
const log = createLogger({ level: 'silent', format: 'json' });

let dir: string;
let datasetDir: string;
let page: string;
let ds: Dataset;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cineradar-period-'));
  const dataDir = join(dir, 'data');
  const o = parseDemoArgs(
    [
      '--preset',
      'tiny',
      '--days',
      '8',
      '--now',
      `${FIRST}T06:00:00+07:00`,
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
  const demo = await runDemo(o, { PATH: process.env.PATH, LOG_LEVEL: 'silent' }, () => {});
  expect(demo.exitCode).toBe(0);
  const store = new FileStore({ dataDir, log });
  datasetDir = join(dir, 'dataset');
  const days = daysBetween(FIRST, LAST);
  const exported = await exportDays(
    { store, log },
    { days, dir: datasetDir, source: 'store', archiveDir: join(dir, 'no-archive') },
  );
  expect(exported.map((r) => r.error ?? 'ok')).toEqual(days.map(() => 'ok'));
  await store.close();
  page = join(dir, 'period.html');
  const r = await writePeriodReport({
    dataset: datasetDir,
    from: FIRST,
    to: LAST,
    out: page,
    now: '2026-03-10T00:00:00.000Z',
  });
  expect(r.hasData).toBe(true);
  ds = await openDataset(datasetDir);
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  ds?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `a: 1,234; b: X` → { a: '1,234', b: 'X' }. */
const parseLabel = (label: string): Record<string, string> =>
  Object.fromEntries(
    label.split('; ').map((part) => [part.slice(0, part.indexOf(': ')), part.slice(part.indexOf(': ') + 2)]),
  );
const toNumber = (s: string | undefined): number => Number((s ?? '').replace(/,/g, '').replace('\u2212', '-')); // Vega writes a minus sign as U+2212

async function open(width: number): Promise<{ tab: Page; requested: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const tab = await context.newPage();
  const requested: string[] = [];
  await context.route('**/*', async (route) => {
    if (route.request().url().startsWith('file://')) return route.continue();
    requested.push(route.request().url());
    return route.abort();
  });
  await tab.goto(`file://${page}`);
  return { tab, requested, close: () => context.close() };
}

/** A chart's marks as `series|x → value` (the wide drawing). */
async function marks(tab: Page, id: string, x: string, y: string, series?: string): Promise<Record<string, number>> {
  const labels = (
    await tab
      .locator(`#chart-${id} .wide [role="graphics-symbol"][aria-label]`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!))
  ).map(parseLabel);
  return Object.fromEntries(
    labels.filter((m) => y in m && x in m).map((m) => [series ? `${m[series]}|${m[x]}` : m[x]!, toNumber(m[y])]),
  );
}
const answer = async (sql: string, key: (r: Record<string, unknown>) => string, value: string) =>
  Object.fromEntries((await ds.rows(sql)).map((r) => [key(r), Number(r[value])]));

describe('the period page in Chromium', () => {
  it("loads offline, and every chart shows the dataset's answers", { timeout: 90_000 }, async () => {
    const { tab, requested, close } = await open(1400);
    expect(requested).toEqual([]);
    await tab.screenshot({ path: join(REPO, 'artifacts/report/period-tiny-1400.png'), fullPage: true });
    const range = `date BETWEEN '${FIRST}' AND '${LAST}'`;
    // the top 8 by admissions, each under its latest title (a renamed movie stays one line)
    const top = `SELECT movie_id, arg_max(title, date) AS latest FROM movie_days WHERE ${range} GROUP BY movie_id ORDER BY SUM(admissions) DESC, movie_id LIMIT 8`;
    const joined = `movie_days JOIN (${top}) USING (movie_id) WHERE ${range}`;

    const daily = await answer(
      `SELECT latest AS title, strftime(date, '%Y-%m-%d') AS d, admissions FROM ${joined}`,
      (r) => `${r.title}|${r.d}`,
      'admissions',
    );
    expect(Object.keys(daily).length).toBeGreaterThan(20);
    expect(await marks(tab, 'daily', 'date', 'admissions', 'movie')).toEqual(daily);
    expect(await marks(tab, 'runs', 'date', 'cumulative admissions', 'movie')).toEqual(
      await answer(
        `SELECT latest AS title, strftime(date, '%Y-%m-%d') AS d, cumulative_admissions AS c FROM ${joined}`,
        (r) => `${r.title}|${r.d}`,
        'c',
      ),
    );
    const wow = await answer(
      `SELECT latest AS title, strftime(date, '%Y-%m-%d') AS d, round(change_week_pct, 1) AS c FROM ${joined} AND change_week_pct IS NOT NULL`,
      (r) => `${r.title}|${r.d}`,
      'c',
    );
    expect(Object.keys(wow).length).toBeGreaterThan(0); // the eighth day has a week before it
    expect(await marks(tab, 'week-over-week', 'date', 'change %', 'movie')).toEqual(wow);
    for (const [id, col] of [
      ['by-province', 'province'],
      ['by-chain', 'merchant'],
    ] as const) {
      expect(await marks(tab, id, 'date', 'admissions', 'key'), id).toEqual(
        await answer(
          `SELECT coalesce(${col}, 'unknown') AS k, strftime(date, '%Y-%m-%d') AS d, SUM(admissions) AS a FROM shows WHERE ${range} AND admissions IS NOT NULL GROUP BY ALL`,
          (r) => `${r.k}|${r.d}`,
          'a',
        ),
      );
    }
    expect(await marks(tab, 'weekday', 'weekday', 'admissions per day')).toEqual(
      await answer(
        `SELECT dayname(date) AS w, round(SUM(admissions) / COUNT(DISTINCT date), 1) AS a FROM shows WHERE ${range} AND admissions IS NOT NULL GROUP BY ALL`,
        (r) => String(r.w),
        'a',
      ),
    );
    expect(await marks(tab, 'walkup', 'start hour (theatre-local)', 'walk-up % of admissions')).toEqual(
      await answer(
        `SELECT substr(start_local, 1, 2) AS h, round(100.0 * SUM(walkup) / SUM(admissions), 1) AS p FROM shows WHERE ${range} AND walkup IS NOT NULL GROUP BY ALL`,
        (r) => String(r.h),
        'p',
      ),
    );
    // the demo runs no nowcast: the nowcasts table has no row for the period, and the page says so
    expect(Number((await ds.rows(`SELECT COUNT(*) AS n FROM nowcasts WHERE ${range}`))[0]!.n)).toBe(0);
    expect(await tab.locator('#no-nowcast-history').textContent()).toContain('no nowcast was scored in this period');
    await close();
  });

  it('reads on a phone: nothing scrolls sideways at 390 px', { timeout: 60_000 }, async () => {
    const { tab, close } = await open(390);
    await tab.screenshot({ path: join(REPO, 'artifacts/report/period-tiny-390.png'), fullPage: true });
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await tab.locator('#chart-daily .narrow svg').isVisible()).toBe(true);
    await close();
  });
});

describe('npm run report -- --from --to (the command)', () => {
  const run = (args: string[]) =>
    spawnSync(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'scripts/report/main.ts'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'silent',
        CINERADAR_STORE: 'file',
        CINERADAR_DATA_DIR: join(dir, 'data'),
      },
      timeout: 60_000,
    });

  it(
    'writes the page (exit 0), refuses a half period (exit 2), and says when the dataset has no day of it (exit 1)',
    { timeout: 120_000 },
    () => {
      const ok = run(['--from', FIRST, '--to', LAST, '--dataset', datasetDir, '--out', 'p.html']);
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain(`Report: ${join(dir, 'p.html')}`);
      const half = run(['--from', FIRST]);
      expect(half.status).toBe(2);
      expect(half.stderr).toContain('a period needs both --from and --to');
      const none = run(['--from', '2025-01-01', '--to', '2025-01-07', '--dataset', datasetDir]);
      expect(none.status).toBe(1);
      expect(none.stderr).toContain('holds no day from 2025-01-01 to 2025-01-07');
    },
  );
});
