/**
 * When to ask for the next schedule page, and when a pair has failed: pure.
 *
 * TIX.id pages a movie's theatres in a city ten at a time, sorted by name (Jakarta needs up to 9
 * pages). Paging stops on `has_next:false`, on an empty page or on `success:false` (TIX.id's paging).
 * Stopping is not the same as succeeding, though: an empty page that still says `has_next:true`,
 * a `success:false` answer, a page that only repeats theatres already seen, or more pages than any
 * city has ever needed all mean the list was cut short — the pair is failed with that reason
 * instead of being stored as if it were complete.
 */
import type { SchedulePageResult } from '../../shared/tix/client.js';

/** Far beyond the 9 pages Jakarta needs; reaching it means the service is looping. */
export const MAX_PAGES = 40;

/** TIX.id's first page is page 1. */
export const FIRST_PAGE = 1;

export type PageVerdict = { kind: 'next' } | { kind: 'done' } | { kind: 'fail'; reason: string };

/**
 * Judge page `page` (1-based) given the theatre ids of the earlier pages (`seen`, updated here with
 * this page's theatres).
 */
export function judgePage(
  result: SchedulePageResult,
  page: number,
  seen: Set<string>,
  maxPages = MAX_PAGES,
): PageVerdict {
  if (result.stopped) {
    const what = [result.stopped.code, result.stopped.message].filter(Boolean).join(': ');
    return { kind: 'fail', reason: `page ${page}: TIX.id answered success:false${what ? ` (${what})` : ''}` };
  }
  const ids = result.theaters.map((t) => t.id);
  if (ids.length === 0) {
    return result.has_next
      ? { kind: 'fail', reason: `page ${page} is empty but says has_next:true (the list would never end)` }
      : { kind: 'done' };
  }
  const fresh = ids.filter((id) => !seen.has(id));
  for (const id of ids) seen.add(id);
  if (fresh.length === 0) {
    return { kind: 'fail', reason: `page ${page} only repeats theatres of earlier pages (paging loop)` };
  }
  if (!result.has_next) return { kind: 'done' };
  if (page >= maxPages) return { kind: 'fail', reason: `still has_next:true after ${maxPages} pages (paging loop)` };
  return { kind: 'next' };
}
