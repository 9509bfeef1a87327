/**
 * Which showtimes a seat pass reads, as a pure function of the day's showtime documents
 * (`schedules/{date}/showtimes/{movie_id}_{city_id}`) and "now".
 *
 * A showtime's start is its `HH:MM` on the document's date **in the theatre's own zone** (WIB, WITA
 * or WIT: the document's `zone`), converted to an instant; "now" is an instant. Comparing instants
 * is what makes a 19:00 show in Makassar (11:00Z) differ from a 19:00 show in Jakarta (12:00Z).
 *
 *  - `morning`: every showtime that has not started and has no stored morning reading yet (a
 *               re-run after a kill reads only the rest).
 *  - `jit`:     every showtime starting within the next `windowMinutes` (default 30):
 *               now < start ≤ now + window, that no JIT pass has read yet. Passes run every 10
 *               minutes, so each show is in the window of three passes: the first that runs reads
 *               it, a late or dropped one costs nothing (docs/operations.md).
 *  - `final`:   every showtime starting within the next 5 minutes (now < start ≤ now + 5 min)
 *               that has no final snapshot yet.
 *
 * A showtime that already started (start ≤ now) is never selected: TIX.id answers its layout with
 * 401 EXPIRED_EVENT_DETAIL. Nor is one TIX.id already answered that way (sales can close early).
 */
import { localToInstant, type IanaZone } from '../../shared/clock.js';
import type { SeatMode } from '../../shared/run/vocabulary.js';
import type { ShowtimesDoc } from '../../shared/store/documents.js';
import type { Merchant } from '../../shared/tix/schemas.js';

/** A reading at most 30 minutes before the start (docs/operations.md: the JIT schedule). */
export const DEFAULT_JIT_WINDOW_MINUTES = 30;
export const FINAL_WINDOW_MINUTES = 5;

/** One showtime with everything a seat snapshot needs besides the seats. */
export interface ShowtimeTarget {
  showtime_id: string;
  /** Theatre-local `HH:MM`. */
  showtime: string;
  /** The schedule's date (Asia/Jakarta), also the theatre-local date of the show. */
  date: string;
  /** The start as an instant. */
  startsAt: Date;
  zone: IanaZone;
  /** TIX.id's status in the showtimes document; absent for a show taken from its slot record (window.ts). Not used by the pass. */
  status?: number;
  movie_id: string;
  movie_title: string;
  city: string;
  city_id: string;
  theatre_id: string;
  theatre_name: string;
  merchant: Merchant;
  room_category: string;
}

/** Every showtime of the given documents, each id once, ordered by start then id. */
export function showtimesOf(docs: readonly ShowtimesDoc[]): ShowtimeTarget[] {
  const seen = new Map<string, ShowtimeTarget>();
  for (const doc of docs) {
    for (const t of doc.theatres) {
      for (const room of t.rooms) {
        for (const s of room.all_showtimes) {
          if (seen.has(s.showtime_id)) continue;
          seen.set(s.showtime_id, {
            showtime_id: s.showtime_id,
            showtime: s.time,
            date: doc.date,
            startsAt: localToInstant(doc.date, s.time, doc.zone),
            zone: doc.zone,
            status: s.status,
            movie_id: doc.movie_id,
            movie_title: doc.movie_title,
            city: doc.city,
            city_id: doc.city_id,
            theatre_id: t.theatre_id,
            theatre_name: t.theatre_name,
            merchant: t.merchant,
            room_category: room.category.trim(),
          });
        }
      }
    }
  }
  return [...seen.values()].sort(byStartThenId);
}

/** Start order, ties by showtime id: the order shows are listed and read in. */
export function byStartThenId(
  a: { startsAt: Date; showtime_id: string },
  b: { startsAt: Date; showtime_id: string },
): number {
  return (
    a.startsAt.getTime() - b.startsAt.getTime() ||
    (a.showtime_id < b.showtime_id ? -1 : a.showtime_id > b.showtime_id ? 1 : 0)
  );
}

export interface SelectOptions {
  mode: SeatMode;
  now: Date;
  /** JIT window in minutes (default 20). Ignored by the other modes. */
  windowMinutes?: number;
  /** Showtimes a morning pass already stored (for `morning`: a re-run after a kill asks only for the rest). */
  morningTaken?: ReadonlySet<string>;
  /** Showtimes a JIT pass already read (for `jit`). */
  jitTaken?: ReadonlySet<string>;
  /** Showtimes a final pass already read (for `final`). */
  finalTaken?: ReadonlySet<string>;
  /** Showtimes TIX.id already reported as started (401 EXPIRED_EVENT_DETAIL): never asked again. */
  started?: ReadonlySet<string>;
}

/** How far ahead a mode looks, in minutes: the JIT window as asked, the final one's, none for the morning. */
export function windowMinutesOf(mode: SeatMode, jitMinutes: number | undefined): number | undefined {
  if (mode === 'morning') return undefined;
  return mode === 'final' ? FINAL_WINDOW_MINUTES : (jitMinutes ?? DEFAULT_JIT_WINDOW_MINUTES);
}

/** The half-open window (from, to] of start instants a mode selects; `to` undefined = no end. */
export function windowOf(opts: SelectOptions): { from: Date; to: Date | undefined } {
  const from = opts.now;
  const minutes = windowMinutesOf(opts.mode, opts.windowMinutes);
  return { from, to: minutes === undefined ? undefined : new Date(from.getTime() + minutes * 60_000) };
}

/** The showtimes a pass of `mode` reads at `now`. */
export function selectShowtimes(all: readonly ShowtimeTarget[], opts: SelectOptions): ShowtimeTarget[] {
  const { from, to } = windowOf(opts);
  const f = from.getTime();
  const t = to?.getTime() ?? Infinity;
  return all.filter((s) => {
    const start = s.startsAt.getTime();
    if (!(start > f && start <= t)) return false;
    if (opts.started?.has(s.showtime_id)) return false;
    if (opts.mode === 'morning' && opts.morningTaken?.has(s.showtime_id)) return false;
    if (opts.mode === 'jit' && opts.jitTaken?.has(s.showtime_id)) return false;
    if (opts.mode === 'final' && opts.finalTaken?.has(s.showtime_id)) return false;
    return true;
  });
}
