/**
 * Step 3 of the report: the figures → charts, as Vega-Lite specifications rendered to SVG in Node
 * (Vega's headless View, `renderer: 'none'`, `toSVG()`: no canvas, no browser, no network).
 *
 * Every mark carries an `aria-label` Vega-Lite writes from its data ("hour: 10; admissions: 1234"),
 * which screen readers read and the report's test compares with the day's documents.
 * Vega and Vega-Lite are imported only when charts are drawn, so `--help` stays quick.
 */
import { dateInZone, JAKARTA, localToInstant, timeInZone } from '../../shared/clock.js';
import type { TopLevelSpec } from 'vega-lite';
import type { MovieDayRow } from '../box-office/types.js';
import type { DayReport, Group, TimelineRun } from './aggregate.js';

export interface Chart {
  id: string;
  title: string;
  /** The chart for a wide screen and for a phone (≤ 700 px: narrower, stacked, the same text size on screen). */
  spec: TopLevelSpec;
  narrow: TopLevelSpec;
}

/** A width: `wide` for a desktop page, `narrow` for a phone (the page shows one or the other). */
export type Fit = 'wide' | 'narrow';

export const BLUE = '#2f6db5';
export const ORANGE = '#d9822b';
const GREY = '#c9d3de';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export function config(fit: Fit) {
  const size = fit === 'narrow' ? 12 : 11;
  return {
    font: FONT,
    view: { stroke: null },
    axis: {
      labelFontSize: size,
      titleFontSize: size,
      titleFontWeight: 'normal',
      labelColor: '#333',
      titleColor: '#555',
      gridColor: '#eee',
    },
    legend: { labelFontSize: size, titleFontSize: size },
    title: { fontSize: size + 2, anchor: 'start', fontWeight: 'bold', color: '#222' },
    concat: { spacing: 24 },
  } as const;
}

/** Supply (shows scheduled, seats read) beside demand (admissions) and occupancy, per start hour. */
export function hourSpec(groups: readonly Group[], fit: Fit): TopLevelSpec {
  const values = groups.map((g) => ({
    hour: g.key,
    shows: g.shows,
    seats: g.seats,
    admissions: g.admissions,
    occupancy: g.occupancy_pct,
  }));
  const narrow = fit === 'narrow';
  const width = narrow ? 230 : 640;
  const x = { field: 'hour', type: 'ordinal', title: 'start hour (theatre-local)', axis: { labelAngle: 0 } } as const;
  const count = (field: string, title: string) =>
    ({ field, type: 'quantitative', title, axis: { format: ',d' } }) as const;
  return {
    $schema: SCHEMA,
    config: config(fit),
    data: { values },
    vconcat: [
      {
        title: narrow ? 'Shows (supply)' : 'Shows scheduled by start hour (supply)',
        width,
        height: 90,
        mark: { type: 'bar', color: GREY },
        encoding: { x, y: count('shows', 'shows') },
      },
      {
        title: narrow ? 'Seats (grey), admissions (blue)' : 'Seats (grey) and admissions (blue) by start hour',
        width,
        height: 150,
        layer: [
          { mark: { type: 'bar', color: GREY }, encoding: { x, y: count('seats', 'seats') } },
          {
            mark: { type: 'bar', color: BLUE, width: { band: 0.5 } },
            encoding: { x, y: count('admissions', 'admissions') },
          },
        ],
      },
      {
        title: narrow ? 'Occupancy' : 'Occupancy by start hour',
        width,
        height: 100,
        mark: { type: 'bar', color: ORANGE },
        encoding: {
          x,
          y: { field: 'occupancy', type: 'quantitative', title: 'occupancy %', scale: { domain: [0, 100] } },
        },
      },
    ],
  };
}

/** The rows of a ranking chart: one per `field`, in rank order, labels cut shorter on a phone. */
function rankAxis(field: string, narrow: boolean) {
  return {
    field,
    type: 'nominal',
    title: null,
    sort: { field: 'rank', order: 'ascending' },
    axis: { labelLimit: narrow ? 110 : 260 },
  } as const;
}

/** A ranking's admissions: one blue bar per row. */
function admissionBars(y: ReturnType<typeof rankAxis>, title: string, width: number, height: number, narrow: boolean) {
  return {
    title,
    width,
    height,
    mark: { type: 'bar', color: BLUE },
    encoding: {
      y,
      x: {
        field: 'admissions',
        type: 'quantitative',
        title: 'admissions',
        axis: { format: ',d', tickCount: narrow ? 3 : 6 },
      },
    },
  } as const;
}

/** Two panels over the same rows: side by side on a wide screen, one above the other on a phone. */
function twoPanels(values: readonly object[], fit: Fit, first: object, second: object): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: config(fit),
    data: { values },
    ...(fit === 'narrow' ? { vconcat: [first, second] } : { hconcat: [first, second] }),
  } as TopLevelSpec;
}

