/**
 * The bench's dataset phase: how long a national day's export takes and how many bytes
 * it leaves on disk, then the ten example queries (scripts/dataset/queries.ts) over a synthetic
 * year of 365 national days made inside DuckDB from that day (dataset-synth.ts), each timed inside
 * DuckDB on 2 threads over the daily files alone, then over the reader copy (`compact`, the target), and the whole `npm run dataset -- sql` command against an empty tsx start.
 *
 * With the bench's world (a store holding the day the phases just scraped and summarised) the day
 * is exported for real (loader, box office, writer) through the counting store; alone
 * (`--phases dataset`) the day is synthesised and only the writer is timed. Targets: ≤ 2 MB a day,
 * each query ≤ 0.5 s, the sql command ≤ 2× an empty tsx start.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../shared/log.js';
import type { Store } from '../../shared/store/store.js';
import { openDuck } from '../dataset/duck.js';
import { openDataset } from '../dataset/open.js';
import { compact } from '../dataset/compact.js';
import { EXAMPLE_QUERIES } from '../dataset/queries.js';
import { writeDay } from '../dataset/write.js';
import { median, timeProbe } from '../startup-times.js';
import { synthNationalDay, synthYear } from './dataset-synth.js';
import { measuredStore } from './measured-store.js';
import type { DatasetMeasure } from './report.js';

export const DATASET_TARGETS = { bytesPerDay: 2 * 1024 * 1024, queryMs: 500, sqlVsEmptyTsx: 2 } as const;

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  return total;
}

/** The day: exported from the store (real), or synthesised and written (writer only). */
async function exportTheDay(
  work: string,
  source: { store: Store; date: string; log: Logger } | undefined,
): Promise<Pick<DatasetMeasure, 'source' | 'date' | 'exportMs' | 'exportReads' | 'rows'>> {
  const dayDir = join(work, 'day');
  if (source) {
    const { exportDays } = await import('../dataset/export.js');
    const m = measuredStore(source.store);
    const t0 = performance.now();
    const [r] = await exportDays(
      { store: m, log: source.log },
      { days: [source.date], dir: dayDir, source: 'store', archiveDir: join(work, 'no-archive') },
    );
    const exportMs = performance.now() - t0;
    if (r!.error) throw new Error(`export of ${source.date}: ${r!.error}`);
    return {
      source: 'store',
      date: source.date,
      exportMs,
      exportReads: m.measure().reads,
      rows: Object.fromEntries(r!.files.map((f) => [f.table, f.rows])),
    };
  }
  const date = '2026-01-19';
  const duck = await openDuck({ threads: 2 });
  try {
    const rows = await synthNationalDay(duck, date);
    const t0 = performance.now();
    const files = await writeDay(dayDir, date, rows);
    return {
      source: 'synthetic',
      date,
      exportMs: performance.now() - t0,
      exportReads: null,
      rows: Object.fromEntries(files.map((f) => [f.table, f.rows])),
    };
  } finally {
    duck.close();
  }
}

/** The ten queries over the year, inside DuckDB on 2 threads. */
async function timeQueries(yearDir: string): Promise<DatasetMeasure['queries']> {
  const ds = await openDataset(yearDir, { threads: 2 });
  try {
    const out: DatasetMeasure['queries'] = [];
    for (const q of EXAMPLE_QUERIES) {
      const ms: number[] = [];
      const cpu: number[] = [];
      let rows = 0;
      for (let i = 0; i < 3; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        rows = (await ds.connection.runAndReadAll(q.sql)).currentRowCount;
        ms.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      out.push({
        id: q.id,
        rows,
        ms: median(ms),
        firstMs: ms[0]!,
        cpuMs: median(cpu),
      });
    }
    return out;
  } finally {
    ds.close();
  }
}

/** `npm run dataset -- sql` over the year against an empty tsx file, median of 3 rounds each. */
async function timeSqlCommand(work: string, yearDir: string): Promise<DatasetMeasure['sql']> {
  const empty = join(work, 'empty.ts');
  await writeFile(empty, '');
  const q = EXAMPLE_QUERIES[0]!;
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false' };
  const tsx = (...args: string[]) => ['npm', 'exec', '--', 'tsx', ...args];
  const base = { name: 'empty', command: tsx(empty), until: 'exit' as const, expectCode: 0 };
  const sql = {
    name: 'sql',
    command: tsx('scripts/dataset.ts', 'sql', q.sql, '--dir', yearDir),
    until: 'exit' as const,
    expectCode: 0,
  };
  await timeProbe(base, env);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 3; i++) {
    a.push((await timeProbe(base, env)).ms);
    b.push((await timeProbe(sql, env)).ms);
  }
  return { commandMs: median(b), emptyTsxMs: median(a), ratio: median(b) / median(a), query: q.id };
}

