/**
 * The admin dashboard's Scraper Monitor, reduced to its rules (docs/data-contract.md, Run records;
 * admin `api/scraper/route.ts`, `useScraperData.ts`, `ScrapeHistoryTable.tsx`), applied to the
 * documents of `scraper_runs` as the page would see them at an instant. Nothing here knows how
 * CineRadar writes the documents: a test compares what the admin would show with the day's truth.
 */
import { jakartaDate } from '../../shared/clock.js';
import type { DocData } from '../../shared/store/store.js';

export interface MonitorRow {
  date: unknown;
  status: unknown;
  run_type: unknown;
  movies: number;
  cities: number;
  theatres_total: number;
  /** The history table's theatres column: `theatres_success/theatres_total` (and failed), missing = 0. */
  theatres_success: number;
  theatres_failed: number;
  /** "Changes": this row's movies / theatres_total minus the next older row's. */
  changes: { movies: number; theatres: number } | undefined;
}

export interface MonitorView {
  /** Today's morning scrape card (undefined: "no scrape today"). */
  morning:
    | { status: unknown; timestamp: string; run_type: unknown; movies: number; cities: number; theatres_total: number }
    | undefined;
  jit: {
    runs: number;
    showtimes_scraped: number;
    showtimes_success: number;
    first: string | undefined;
    last: string | undefined;
  };
  stats: { total: number; successRate: number; avgMovies: number; avgTheatres: number };
  history: MonitorRow[];
}

const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function wibHour(ts: string): number {
  return new Date(Date.parse(ts) + 7 * 3_600_000).getUTCHours();
}

/** What the Scraper Monitor shows at `now` for these `scraper_runs` documents. */
export function scraperMonitor(docs: readonly DocData[], now: Date): MonitorView {
  const today = jakartaDate(now);
  // orderBy('timestamp', 'desc').limit(30): documents without a timestamp are not in the index
  const newest = docs
    .filter((d) => typeof d.timestamp === 'string')
    .sort((a, b) => String(b.timestamp).localeCompare(String(a.timestamp)))
    .slice(0, 30);
  const morningDoc = newest.find((d) => {
    const ts = String(d.timestamp);
    if (jakartaDate(new Date(ts)) !== today) return false;
    const h = wibHour(ts);
    return d.run_type === 'movies' || (h >= 5 && h <= 9);
  });
  const jitDocs = newest.filter((d) => d.date === today && d.run_type === 'seats');
  const stamps = jitDocs.map((d) => String(d.timestamp)).sort();
  const total = newest.length;
  return {
    morning: morningDoc && {
      status: morningDoc.status,
      timestamp: String(morningDoc.timestamp),
      run_type: morningDoc.run_type,
      movies: n(morningDoc.movies),
      cities: n(morningDoc.cities),
      theatres_total: n(morningDoc.theatres_total),
    },
    jit: {
      runs: jitDocs.length,
      showtimes_scraped: jitDocs.reduce((s, d) => s + n(d.showtimes_scraped), 0),
      showtimes_success: jitDocs.reduce((s, d) => s + n(d.showtimes_success), 0),
      first: stamps[0],
      last: stamps.at(-1),
    },
    stats: {
      total,
      successRate: total ? newest.filter((d) => d.status === 'success').length / total : 0,
      avgMovies: total ? newest.reduce((s, d) => s + n(d.movies), 0) / total : 0,
      avgTheatres: total ? newest.reduce((s, d) => s + n(d.theatres_total), 0) / total : 0,
    },
    history: newest.map((d, i) => {
      const older = newest[i + 1];
      return {
        date: d.date,
        status: d.status,
        run_type: d.run_type,
        movies: n(d.movies),
        cities: n(d.cities),
        theatres_total: n(d.theatres_total),
        theatres_success: n(d.theatres_success),
        theatres_failed: n(d.theatres_failed),
        changes: older && {
          movies: n(d.movies) - n(older.movies),
          theatres: n(d.theatres_total) - n(older.theatres_total),
        },
      };
    }),
  };
}