/** Admissions and occupancy, one row per key (province, chain, format, city), biggest first. */
export function rankSpec(keyTitle: string, groups: readonly Group[], fit: Fit): TopLevelSpec {
  const values = groups.map((g, i) => ({
    [keyTitle]: g.key,
    rank: i,
    admissions: g.admissions,
    occupancy: g.occupancy_pct,
    shows: g.shows,
    seats: g.seats,
  }));
  const narrow = fit === 'narrow';
  const y = rankAxis(keyTitle, narrow);
  const height = Math.max(40, groups.length * (narrow ? 18 : 16));
  const adm = admissionBars(y, narrow ? 'Admissions' : `Admissions by ${keyTitle}`, narrow ? 170 : 360, height, narrow);
  const occ = {
    title: narrow ? 'Occupancy' : `Occupancy by ${keyTitle}`,
    width: narrow ? 170 : 200,
    height,
    mark: { type: 'bar', color: ORANGE },
    encoding: {
      y: narrow ? y : { ...y, axis: null },
      x: {
        field: 'occupancy',
        type: 'quantitative',
        title: 'occupancy %',
        scale: { domain: [0, 100] },
        axis: { tickCount: 4 },
      },
    },
  } as const;
  return twoPanels(values, fit, adm, occ);
}

/** The box office's movies: admissions, and their share of the shows beside their share of the admissions. */
export function moviesSpec(movies: readonly MovieDayRow[], fit: Fit): TopLevelSpec {
  const values = movies.map((m) => ({
    movie: m.title,
    rank: m.rank,
    admissions: m.admissions,
    'show share %': Math.round(m.show_share * 1000) / 10,
    'admission share %': m.admission_share === null ? null : Math.round(m.admission_share * 1000) / 10,
  }));
  const narrow = fit === 'narrow';
  const y = rankAxis('movie', narrow);
  const height = Math.max(40, movies.length * (narrow ? 20 : 18));
  const adm = admissionBars(y, narrow ? 'Admissions' : 'Admissions by movie', narrow ? 170 : 340, height, narrow);
  const shares = {
    title: narrow ? 'Share of shows, of admissions' : 'Share of shows vs share of admissions',
    width: narrow ? 170 : 240,
    height,
    transform: [{ fold: ['show share %', 'admission share %'], as: ['share', 'percent'] }],
    mark: { type: 'point', filled: true, size: 60 },
    encoding: {
      y: narrow ? y : { ...y, axis: null },
      x: { field: 'percent', type: 'quantitative', title: '% of the day', axis: { tickCount: 4 } },
      color: {
        field: 'share',
        type: 'nominal',
        title: null,
        scale: { domain: ['show share %', 'admission share %'], range: ['#7f8c99', BLUE] },
        legend: { orient: 'bottom', direction: 'vertical' },
      },
    },
  } as const;
  return twoPanels(values, fit, adm, shares);
}

const STATUS_COLORS = {
  domain: ['success', 'partial', 'failed', 'cancelled'],
  range: ['#3a9a5b', '#e0a526', '#c8423b', '#888888'],
};

/** Hours after the day's midnight in Asia/Jakarta (UTC+7, no daylight saving): 06:30 WIB → 6.5. */
export function wibHours(date: string, instant: string): number {
  const midnight = localToInstant(date, '00:00', JAKARTA).getTime();
  return Math.round(((Date.parse(instant) - midnight) / 3_600_000) * 1000) / 1000;
}

/** `YYYY-MM-DD HH:MM WIB`. */
export function wibStamp(instant: string): string {
  const at = new Date(instant);
  return `${dateInZone(at, JAKARTA)} ${timeInZone(at, JAKARTA)} WIB`;
}

/** The day's runs on a timeline (WIB): one row per kind of run, a bar from start to finish and a dot at the start. */
export function runsSpec(date: string, runs: readonly TimelineRun[], fit: Fit): TopLevelSpec {
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
      failures: r.failures,
    };
  });
  const lo = Math.min(0, ...values.map((v) => Math.floor(v.start)));
  const hi = Math.max(24, ...values.map((v) => Math.ceil(v.end)));
  const y = { field: 'run', type: 'nominal', title: null } as const;
  const color = {
    field: 'status',
    type: 'nominal',
    title: 'status',
    scale: STATUS_COLORS,
    legend: fit === 'narrow' ? { orient: 'bottom', columns: 2 } : {},
  } as const;
  const x = {
    field: 'start',
    type: 'quantitative' as const,
    title: 'hour of the day (WIB)',
    scale: { domain: [lo, hi] },
    axis: { tickCount: fit === 'narrow' ? 6 : hi - lo },
  };
  return {
    $schema: SCHEMA,
    config: config(fit),
    data: { values },
    width: fit === 'narrow' ? 200 : 640,
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
  } as TopLevelSpec;
}

export const both = (id: string, title: string, make: (fit: Fit) => TopLevelSpec): Chart => ({
  id,
  title,
  spec: make('wide'),
  narrow: make('narrow'),
});

/** The charts of a day. */
export function dayCharts(report: DayReport): Chart[] {
  return [
    both('top-movies', 'Movies', (f) => moviesSpec(report.movies.slice(0, 15), f)),
    both('by-hour', 'By hour of day', (f) => hourSpec(report.byHour, f)),
    both('by-province', 'By province', (f) => rankSpec('province', report.byProvince, f)),
    both('by-chain', 'By chain', (f) => rankSpec('chain', report.byChain, f)),
    both('by-format', 'By format', (f) => rankSpec('format', report.byFormat, f)),
    both('by-city', 'By city', (f) => rankSpec('city', report.byCity.slice(0, 15), f)),
    both('runs', 'Runs', (f) => runsSpec(report.date, report.runs, f)),
  ];
}

/** A chart as SVG markup (Vega-Lite compiled to Vega, rendered headless). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
