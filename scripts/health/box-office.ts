/**
 * The health check's summary rule: the day's `daily_summaries` exists, and its `box_office`
 * exists and agrees with it to the seat (both come from one computation, scripts/box-office/, and
 * are written in one batch; a disagreement means one was written by something else or by hand).
 * Two reads.
 */
import type { DocData, Store } from '../../shared/store/store.js';
import { boxOfficePath, summaryPath } from '../../shared/store/paths.js';
import { fromBoxOfficeDoc } from '../box-office/doc.js';

/** The figures that must be equal, as `name: box office vs summary`; empty when they agree. */
export function boxOfficeDisagreement(summary: DocData, boxOffice: DocData): string[] {
  const t = fromBoxOfficeDoc(boxOffice)?.totals;
  if (!t) return ['the box office document has no totals'];
  const pairs: [string, number, unknown][] = [
    ['admissions', t.admissions, summary.total_audience],
    ['seats', t.seats, summary.total_seats],
    ['shows read', t.shows - t.shows_unread, summary.showtime_count],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([name, a, b]) => `${name} ${a} vs ${String(b)}`);
}

/** The problems of the day's summary and box office (`when`: e.g. " after 00:30 WIB"). */
export async function summaryProblems(store: Store, date: string, when: string): Promise<string[]> {
  const [summary, boxOffice] = await Promise.all([store.get(summaryPath(date)), store.get(boxOfficePath(date))]);
  if (!summary) return [`daily_summaries/${date} is missing${when}`];
  if (!boxOffice)
    return [
      `box_office/${date} is missing${when} (the summary of ${date} wrote its totals but no box office: run npm run summary -- --date ${date})`,
    ];
  const diffs = boxOfficeDisagreement(summary, boxOffice);
  return diffs.length ? [`box_office/${date} disagrees with daily_summaries/${date}: ${diffs.join(', ')}`] : [];
}
