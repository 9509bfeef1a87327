/**
 * `npm run report -- [--date YYYY-MM-DD] [--out FILE]`: one day as one self-contained HTML page
 * (works offline, no CDN), from whichever store is configured (Firestore or the file store).
 * The steps are in write.ts; this file is the command's definition and light entry point (the
 * store, Vega and the rest are imported only after the arguments and configuration are checked).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArgsError, argDate } from '../../shared/args.js';
import { defineCommand, isMain, LOG_ENV, startCommand, STORE_ENV, USAGE_EXIT, type Parsed } from '../../shared/cli.js';
import type { Runtime } from '../../shared/runtime.js';

export const command = defineCommand({
  name: 'report',
  invoke: 'npm run report --',
  summary:
    "the day's box office as one offline HTML page: movies (admissions, changes, gross, cumulative, shares), by hour (supply and demand), province, chain, format and city, the latest nowcast, sold-out and empty shows, the runs",
  description: `Reads the day from the configured store (box_office/{date}, or the box office computed from the
seat readings and schedules when the summary has not run; the latest nowcast; the runs), draws
its charts (Vega-Lite, rendered to SVG) and writes one page with no script and nothing to fetch.
With GITHUB_STEP_SUMMARY set, the key charts are appended to it as Mermaid charts.
With --from and --to, writes the period's page instead, from the dataset (DuckDB over its Parquet
files): top movies' daily admissions and runs, week-over-week changes, admissions by province and
chain per day, the weekday pattern, walk-up by start hour, the nowcast error history if any.`,
  options: {
    date: { type: 'string', value: 'YYYY-MM-DD', defaultText: 'today in Asia/Jakarta', description: 'the day to show' },
    out: {
      type: 'string',
      value: 'FILE',
      defaultText: 'reports/cineradar-{date}.html (a period: cineradar-{from}_{to}.html)',
      description: 'where to write the page',
    },
    from: {
      type: 'string',
      value: 'YYYY-MM-DD',
      description: "a period's first day: the period page, from the dataset (with --to)",
    },
    to: { type: 'string', value: 'YYYY-MM-DD', description: "a period's last day (with --from)" },
    dataset: {
      type: 'string',
      value: 'DIR',
      default: './dataset',
      description: 'the dataset directory the period page reads (npm run dataset)',
    },
  },
  env: [...STORE_ENV, 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'],
  exitCodes: {
    0: 'the page was written',
    1: "the store holds nothing for the day, or the dataset nothing for the period (no page is written; the line says where the demo's day is, if it is), or writing failed",
    ...USAGE_EXIT,
  },
  examples: [
    'npm run report',
    'npm run report -- --date 2026-01-19 --out /tmp/day.html',
    'npm run report -- --from 2026-01-14 --to 2026-01-21 --dataset ./dataset',
  ],
});

/** Where `npm run demo` keeps its day (its --data-dir default). */
export const DEMO_DATA_DIR = 'data/demo';

export interface ReportCliOptions {
  date: string | undefined;
  out: string | undefined;
  /** A period (--from, --to): the period page from the dataset instead of the day page. */
  period?: { from: string; to: string; dataset: string };
}

export function reportOptions({ values }: Parsed<typeof command.options>): ReportCliOptions {
  if (values.out !== undefined && values.out.trim() === '') throw new ArgsError('--out needs a file name');
  const from = argDate(values.from);
  const to = argDate(values.to);
  if ((from === undefined) !== (to === undefined)) throw new ArgsError('a period needs both --from and --to');
  if (from === undefined || to === undefined) return { date: argDate(values.date), out: values.out };
  if (values.date !== undefined)
    throw new ArgsError('--date is a day page; --from/--to a period page: give one or the other');
  if (from > to) throw new ArgsError(`--from ${from} is after --to ${to}`);
  return { date: undefined, out: values.out, period: { from, to, dataset: values.dataset ?? './dataset' } };
}

async function runPeriod(
  rt: Runtime,
  o: ReportCliOptions & { period: NonNullable<ReportCliOptions['period']> },
): Promise<number> {
  const { writePeriodReport } = await import('./period-write.js');
  const { DatasetError } = await import('../dataset/duck.js');
  const { from, to, dataset } = o.period;
  try {
    const r = await writePeriodReport({ dataset, from, to, out: o.out, now: rt.clock.now().toISOString() });
    if (!r.hasData) {
      process.stderr.write(
        `report: the dataset ${dataset} holds no day from ${from} to ${to}; no page written (npm run dataset -- backfill or pull)\n`,
      );
      return 1;
    }
    process.stdout.write(
      `${from} to ${to}: ${r.data.days.length} days in the dataset, top movie ${String(r.data.top[0]?.title ?? '–')}.\nReport: ${r.path}\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err;
    process.stderr.write(`report: ${err.message}\n`);
    return 1;
  }
}

export async function runReportCommand(rt: Runtime, o: ReportCliOptions): Promise<number> {
  if (o.period) return runPeriod(rt, { ...o, period: o.period });
  const { writeReport } = await import('./write.js');
  const r = await writeReport(
    { store: rt.store, clock: rt.clock, log: rt.log, stepSummaryPath: rt.config.githubStepSummary },
    o,
  );
  if (!r.hasData) {
    const where = rt.config.store.kind === 'file' ? `file store ${rt.config.store.dataDir}` : `${rt.store.kind} store`;
    const hint = await demoHint(rt, r.report.date);
    process.stderr.write(
      `report: the ${where} holds nothing for ${r.report.date} (no seat readings, schedules or runs); no page written${hint ? `. ${hint}` : ''}\n`,
    );
    return 1;
  }
  const t = r.report.totals;
  process.stdout.write(
    `${r.report.date}: ${t.shows_read} shows read of ${t.shows} scheduled (${t.shows_pre_show} pre-show, ${t.shows_morning_only} morning only), ${t.admissions} admissions of ${t.seats} seats (${occupancy(t.occupancy_pct)}), ${r.report.runs.length} runs.\n` +
      `Report: ${r.path}\n`,
  );
  return 0;
}

const occupancy = (p: number | null): string => (p === null ? 'occupancy unknown' : `${p.toFixed(1)}%`);

/** The demo keeps its day under data/demo: when that folder holds the day and the store read is another one, say how to read it. */
export async function demoHint(rt: Runtime, date: string, demoDir = DEMO_DATA_DIR): Promise<string | undefined> {
  const s = rt.config.store;
  if (s.kind === 'file' && resolve(s.dataDir) === resolve(demoDir)) return undefined;
  if (!existsSync(demoDir)) return undefined;
  const { FileStore } = await import('../../shared/store/file-store.js');
  const demo = new FileStore({ dataDir: demoDir, log: rt.log });
  try {
    if (!(await demo.get(`snapshots/${date}`)) && !(await demo.get(`seat_index/${date}`))) return undefined;
  } finally {
    await demo.close();
  }
  const env =
    s.kind === 'file' ? `CINERADAR_DATA_DIR=${demoDir}` : `CINERADAR_STORE=file CINERADAR_DATA_DIR=${demoDir}`;
  return `The demo's day ${date} is in ${demoDir}: ${env} npm run report -- --date ${date}`;
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, ReportCliOptions>({
    def: command,
    options: reportOptions,
    run: runReportCommand,
    starting: (o) =>
      o.period
        ? `report: the period ${o.period.from} to ${o.period.to} from ${o.period.dataset}`
        : `report: reading ${o.date ?? 'today'}`,
  });
}
