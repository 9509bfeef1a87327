/**
 * Step 3 of the report: the figures → charts, as Vega-Lite specifications rendered to SVG in Node
 * (Vega's headless View, `renderer: 'none'`, `toSVG()`: no canvas, no browser, no network).
 *
 * Every mark carries an `aria-label` Vega-Lite writes from its data ("hour: 10; admissions: 1234"),
 * which screen readers read and the report's test compares with the day's documents.
 * Vega and Vega-Lite are imported only when charts are drawn, so `--help` stays quick.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { DayReport, Group, TimelineRun } from './aggregate.js';

export interface Chart {
  id: string;
  title: string;
  spec: TopLevelSpec;
}

const BLUE = '#2f6db5';
const ORANGE = '#d9822b';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelColor: '#333', titleColor: '#555', gridColor: '#eee' },
  title: { fontSize: 13, anchor: 'start', fontWeight: 'bold', color: '#222' },
  concat: { spacing: 24 },
} as const;

/** Admissions (bars) and occupancy (bars) per hour of day, one above the other. */
export function hourChart(groups: readonly Group[]): Chart {
  const values = groups.map((g) => ({ hour: g.key, admissions: g.admissions, occupancy: g.occupancy_pct, shows: g.shows }));
  const x = { field: 'hour', type: 'ordinal', title: 'start hour (theatre-local)', axis: { labelAngle: 0 } } as const;
  return {
    id: 'by-hour',
    title: 'By hour of day',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: CONFIG,
      data: { values },
      vconcat: [
        {
          title: 'Admissions by start hour',
          width: 640,
          height: 160,
          mark: { type: 'bar', color: BLUE },
          encoding: { x, y: { field: 'admissions', type: 'quantitative', title: 'admissions', axis: { format: ',d' } } },
        },
        {
          title: 'Occupancy by start hour',
          width: 640,
          height: 120,
          mark: { type: 'bar', color: ORANGE },
          encoding: { x, y: { field: 'occupancy', type: 'quantitative', title: 'occupancy %', scale: { domain: [0, 100] } } },
        },
      ],
    },
  };
}

/** Admissions and occupancy side by side, one row per key (city, chain, movie), biggest first. */
export function rankChart(id: string, title: string, keyTitle: string, groups: readonly Group[]): Chart {
  const values = groups.map((g, i) => ({ [keyTitle]: g.key, rank: i, admissions: g.admissions, occupancy: g.occupancy_pct, shows: g.shows }));
  const y = { field: keyTitle, type: 'nominal', title: null, sort: { field: 'rank', order: 'ascending' }, axis: { labelLimit: 260 } } as const;
  const height = Math.max(40, groups.length * 16);
  return {
    id,
    title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: CONFIG,
      data: { values },
      hconcat: [
        {
          title: `Admissions by ${keyTitle}`,
          width: 360,
          height,
          mark: { type: 'bar', color: BLUE },
          encoding: { y, x: { field: 'admissions', type: 'quantitative', title: 'admissions', axis: { format: ',d' } } },
        },
        {
          title: `Occupancy by ${keyTitle}`,
          width: 200,
          height,
          mark: { type: 'bar', color: ORANGE },
          encoding: {
            y: { ...y, axis: null },
            x: { field: 'occupancy', type: 'quantitative', title: 'occupancy %', scale: { domain: [0, 100] } },
          },
        },
      ],
    },
  };
}

const STATUS_COLORS = { domain: ['success', 'partial', 'failed', 'cancelled'], range: ['#3a9a5b', '#e0a526', '#c8423b', '#888888'] };

/** Hours after the day's midnight in Asia/Jakarta (UTC+7, no daylight saving): 06:30 WIB → 6.5. */
export function wibHours(date: string, instant: string): number {
  const midnight = Date.parse(`${date}T00:00:00+07:00`);
  return Math.round(((Date.parse(instant) - midnight) / 3_600_000) * 1000) / 1000;
}

/** `YYYY-MM-DD HH:MM WIB` (Asia/Jakarta is UTC+7 all year). */
export function wibStamp(instant: string): string {
  const wib = new Date(Date.parse(instant) + 7 * 3_600_000).toISOString();
  return `${wib.slice(0, 10)} ${wib.slice(11, 16)} WIB`;
}

/** The day's runs on a timeline (WIB): one row per kind of run, a bar from start to finish and a dot at the start. */
export function runsChart(date: string, runs: readonly TimelineRun[]): Chart {
  const values = runs.map((r) => {
    const start = wibHours(date, r.started_at);
    const end = r.finished_at ? wibHours(date, r.finished_at) : start;
    return {
      run: r.label,
      started: wibStamp(r.started_at),
      status: r.status,
      start,
      end,
      requests: r.requests ?? 0,
      failures: (r.error_count ?? 0) + (r.request_failures ?? 0),
    };
  });
  const lo = Math.min(0, ...values.map((v) => Math.floor(v.start)));
  const hi = Math.max(24, ...values.map((v) => Math.ceil(v.end)));
  const y = { field: 'run', type: 'nominal', title: null } as const;
  const color = { field: 'status', type: 'nominal', title: 'status', scale: STATUS_COLORS } as const;
  const x = { field: 'start', type: 'quantitative' as const, title: 'hour of the day (WIB)', scale: { domain: [lo, hi] }, axis: { tickCount: hi - lo } };
  return {
    id: 'runs',
    title: 'Runs',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: CONFIG,
      data: { values },
      width: 640,
      height: Math.max(40, new Set(values.map((v) => v.run)).size * 22),
      layer: [
        { mark: { type: 'bar', height: 10 }, encoding: { y, x, x2: { field: 'end' }, color } },
        {
          mark: { type: 'point', filled: true, size: 50 },
          encoding: {
            y,
            x,
            color,
            tooltip: [
              { field: 'run', title: 'run' },
              { field: 'started', title: 'started' },
              { field: 'status', title: 'status' },
              { field: 'requests', title: 'requests', format: 'd' },
              { field: 'failures', title: 'failures', format: 'd' },
            ],
          },
        },
      ],
    },
  };
}

/** The charts of a day. */
export function dayCharts(report: DayReport): Chart[] {
  return [
    hourChart(report.byHour),
    rankChart('by-city', 'By city', 'city', report.byCity),
    rankChart('by-chain', 'By chain', 'chain', report.byChain),
    rankChart('top-movies', 'Top movies', 'movie', report.movies.slice(0, 15)),
    runsChart(report.date, report.runs),
  ];
}

/** A chart as SVG markup (Vega-Lite compiled to Vega, rendered headless). */
export async function renderSvg(chart: Chart): Promise<string> {
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = compile(chart.spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
