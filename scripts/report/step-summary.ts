/**
 * The report's key charts as Markdown for a GitHub job summary (`$GITHUB_STEP_SUMMARY`), which
 * renders Mermaid `xychart-beta` blocks as charts: admissions and occupancy by start hour, and
 * admissions by chain and by city (the ten biggest). Pure.
 */
import type { DayReport, Group } from './aggregate.js';
import { counted } from '../../shared/words.js';

/** A label Mermaid accepts inside double quotes. */
const label = (s: string): string => `"${s.replace(/["\\]/g, "'").replace(/[\r\n]+/g, ' ')}"`;

/** A chart of `value` by group; a group whose value is unknown (no read show: occupancy null) is left out, never drawn as 0. */
export function xychart(
  title: string,
  groups: readonly Group[],
  value: 'admissions' | 'occupancy_pct',
  kind: 'bar' | 'line',
): string {
  const known = groups.filter((g) => g[value] !== null);
  const values = known.map((g) => g[value]!);
  const top = value === 'occupancy_pct' ? 100 : Math.max(1, ...values);
  return [
    '```mermaid',
    'xychart-beta',
    `  title ${label(title)}`,
    `  x-axis [${known.map((g) => label(g.key)).join(', ')}]`,
    `  y-axis ${label(value === 'admissions' ? 'admissions' : 'occupancy %')} 0 --> ${top}`,
    `  ${kind} [${values.join(', ')}]`,
    '```',
  ].join('\n');
}

export function stepSummaryMarkdown(report: DayReport, pagePath: string): string {
  const t = report.totals;
  const parts = [
    `## CineRadar report, ${report.date}`,
    '',
    `${t.admissions.toLocaleString('en-US')} admissions (sold + held seats at each show's last reading before start) of ${t.seats.toLocaleString('en-US')} seats (${t.occupancy_pct === null ? 'occupancy unknown' : `${t.occupancy_pct.toFixed(1)}%`}) in ${t.shows_read.toLocaleString('en-US')} shows read ` +
      `(${t.shows.toLocaleString('en-US')} scheduled; ${t.shows_pre_show.toLocaleString('en-US')} read pre-show, the rest morning pre-sales only), ${t.movies} movies, ${t.theatres} theatres, ${counted(t.cities, 'city', 'cities')}; ${t.sold_out} sold out, ${t.empty} empty. ` +
      `The whole page: \`${pagePath}\` (this run's artifacts).`,
  ];
  if (t.shows_read > 0) {
    parts.push(
      '',
      xychart('Admissions by start hour', report.byHour, 'admissions', 'bar'),
      '',
      xychart('Occupancy % by start hour', report.byHour, 'occupancy_pct', 'line'),
      '',
      xychart('Admissions by chain', report.byChain, 'admissions', 'bar'),
      '',
      xychart('Admissions by city (top 10)', report.byCity.slice(0, 10), 'admissions', 'bar'),
    );
  }
  return `${parts.join('\n')}\n`;
}