export async function measureDataset(opts: {
  store?: Store;
  date?: string;
  log: Logger;
  days?: number;
  note?: (s: string) => void;
}): Promise<DatasetMeasure> {
  const note = opts.note ?? (() => {});
  const work = await mkdtemp(join(tmpdir(), 'cineradar-bench-dataset-'));
  const m: DatasetMeasure = {
    source: 'synthetic',
    date: '',
    exportMs: 0,
    exportReads: null,
    rows: {},
    bytesPerDay: 0,
    year: { days: 0, shows: 0, bytes: 0, buildMs: 0, compactMs: 0, compactBytes: 0 },
    queries: [],
    daily: [],
    sql: { commandMs: 0, emptyTsxMs: 0, ratio: 0, query: '' },
    status: 'ok',
  };
  try {
    Object.assign(
      m,
      await exportTheDay(
        work,
        opts.store && opts.date ? { store: opts.store, date: opts.date, log: opts.log } : undefined,
      ),
    );
    m.bytesPerDay = await dirBytes(join(work, 'day'));
    note(
      `dataset: ${m.date} exported (${m.source}) in ${(m.exportMs / 1000).toFixed(2)} s, ${m.bytesPerDay} bytes; building a synthetic year…`,
    );
    const days = opts.days ?? 365;
    const duck = await openDuck({ threads: 2 });
    const t0 = performance.now();
    try {
      await synthYear(duck, join(work, 'day'), join(work, 'year'), '2025-01-01', days);
    } finally {
      duck.close();
    }
    m.year = {
      days,
      shows: (m.rows.shows ?? 0) * days,
      bytes: await dirBytes(join(work, 'year')),
      buildMs: performance.now() - t0,
      compactMs: 0,
      compactBytes: 0,
    };
    note(
      `dataset: year of ${days} days (${m.year.shows} shows, ${(m.year.bytes / 1024 ** 2).toFixed(0)} MiB) built in ${(m.year.buildMs / 1000).toFixed(0)} s; timing the queries…`,
    );
    m.daily = await timeQueries(join(work, 'year'));
    const c0 = performance.now();
    const built = await compact(join(work, 'year'), { threads: 2 });
    m.year.compactMs = performance.now() - c0;
    m.year.compactBytes = built.reduce((n, c) => n + c.bytes, 0);
    note(`dataset: reader copy built in ${(m.year.compactMs / 1000).toFixed(0)} s; timing the queries over it…`);
    m.queries = await timeQueries(join(work, 'year'));
    m.sql = await timeSqlCommand(work, join(work, 'year'));
  } catch (err) {
    m.status = 'error';
    m.error = (err as Error).message;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return m;
}

/** The phase's Markdown section. */
export function datasetMarkdown(m: DatasetMeasure): string {
  const t = DATASET_TARGETS;
  const ok = (good: boolean) => (good ? 'ok' : 'MISSED');
  const lines = [
    `### Dataset (${m.status}${m.error ? `: ${m.error}` : ''})`,
    '',
    `Load average when measured: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} on ${cpus().length} cores (wall times grow with it; CPU times much less).`,
    '',
    `| figure | value | target | |`,
    `|---|--:|--:|---|`,
    `| export of a national day (${m.source === 'store' ? "the bench's day: loader, box office, writer" : 'synthesised rows: writer only'}) | ${(m.exportMs / 1000).toFixed(2)} s${m.exportReads !== null ? `, ${m.exportReads} reads` : ''} | | |`,
    `| rows: ${Object.entries(m.rows)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} | | | |`,
    `| bytes a day on disk | ${m.bytesPerDay.toLocaleString('en')} | ≤ ${t.bytesPerDay.toLocaleString('en')} | ${ok(m.bytesPerDay <= t.bytesPerDay)} |`,
    `| synthetic year: ${m.year.days} days, ${m.year.shows.toLocaleString('en')} shows | ${(m.year.bytes / 1024 ** 2).toFixed(0)} MiB, built in ${(m.year.buildMs / 1000).toFixed(0)} s | | |`,
    `| reader copy (\`npm run dataset -- compact\`) of the year | ${(m.year.compactBytes / 1024 ** 2).toFixed(0)} MiB, built in ${(m.year.compactMs / 1000).toFixed(0)} s | | |`,
    ...m.queries.map(
      (q) =>
        `| query ${q.id} over the reader copy (${q.rows} rows; first run ${Math.round(q.firstMs)} ms; CPU ${Math.round(q.cpuMs)} ms) | ${Math.round(q.ms)} ms | ≤ ${t.queryMs} ms | ${ok(q.ms <= t.queryMs)} |`,
    ),
    ...m.daily.map(
      (q) =>
        `| query ${q.id} over the daily files alone (no copy; CPU ${Math.round(q.cpuMs)} ms) | ${Math.round(q.ms)} ms | | |`,
    ),
    `| \`npm run dataset -- sql\` (${m.sql.query}) vs empty tsx | ${Math.round(m.sql.commandMs)} ms vs ${Math.round(m.sql.emptyTsxMs)} ms = ${m.sql.ratio.toFixed(2)}× | ≤ ${t.sqlVsEmptyTsx}× | ${ok(m.sql.ratio <= t.sqlVsEmptyTsx)} |`,
  ];
  return lines.join('\n') + '\n';
}
