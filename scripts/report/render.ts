/**
 * Step 4 of the report: the figures and the charts' SVG → one self-contained HTML page (inline CSS
 * and SVG, no script that runs, nothing fetched: it works offline and as a workflow artifact).
 *
 * The figures are also embedded as JSON (`<script type="application/json" id="report-data">`), so
 * a reader or a test can compare them with the store without scraping the tables.
 */
import type { DayReport, ShowRow, TimelineRun } from './aggregate.js';
import { wibStamp } from './charts.js';

/** How many rows the sold-out and empty lists show (the totals count every show). */
export const LIST_ROWS = 25;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const int = (n: number): string => n.toLocaleString('en-US');
/** JSON inside a <script> element: `<` escaped, so no `</script>` can end it early. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

function card(label: string, value: string, note = ''): string {
  return `<div class="card"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div>${note ? `<div class="note">${esc(note)}</div>` : ''}</div>`;
}

function showsTable(rows: readonly ShowRow[], total: number, what: string): string {
  if (total === 0) return `<p class="muted">No ${what} shows.</p>`;
  const body = rows
    .slice(0, LIST_ROWS)
    .map(
      (r) =>
        `<tr><td>${esc(r.showtime)}</td><td>${esc(r.movie_title)}</td><td>${esc(r.theatre_name)}</td><td>${esc(r.city)}</td><td>${esc(r.merchant)}</td><td class="n">${int(r.admissions)} / ${int(r.capacity)}</td></tr>`,
    )
    .join('\n');
  const more = total > LIST_ROWS ? `<p class="muted">…and ${int(total - LIST_ROWS)} more (first ${LIST_ROWS} by start time).</p>` : '';
  return `<table><thead><tr><th>start</th><th>movie</th><th>theatre</th><th>city</th><th>chain</th><th class="n">admissions / seats</th></tr></thead><tbody>\n${body}\n</tbody></table>${more}`;
}

function runsTable(runs: readonly TimelineRun[]): string {
  if (runs.length === 0) return '<p class="muted">No runs recorded for this day.</p>';
  const rows = runs
    .map((r) => {
      const secs = r.duration_ms !== undefined ? `${(r.duration_ms / 1000).toFixed(1)} s` : '';
      const fails = (r.error_count ?? 0) + (r.request_failures ?? 0);
      return `<tr class="status-${esc(r.status)}"><td>${esc(wibStamp(r.started_at))}</td><td>${esc(r.label)}</td><td><span class="badge">${esc(r.status)}</span></td><td class="n">${secs}</td><td class="n">${r.requests !== undefined ? int(r.requests) : ''}</td><td class="n">${r.retries !== undefined ? int(r.retries) : ''}</td><td class="n">${int(fails)}</td><td>${esc(r.errors.join('; '))}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th>started</th><th>run</th><th>status</th><th class="n">duration</th><th class="n">requests</th><th class="n">retries</th><th class="n">failures</th><th>first errors</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function moviesTable(report: DayReport): string {
  const rows = report.movies
    .slice(0, 15)
    .map(
      (m, i) =>
        `<tr><td class="n">${i + 1}</td><td>${esc(m.key)}</td><td class="n">${int(m.shows)}</td><td class="n">${int(m.admissions)}</td><td class="n">${m.occupancy_pct.toFixed(1)}%</td><td class="n">${m.summary_admissions !== undefined ? int(m.summary_admissions) : '–'}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th class="n">#</th><th>movie</th><th class="n">shows</th><th class="n">admissions</th><th class="n">occupancy</th><th class="n">daily_admissions</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0; background: #f6f7f9; color: #222; }
header { background: #1d3557; color: #fff; padding: 20px 32px; }
header h1 { margin: 0; font-size: 22px; font-weight: 600; }
header p { margin: 4px 0 0; opacity: .8; font-size: 13px; }
main { padding: 16px 32px 40px; max-width: 1100px; }
section { background: #fff; border: 1px solid #e3e6ea; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h2 { font-size: 16px; margin: 0 0 12px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid #e3e6ea; border-radius: 8px; padding: 12px 16px; min-width: 130px; }
.card .value { font-size: 22px; font-weight: 600; }
.card .label { font-size: 12px; color: #555; }
.card .note { font-size: 11px; color: #888; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef0f2; vertical-align: top; }
th { color: #555; font-weight: 600; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #777; font-size: 12.5px; }
.chart svg { max-width: 100%; height: auto; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #e8f4ec; color: #23693c; }
.status-partial .badge { background: #fcf1d9; color: #7a5600; }
.status-failed .badge { background: #f9e0de; color: #8d2620; }
.status-cancelled .badge { background: #eee; color: #555; }
.warn { background: #fff8e6; border-color: #f0d9a0; }
`;

/** The page. `svgs` maps a chart id to its SVG. */
export function renderHtml(report: DayReport, svgs: Record<string, string>, generatedAt: string): string {
  const t = report.totals;
  const chart = (id: string) => (svgs[id] ? `<div class="chart" id="chart-${esc(id)}">${svgs[id]}</div>` : '');
  const summaryNote = report.summary
    ? `daily_summaries/${report.date} (generated ${report.summary.generated_at}): ${int(report.summary.total_audience)} admissions of ${int(report.summary.total_seats)} seats in ${int(report.summary.showtime_count)} shows.`
    : `No daily_summaries/${report.date} yet (the summary runs at 00:05 WIB for the day before); the figures below are from the seat readings.`;
  const warnings = report.unreadable.length
    ? `<section class="warn"><h2>Unreadable documents</h2><p>${int(report.unreadable.length)} seat documents lack a field the report needs and are left out, e.g. ${esc(report.unreadable.slice(0, 3).join(', '))}.</p></section>`
    : '';
  const data = { ...report, soldOut: report.soldOut.slice(0, LIST_ROWS), empty: report.empty.slice(0, LIST_ROWS) };
  const empty = t.shows === 0 ? `<section class="warn"><h2>No seat readings</h2><p>The store holds no seat readings for ${esc(report.date)}: run the seat scraper for that day, or pick another with --date.</p></section>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CineRadar — ${esc(report.date)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>CineRadar — ${esc(report.date)}</h1><p>Cinema occupancy across Indonesia from TIX.id seat maps · ${esc(report.storeKind)} store · page written ${esc(generatedAt)}</p></header>
<main>
${empty}${warnings}
<section id="totals"><h2>The day</h2><div class="cards">
${card('admissions', int(t.admissions), `of ${int(t.capacity)} seats`)}
${card('occupancy', `${t.occupancy_pct.toFixed(1)}%`)}
${card('shows read', int(t.shows), `of ${int(t.scheduled)} scheduled`)}
${card('movies', int(t.movies))}
${card('theatres', int(t.theatres))}
${card('cities', int(t.cities))}
${card('sold out', int(t.sold_out))}
${card('empty', int(t.empty))}
</div><p class="muted">${esc(summaryNote)} Each show counts once, with its latest seat reading (from ${esc(report.readingsSource)}); admissions are the seats TIX.id shows as taken (sold or held).</p></section>
<section><h2>By hour of day</h2>${chart('by-hour')}</section>
<section><h2>By city</h2>${chart('by-city')}</section>
<section><h2>By chain</h2>${chart('by-chain')}</section>
<section><h2>Top movies</h2>${chart('top-movies')}${moviesTable(report)}</section>
<section id="sold-out"><h2>Sold-out shows (${int(t.sold_out)})</h2>${showsTable(report.soldOut, t.sold_out, 'sold-out')}</section>
<section id="empty"><h2>Empty shows (${int(t.empty)})</h2>${showsTable(report.empty, t.empty, 'empty')}</section>
<section id="runs"><h2>Runs (${int(report.runs.length)})</h2>${chart('runs')}${runsTable(report.runs)}</section>
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
</body>
</html>
`;
}
