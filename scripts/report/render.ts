/**
 * Step 4 of the report: the figures and the charts' SVG → one self-contained HTML page (inline CSS
 * and SVG, no script that runs, nothing fetched: it works offline and as a workflow artifact).
 *
 * Each chart is drawn twice, for a wide screen and for a phone; CSS shows one (≤ 700 px: the phone
 * one, whose text stays ≥ 12 px). The figures are also embedded as JSON
 * (`<script type="application/json" id="report-data">`), so a reader or a test can compare them with
 * the store without scraping the tables.
 */
import type { DayReport } from './aggregate.js';
import {
  esc,
  grossRange,
  int,
  LIST_ROWS,
  moviesTable,
  nowcastSection,
  pct1,
  runsTable,
  showsTable,
} from './render-tables.js';

export { LIST_ROWS };

/** A chart id → its SVG for a wide screen and for a phone. */
export type Svgs = Record<string, { wide: string; narrow: string }>;

/** JSON inside a <script> element: `<` escaped, so no `</script>` can end it early. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

function card(label: string, value: string, note = '', key = ''): string {
  return `<div class="card"${key ? ` data-figure="${key}"` : ''}><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div>${note ? `<div class="note">${esc(note)}</div>` : ''}</div>`;
}

export const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0; background: #f6f7f9; color: #222; }
header { background: #1d3557; color: #fff; padding: 20px 32px; }
header h1 { margin: 0; font-size: 22px; font-weight: 600; }
header p { margin: 4px 0 0; opacity: .8; font-size: 13px; }
main { padding: 16px 32px 40px; max-width: 1100px; }
section { background: #fff; border: 1px solid #e3e6ea; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h2 { font-size: 16px; margin: 0 0 12px; }
p { font-size: 14px; line-height: 1.45; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid #e3e6ea; border-radius: 8px; padding: 12px 16px; min-width: 130px; }
.card .value { font-size: 22px; font-weight: 600; }
.card .label { font-size: 12px; color: #555; }
.card .note { font-size: 11px; color: #888; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef0f2; vertical-align: top; }
th { color: #555; font-weight: 600; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #777; font-size: 12.5px; }
.chart svg { max-width: 100%; height: auto; }
.chart .narrow { display: none; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #e8f4ec; color: #23693c; }
.status-partial .badge { background: #fcf1d9; color: #7a5600; }
.status-failed .badge { background: #f9e0de; color: #8d2620; }
.status-cancelled .badge { background: #eee; color: #555; }
.warn { background: #fff8e6; border-color: #f0d9a0; }
@media (max-width: 700px) {
  header { padding: 14px 14px; }
  main { padding: 8px 8px 24px; }
  section { padding: 12px 10px; margin: 10px 0; }
  .card { min-width: 0; flex: 1 1 40%; padding: 8px 10px; }
  .chart .wide { display: none; }
  .chart .narrow { display: block; }
}
`;

/** What the figures are and how fresh they are: the method in four sentences, with the day's counts. */
function methodNote(report: DayReport): string {
  const t = report.totals;
  // the box office's own shares of the scheduled shows (null on a day without shows)
  const share = (s: number | null) => (s === null ? '' : ` (${pct1(s)})`);
  const source =
    report.boxOfficeSource === 'stored'
      ? `box_office/${report.date}, computed ${report.computedAt}`
      : `computed for this page at ${report.computedAt} by the box office's one computation (no box_office/${report.date} yet: the summary runs at 00:05 WIB for the day before)`;
  return `<section id="method"><h2>What these figures are</h2>
<p><strong>Admissions</strong> are the seats TIX.id shows as unavailable at a show's last reading before it started: sold <em>and</em> held seats together (TIX.id does not tell them apart), so they can exceed the tickets sold. A reading taken after the start never counts.</p>
<p id="freshness"><strong>How fresh:</strong> of ${int(t.shows)} scheduled shows, <strong>${int(t.shows_pre_show)}</strong>${share(t.show_share_pre_show)} were read minutes before they started; <strong>${int(t.shows_morning_only)}</strong>${share(t.show_share_morning_only)} have only their 06:00 reading, so their admissions are morning pre-sales without the walk-ups; ${int(t.shows_unread)}${share(t.show_share_unread)} were not read and count nowhere.${t.shows_morning_only > t.shows_pre_show ? ' Most of this day’s figure is therefore pre-sales: a floor, not the day’s audience.' : ''}</p>
<p><strong>Gross</strong> is a range: admissions × the lowest and the highest listed price of each show (a show without a price adds nothing to the low end and leaves no high end). <strong>Walk-up</strong> is what a show gained between 06:00 and its pre-show reading. Source: ${esc(source)}; method and limits in docs/box-office.md.</p></section>`;
}

