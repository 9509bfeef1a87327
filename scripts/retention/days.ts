/**
 * Which documents belong to a day, which days retention removes, and what it must never touch.
 * Pure functions (docs/operations.md, "Retention").
 *
 * A day's documents, `D` an Asia/Jakarta date:
 *   snapshots/D, snapshots/D/cities/*, schedules/D/movies/*, schedules/D/showtimes/*,
 *   seat_snapshots where date == D, seat_days/D/slots/*, seat_index/D, daily_summaries/D,
 *   daily_admissions/D/movies/*, and the run records (run_log/*, scraper_runs/*) whose id (a UTC
 *   start) falls in D's Jakarta day: from (D−1)T17:00:00Z up to DT17:00:00Z.
 * Never: snapshots/latest, theatres/*, auth_tokens/*, geocode_cache/*, box_office/* (one small
 * document a day, the box office's history: kept forever), nor anything of a day inside the
 * retention window (today included).
 */
import { addDaysToDate } from '../../shared/clock.js';
import type { TypedDoc } from '../../shared/store/typed.js';

/** One collection or document of a day, as the archive reads it. */
export type DayPart =
  { kind: 'doc'; path: string } | { kind: 'collection'; collection: string; idFrom?: string; idBefore?: string };

/** The run ids of Jakarta day D: [from, before). */
export function runIdRange(date: string): { from: string; before: string } {
  return { from: `${addDaysToDate(date, -1)}T17-00-00`, before: `${date}T17-00-00` };
}

/** The parts of day D, except its seat snapshots (collect.ts rebuilds those from the slots). */
export function dayParts(date: string): DayPart[] {
  const { from, before } = runIdRange(date);
  return [
    { kind: 'doc', path: `snapshots/${date}` },
    { kind: 'collection', collection: `snapshots/${date}/cities` },
    { kind: 'collection', collection: `schedules/${date}/movies` },
    { kind: 'collection', collection: `schedules/${date}/showtimes` },
    { kind: 'collection', collection: `seat_days/${date}/slots` },
    { kind: 'doc', path: `seat_index/${date}` },
    { kind: 'doc', path: `daily_summaries/${date}` },
    { kind: 'collection', collection: `daily_admissions/${date}/movies` },
    { kind: 'collection', collection: 'run_log', idFrom: from, idBefore: before },
    { kind: 'collection', collection: 'scraper_runs', idFrom: from, idBefore: before },
  ];
}

/** The newest day retention may remove: `keepDays` days are kept, today included. */
export function lastPrunableDay(today: string, keepDays: number): string {
  return addDaysToDate(today, -keepDays);
}

/** The days a scheduled prune looks at: the `lookback` days up to and including the last prunable one, oldest first. */
export function candidateDays(today: string, keepDays: number, lookback: number): string[] {
  const last = lastPrunableDay(today, keepDays);
  const out: string[] = [];
  for (let i = lookback - 1; i >= 0; i--) out.push(addDaysToDate(last, -i));
  return out;
}

const NEVER = [/^snapshots\/latest$/, /^theatres\//, /^auth_tokens\//, /^geocode_cache\//, /^box_office\//];

/**
 * Why an archived document may not be deleted by the prune of `date`, or undefined when it may:
 * protected collections, a day inside the retention window, or a document that is not of the
 * pruned day (a last guard against a wrong list).
 */
export function refusal(doc: TypedDoc, date: string, today: string, keepDays: number): string | undefined {
  const { path } = doc;
  if (NEVER.some((re) => re.test(path))) return 'protected document';
  if (date > lastPrunableDay(today, keepDays))
    return `${date} is inside the retention window (${keepDays} days up to ${today})`;
  const [collection, id = ''] = path.split('/');
  if (collection === 'seat_snapshots') {
    const d = doc.fields.date;
    return d && 'stringValue' in d && d.stringValue === date ? undefined : `its date is not ${date}`;
  }
  if (collection === 'run_log' || collection === 'scraper_runs') {
    const { from, before } = runIdRange(date);
    return id >= from && id < before ? undefined : `not a run of ${date} (Asia/Jakarta)`;
  }
  return path.split('/').includes(date) ? undefined : `not a document of ${date}`;
}
