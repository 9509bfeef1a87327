/**
 * The page's tables (pure HTML strings): the box office's movies, the sold-out and empty shows, the
 * runs, and the latest nowcast. Every table sits in a `.scroll` box, so on a phone a wide table
 * scrolls inside itself and never pushes the page sideways.
 */
import type { MovieDayRow } from '../box-office/types.js';
import type { Nowcast } from '../nowcast/model.js';
import type { DayReport, ShowRow, TimelineRun } from './aggregate.js';
import { wibStamp } from './charts.js';

/** How many rows the sold-out and empty lists show (the totals count every show). */
export const LIST_ROWS = 25;

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const int = (n: number): string => n.toLocaleString('en-US');
/** A nullable figure: `–` when unknown (never 0). */
const opt = (n: number | null | undefined, f: (n: number) => string): string =>
  n === null || n === undefined ? '–' : f(n);
export const pct1 = (share: number): string => `${(share * 100).toFixed(1)}%`;
const signed = (p: number): string => `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
/** Rupiah in millions: `Rp 12.3 M`. */
export const rpM = (n: number): string => `Rp ${(n / 1e6).toFixed(1)} M`;
export const grossRange = (min: number | null, max: number | null): string =>
  min === null ? '–' : max === null ? `≥ ${rpM(min)}` : min === max ? rpM(min) : `${rpM(min)} – ${rpM(max)}`;

/** `12 of 30`: shows read minutes before start, of the movie's shows. */
const fresh = (f: DayReport['freshness'][string] | undefined): string =>
  f ? `${int(f.pre_show)} of ${int(f.pre_show + f.morning_only + f.unread)}` : '–';

const table = (head: string, body: string, id = ''): string =>
  `<div class="scroll"${id ? ` id="${id}"` : ''}><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;

export function moviesTable(movies: readonly MovieDayRow[], freshness: DayReport['freshness']): string {
  if (movies.length === 0) return '<p class="muted">No movie had a show this day.</p>';
  const rows = movies
    .map(
      (m) =>
        `<tr data-movie-id="${esc(m.movie_id)}"><td class="n">${m.rank}</td><td>${esc(m.title)}</td><td class="n admissions">${int(m.admissions)}</td>` +
        `<td class="n">${opt(m.change_day_pct, signed)}</td><td class="n">${opt(m.change_week_pct, signed)}</td>` +
        `<td class="n">${grossRange(m.gross_idr_min, m.gross_idr_max)}</td><td class="n cumulative">${int(m.cumulative_admissions)}</td><td class="n">${m.day_of_run}</td>` +
        `<td class="n">${pct1(m.show_share)}</td><td class="n">${opt(m.admission_share, pct1)}</td><td class="n">${opt(m.walkup_share, pct1)}</td>` +
        `<td class="n">${int(m.shows)}</td><td class="n">${fresh(freshness[m.movie_id])}</td><td class="n">${opt(m.occupancy_pct, (p) => `${p.toFixed(1)}%`)}</td></tr>`,
    )
    .join('\n');
  const head =
    '<th class="n">#</th><th>movie</th><th class="n">admissions</th><th class="n">vs yesterday</th><th class="n">vs last week</th><th class="n">gross (range)</th>' +
    '<th class="n">cumulative</th><th class="n">day of run</th><th class="n">show share</th><th class="n">admission share</th><th class="n">walk-up share</th><th class="n">shows</th><th class="n">read pre-show</th><th class="n">occupancy</th>';
  return table(head, rows, 'movies-table');
}

export function showsTable(rows: readonly ShowRow[], total: number, what: string): string {
  if (total === 0) return `<p class="muted">No ${what} shows.</p>`;
  const body = rows
    .slice(0, LIST_ROWS)
    .map(
      (r) =>
        `<tr><td>${esc(r.showtime)}</td><td>${esc(r.movie_title)}</td><td>${esc(r.theatre_name)}</td><td>${esc(r.city)}</td><td>${esc(r.merchant)}</td><td class="n">${int(r.admissions)} / ${int(r.capacity)}</td><td>${esc(r.reading)}</td></tr>`,
    )
    .join('\n');
  const more =
    total > LIST_ROWS
      ? `<p class="muted">…and ${int(total - LIST_ROWS)} more (first ${LIST_ROWS} by start time).</p>`
      : '';
  return (
    table(
      '<th>start</th><th>movie</th><th>theatre</th><th>city</th><th>chain</th><th class="n">admissions / seats</th><th>reading</th>',
      body,
    ) + more
  );
}

export function runsTable(runs: readonly TimelineRun[]): string {
  if (runs.length === 0) return '<p class="muted">No runs recorded for this day.</p>';
  const rows = runs
    .map((r) => {
      const secs = r.duration_ms !== undefined ? `${(r.duration_ms / 1000).toFixed(1)} s` : '';
      return `<tr class="status-${esc(r.status)}"><td>${esc(wibStamp(r.started_at))}</td><td>${esc(r.label)}</td><td><span class="badge">${esc(r.status)}</span></td><td class="n">${secs}</td><td class="n">${opt(r.requests, int)}</td><td class="n">${opt(r.retries, int)}</td><td class="n">${opt(r.failures, int)}</td><td>${esc(r.errors.join('; '))}</td></tr>`;
    })
    .join('\n');
  return table(
    '<th>started</th><th>run</th><th>status</th><th class="n">duration</th><th class="n">requests</th><th class="n">retries</th><th class="n">failures</th><th>first errors</th>',
    rows,
  );
}

/** The latest nowcast of the day, or a sentence saying there is none. */
export function nowcastSection(report: DayReport): string {
  const n: Nowcast | undefined = report.nowcast;
  if (!n)
    return `<p class="muted" id="no-nowcast">No nowcast was made for ${esc(report.date)} (npm run nowcast estimates the day's final admissions during the day).</p>`;
  const a = n.totals.admissions;
  const rows = n.movies
    .slice()
    .sort((x, y) => y.admissions.point - x.admissions.point)
    .slice(0, 15)
    .map(
      (m) =>
        `<tr><td>${esc(m.title)}</td><td class="n">${int(m.admissions_measured)}</td><td class="n">${int(m.admissions.point)}</td><td class="n">${int(m.admissions.low)} – ${int(m.admissions.high)}</td></tr>`,
    )
    .join('\n');
  return (
    `<p>At ${esc(n.at_local)} WIB the nowcast estimated the day's final admissions at <strong>${int(a.point)}</strong> (80% interval ${int(a.low)} – ${int(a.high)}), ` +
    `${int(n.totals.admissions_measured)} already measured in ${int(n.totals.shows_measured)} of ${int(n.totals.shows)} shows; gross ${grossRange(n.totals.gross_idr_low, n.totals.gross_idr_high)}. ` +
    `An estimate (docs/nowcast.md), not a measurement: the box office above is the measured day.</p>` +
    table(
      '<th>movie</th><th class="n">measured</th><th class="n">estimate</th><th class="n">80% interval</th>',
      rows,
      'nowcast-table',
    )
  );
}
