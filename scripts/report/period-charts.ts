/**
 * The period page's charts (Vega-Lite, drawn as the day's are: wide and narrow, SVG in Node). Each
 * chart's data is one answer of periodSql, unchanged, so the page's marks can be checked against
 * the dataset. Dates stay 'YYYY-MM-DD' strings on an ordinal axis (what the reader and a test see).
 */
import type { TopLevelSpec } from 'vega-lite';
import { BLUE, both, config, ORANGE, SCHEMA, type Chart, type Fit } from './charts.js';
import type { PeriodData, Row } from './period.js';

/** One line per series (movie, province, chain) over the period's days, a point on each day. */
function linesSpec(
  values: readonly Row[],
  y: string,
  yTitle: string,
  series: string,
  title: string,
  fit: Fit,
): TopLevelSpec {
  const narrow = fit === 'narrow';
  return {
    $schema: SCHEMA,
    config: config(fit),
    data: { values: [...values] },
    title,
    width: narrow ? 250 : 640,
    height: narrow ? 200 : 260,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'date', type: 'ordinal', title: 'date', axis: { labelAngle: -45 } },
      y: { field: y, type: 'quantitative', title: yTitle, axis: { format: ',d' } },
      color: {
        field: series,
        type: 'nominal',
        title: null,
        legend: narrow ? { orient: 'bottom', columns: 1, labelLimit: 260 } : { labelLimit: 220 },
      },
    },
  } as TopLevelSpec;
}

/** Bars of one figure by a key, in the answer's order. */
function barsSpec(
  values: readonly Row[],
  x: string,
  xTitle: string,
  y: string,
  yTitle: string,
  title: string,
  fit: Fit,
  color = BLUE,
): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: config(fit),
    data: { values: [...values] },
    title,
    width: fit === 'narrow' ? 250 : 640,
    height: 180,
    mark: { type: 'bar', color },
    encoding: {
      x: { field: x, type: 'ordinal', title: xTitle, sort: null, axis: { labelAngle: 0 } },
      y: { field: y, type: 'quantitative', title: yTitle },
    },
  } as TopLevelSpec;
}

/** Week-over-week change per movie and day (change vs the same weekday a week before), a point each. */
function weekOverWeekSpec(values: readonly Row[], fit: Fit): TopLevelSpec {
  const narrow = fit === 'narrow';
  return {
    $schema: SCHEMA,
    config: config(fit),
    data: { values: [...values] },
    title: narrow ? 'Change vs a week before' : 'Admissions vs the same weekday a week before',
    width: narrow ? 250 : 640,
    height: 200,
    layer: [
      { mark: { type: 'rule', color: '#999' }, encoding: { y: { datum: 0 } } },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { field: 'date', type: 'ordinal', title: 'date', axis: { labelAngle: -45 } },
          y: { field: 'change_week_pct', type: 'quantitative', title: 'change %' },
          color: {
            field: 'movie',
            type: 'nominal',
            title: null,
            legend: narrow ? { orient: 'bottom', columns: 1, labelLimit: 260 } : { labelLimit: 220 },
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/** The period's charts; the nowcast chart only when the dataset has its error history. */
export function periodCharts(p: PeriodData): Chart[] {
  const charts = [
    both('daily', 'Daily admissions', (f) =>
      linesSpec(p.daily, 'admissions', 'admissions', 'movie', 'Top movies: admissions per day', f),
    ),
    both('runs', 'Runs', (f) =>
      linesSpec(p.runs, 'cumulative', 'cumulative admissions', 'movie', 'Top movies: cumulative admissions', f),
    ),
    both('week-over-week', 'Week over week', (f) => weekOverWeekSpec(p.weekOverWeek, f)),
    both('by-province', 'By province', (f) =>
      linesSpec(p.byProvince, 'admissions', 'admissions', 'key', 'Admissions by province', f),
    ),
    both('by-chain', 'By chain', (f) =>
      linesSpec(p.byChain, 'admissions', 'admissions', 'key', 'Admissions by chain', f),
    ),
    both('weekday', 'Weekday', (f) =>
      barsSpec(p.weekday, 'weekday', 'weekday', 'per_day', 'admissions per day', 'Admissions per day, by weekday', f),
    ),
    both('walkup', 'Walk-up', (f) =>
      barsSpec(
        p.walkupByHour,
        'hour',
        'start hour (theatre-local)',
        'walkup_pct',
        'walk-up % of admissions',
        'Walk-up share by start hour',
        f,
        ORANGE,
      ),
    ),
  ];
  if ('rows' in p.nowcast && p.nowcast.rows.length > 0) {
    const rows = p.nowcast.rows;
    charts.push(
      both('nowcast-error', 'Nowcast error', (f) =>
        linesSpec(
          rows.flatMap((r) => [
            { date: r.date, series: `${String(r.at_local)} mean error % (7-day rolling)`, value: r.rolling_ape_pct },
            { date: r.date, series: `${String(r.at_local)} 80% interval coverage %`, value: r.coverage_pct },
          ]),
          'value',
          '%',
          'series',
          'Nowcast: rolling mean error and interval coverage',
          f,
        ),
      ),
    );
  }
  return charts;
}