function totalsSection(report: DayReport): string {
  const t = report.totals;
  return `<section id="totals"><h2>The day</h2><div class="cards">
${card('admissions', int(t.admissions), `of ${int(t.seats)} seats read`, 'admissions')}
${card('gross (range)', grossRange(t.gross_idr_min, t.gross_idr_max), 'listed prices', 'gross')}
${card('occupancy', t.occupancy_pct === null ? '–' : `${t.occupancy_pct.toFixed(1)}%`)}
${card('shows read pre-show', int(t.shows_pre_show), `of ${int(t.shows)} scheduled`, 'shows_pre_show')}
${card('morning reading only', int(t.shows_morning_only), 'pre-sales only', 'shows_morning_only')}
${card('walk-up share', t.walkup_share === null ? '–' : pct1(t.walkup_share), 'of pre-show admissions')}
${card('movies', int(t.movies))}
${card('theatres', int(t.theatres))}
${card('cities', int(t.cities))}
${card('sold out', int(t.sold_out))}
${card('empty', int(t.empty))}
</div></section>`;
}

/** The page. `svgs` maps a chart id to its SVGs. */
export function renderHtml(report: DayReport, svgs: Svgs, generatedAt: string): string {
  const t = report.totals;
  const chart = (id: string) => {
    const s = svgs[id];
    return s
      ? `<div class="chart" id="chart-${esc(id)}"><div class="wide">${s.wide}</div><div class="narrow">${s.narrow}</div></div>`
      : '';
  };
  const data = { ...report, soldOut: report.soldOut.slice(0, LIST_ROWS), empty: report.empty.slice(0, LIST_ROWS) };
  const empty =
    t.shows_read === 0
      ? `<section class="warn"><h2>No seat readings</h2><p>The store holds no seat reading taken before a show of ${esc(report.date)}: run the seat scraper for that day, or pick another with --date.</p></section>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CineRadar — ${esc(report.date)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>CineRadar — ${esc(report.date)}</h1><p>Indonesia's box office from TIX.id seat maps · ${esc(report.storeKind)} store · page written ${esc(generatedAt)}</p></header>
<main>
${empty}${totalsSection(report)}
${methodNote(report)}
<section id="box-office"><h2>Box office: movies</h2>${chart('top-movies')}${moviesTable(report.movies, report.freshness)}</section>
<section id="nowcast"><h2>Nowcast</h2>${nowcastSection(report)}</section>
<section><h2>By hour of day: supply and demand</h2><p class="muted">Admissions follow the number of shows and seats on offer: compare them with occupancy, which does not.</p>${chart('by-hour')}</section>
<section><h2>By province</h2>${chart('by-province')}</section>
<section><h2>By chain</h2>${chart('by-chain')}</section>
<section><h2>By format</h2>${chart('by-format')}</section>
<section><h2>By city (top 15)</h2>${chart('by-city')}</section>
<section id="sold-out"><h2>Sold-out shows (${int(t.sold_out)})</h2>${showsTable(report.soldOut, t.sold_out, 'sold-out')}</section>
<section id="empty"><h2>Empty shows (${int(t.empty)})</h2>${showsTable(report.empty, t.empty, 'empty')}</section>
<section id="runs"><h2>Runs (${int(report.runs.length)})</h2>${chart('runs')}${runsTable(report.runs)}</section>
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
</body>
</html>
`;
}
