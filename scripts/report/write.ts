/**
 * The report's steps in order: read the day (read-day.ts) → aggregate it (aggregate.ts) → draw the
 * charts (charts.ts, Vega-Lite → SVG) → render the page (render.ts) → write it; with a job summary
 * file, append the key charts as Mermaid (step-summary.ts).
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { Store } from '../../shared/store/store.js';
import { aggregateDay, type DayReport } from './aggregate.js';
import { dayCharts, renderSvg } from './charts.js';
import { readDay } from './read-day.js';
import { renderHtml, type Svgs } from './render.js';
import { stepSummaryMarkdown } from './step-summary.js';

export const defaultReportPath = (date: string): string => `reports/cineradar-${date}.html`;

export interface ReportDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  stepSummaryPath?: string;
}

export interface ReportResult {
  /** Absolute path of the page (not written when `hasData` is false). */
  path: string;
  report: DayReport;
  /** False when the store held nothing at all for the day (no seat readings, schedules or runs): no page is written. */
  hasData: boolean;
}

export async function writeReport(deps: ReportDeps, opts: { date?: string; out?: string } = {}): Promise<ReportResult> {
  const date = opts.date ?? jakartaDate(deps.clock.now());
  const path = resolve(opts.out ?? defaultReportPath(date));
  const day = await readDay(deps.store, date, deps.clock);
  const report = aggregateDay(day);
  const hasData = day.recordsRead > 0 || day.runs.length > 0 || day.scheduleDocs > 0;
  // An empty page would only say "nothing": the command says it instead, and where the day may be.
  if (!hasData) return { path, report, hasData };
  const svgs: Svgs = {};
  for (const chart of dayCharts(report))
    svgs[chart.id] = { wide: await renderSvg(chart.spec), narrow: await renderSvg(chart.narrow) };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderHtml(report, svgs, iso(deps.clock.now())));
  if (deps.stepSummaryPath) await appendFile(deps.stepSummaryPath, stepSummaryMarkdown(report, path));
  return { path, report, hasData };
}
