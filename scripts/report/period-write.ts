/**
 * The period page's steps: open the dataset → read the period (period.ts) → draw the charts
 * (period-charts.ts) → render one self-contained page (the day page's CSS, no script, nothing fetched).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { openDataset } from '../dataset/open.js';
import { renderSvg } from './charts.js';
import { periodCharts } from './period-charts.js';
import { readPeriod, TOP_MOVIES, type PeriodData } from './period.js';
import { CSS, type Svgs } from './render.js';
import { esc, int } from './render-tables.js';

export const defaultPeriodPath = (from: string, to: string): string => `reports/cineradar-${from}_${to}.html`;

const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

function nowcastNote(p: PeriodData): string {
  if ('error' in p.nowcast)
    return `<p class="muted" id="no-nowcast-history">The dataset's nowcasts table could not be read: ${esc(p.nowcast.error)}</p>`;
  if (p.nowcast.rows.length === 0)
    return '<p class="muted" id="no-nowcast-history">No nowcast error history yet: no nowcast was scored in this period (the dataset’s <code>nowcasts</code> table has no row for it).</p>';
  return '<p class="muted">The movies\' mean absolute percentage error, per time of day the nowcast ran, as a rolling mean over 7 days, and how often the 80% interval held the measured admissions (per day). Method: docs/nowcast.md.</p>';
}

export function renderPeriodHtml(p: PeriodData, svgs: Svgs, generatedAt: string): string {
  const chart = (id: string) => {
    const s = svgs[id];
    return s
      ? `<div class="chart" id="chart-${esc(id)}"><div class="wide">${s.wide}</div><div class="narrow">${s.narrow}</div></div>`
      : '';
  };
  const top = p.top
    .map(
      (r, i) =>
        `<tr><td class="n">${i + 1}</td><td>${esc(String(r.title))}</td><td class="n">${int(Number(r.admissions))}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CineRadar — ${esc(p.from)} to ${esc(p.to)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>CineRadar — ${esc(p.from)} to ${esc(p.to)}</h1><p>Indonesia's box office over a period, from the dataset (${int(p.days.length)} days with data) · page written ${esc(generatedAt)}</p></header>
<main>
<section id="method"><h2>What these figures are</h2><p>Every figure is the box office's (docs/box-office.md), as exported to the dataset (docs/dataset.md): admissions are the seats unavailable at each show's last reading before it started (sold and held together); shows with only their 06:00 reading count their pre-sales. A day missing from the dataset is a gap, not a zero.</p></section>
<section id="top"><h2>Top ${TOP_MOVIES} movies of the period</h2><div class="scroll"><table><thead><tr><th class="n">#</th><th>movie</th><th class="n">admissions</th></tr></thead><tbody>\n${top}\n</tbody></table></div>${chart('daily')}</section>
<section><h2>Their runs</h2>${chart('runs')}</section>
<section><h2>Week over week</h2>${p.weekOverWeek.length ? chart('week-over-week') : '<p class="muted">No movie played on a day and the same weekday a week before within the period.</p>'}</section>
<section><h2>By province</h2>${chart('by-province')}</section>
<section><h2>By chain</h2>${chart('by-chain')}</section>
<section><h2>Weekday pattern</h2>${chart('weekday')}</section>
<section><h2>Walk-up by start hour</h2><p class="muted">Seats taken between the 06:00 reading and the pre-show one, as a share of those shows' admissions (shows read twice only).</p>${chart('walkup')}</section>
<section id="nowcast"><h2>Nowcast error history</h2>${nowcastNote(p)}${chart('nowcast-error')}</section>
</main>
<script type="application/json" id="report-data">${scriptJson(p)}</script>
</body>
</html>
`;
}

/** Writes the period's page; `hasData` false (nothing written) when the dataset holds no day of the period. */
export async function writePeriodReport(o: {
  dataset: string;
  from: string;
  to: string;
  out?: string;
  now: string;
}): Promise<{ path: string; data: PeriodData; hasData: boolean }> {
  const path = resolve(o.out ?? defaultPeriodPath(o.from, o.to));
  const ds = await openDataset(o.dataset);
  let data: PeriodData;
  try {
    data = await readPeriod(ds, o.from, o.to);
  } finally {
    ds.close();
  }
  if (data.days.length === 0) return { path, data, hasData: false };
  const svgs: Svgs = {};
  for (const c of periodCharts(data)) svgs[c.id] = { wide: await renderSvg(c.spec), narrow: await renderSvg(c.narrow) };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderPeriodHtml(data, svgs, o.now));
  return { path, data, hasData: true };
}
