/**
 * `npm run report -- [--date YYYY-MM-DD] [--out FILE]`: one day as one self-contained HTML page
 * (works offline, no CDN), from whichever store is configured (Firestore or the file store).
 *
 * The steps, each its own file: read the day (read-day.ts) → aggregate it (aggregate.ts) → draw
 * the charts (charts.ts, Vega-Lite → SVG) → render the page (render.ts). With
 * `$GITHUB_STEP_SUMMARY` set, the key charts are also appended to the job summary as Mermaid
 * charts (step-summary.ts).
 *
 * Exit 0 when the page is written; 1 when the store holds nothing for the day (no seat readings,
 * no schedules, no runs: the page is still written and says so) or writing failed; 2 on a usage
 * or configuration error.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ArgsError, argDate, parseArgs } from '../../shared/args.js';
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { isMain, runCli, type Runtime } from '../../shared/runtime.js';
import type { Store } from '../../shared/store/store.js';
import { aggregateDay, type DayReport } from './aggregate.js';
import { dayCharts, renderSvg } from './charts.js';
import { readDay } from './read-day.js';
import { renderHtml } from './render.js';
import { stepSummaryMarkdown } from './step-summary.js';

export const REPORT_USAGE = `usage: npm run report -- [--date YYYY-MM-DD] [--out FILE]
  --date D     the day, in Asia/Jakarta (default: today)
  --out FILE   where to write the page (default: reports/cineradar-{date}.html)`;

export const defaultReportPath = (date: string): string => `reports/cineradar-${date}.html`;

export interface ReportDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  stepSummaryPath?: string;
}

export interface ReportResult {
  path: string;
  report: DayReport;
  /** False when the store held nothing at all for the day. */
  hasData: boolean;
}

/** Read the day, aggregate, draw, render, write. Returns the absolute path of the page. */
export async function writeReport(deps: ReportDeps, opts: { date?: string; out?: string } = {}): Promise<ReportResult> {
  const date = opts.date ?? jakartaDate(deps.clock.now());
  const path = resolve(opts.out ?? defaultReportPath(date));
  const day = await readDay(deps.store, date);
  const report = aggregateDay(day);
  const svgs: Record<string, string> = {};
  for (const chart of dayCharts(report)) svgs[chart.id] = await renderSvg(chart);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderHtml(report, svgs, iso(deps.clock.now())));
  if (deps.stepSummaryPath) await appendFile(deps.stepSummaryPath, stepSummaryMarkdown(report, path));
  if (day.unreadable.length) {
    deps.log.warn({ count: day.unreadable.length, examples: day.unreadable.slice(0, 3) }, `report: ${day.unreadable.length} seat documents lack fields the report needs; left out`);
  }
  const hasData = day.readings.length > 0 || day.runs.length > 0 || day.scheduleDocs > 0;
  return { path, report, hasData };
}

export async function reportMain(rt: Runtime, argv: string[]): Promise<number> {
  const { values } = parseArgs(argv, { date: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(`${REPORT_USAGE}\n`);
    return 0;
  }
  const date = argDate(values.date);
  if (values.out !== undefined && values.out.trim() === '') throw new ArgsError('--out needs a file name');
  const r = await writeReport({ store: rt.store, clock: rt.clock, log: rt.log, stepSummaryPath: rt.config.githubStepSummary }, { date, out: values.out });
  const t = r.report.totals;
  process.stdout.write(
    `${r.report.date}: ${t.shows} shows read of ${t.scheduled} scheduled, ${t.admissions} admissions of ${t.capacity} seats (${t.occupancy_pct.toFixed(1)}%), ${r.report.runs.length} runs.\n` +
      `Report: ${r.path}\n`,
  );
  if (!r.hasData) {
    process.stderr.write(`report: the ${rt.store.kind} store holds nothing for ${r.report.date} (no seat readings, schedules or runs)\n`);
    return 1;
  }
  return 0;
}

if (isMain(import.meta.url)) void runCli('report', reportMain);
