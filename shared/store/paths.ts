/**
 * Where each kind of document lives, one builder per path, so a scraper and the step that reads
 * its documents (another scraper, a script) name them the same way without importing each other.
 * The schemas of these documents are in documents.ts.
 */

/** `snapshots/{date}`: the day's movies (movies scraper; theatre counts from the schedules scraper). */
export const daySnapshotPath = (date: string): string => `snapshots/${date}`;

/** `snapshots/latest`: the newest good day, what the apps read first. */
export const LATEST_SNAPSHOT = 'snapshots/latest';

/** `snapshots/{date}/cities`: one document per city, its movies as last read that day. */
export const cityMoviesCollection = (date: string): string => `${daySnapshotPath(date)}/cities`;

export const cityMoviesPath = (date: string, cityId: string): string => `${cityMoviesCollection(date)}/${cityId}`;

/** `schedules/{date}/movies/{movie_id}`: the web app's schedule of one movie. */
export const schedulePath = (date: string, movieId: string): string => `schedules/${date}/movies/${movieId}`;

/**
 * `schedules/{date}/showtimes`: the showtimes documents, one per movie × city (the schedules
 * scraper's unit of work, a "pair"), holding every showtime id and status; the seats scraper reads
 * its shows from them.
 */
export const showtimesCollection = (date: string): string => `schedules/${date}/showtimes`;

/** A showtimes document's id, `{movie_id}_{city_id}` (listed in the schedule's `showtime_docs`). */
export const showtimesDocId = (movieId: string, cityId: string): string => `${movieId}_${cityId}`;

export const showtimesPath = (date: string, movieId: string, cityId: string): string =>
  `${showtimesCollection(date)}/${showtimesDocId(movieId, cityId)}`;

/**
 * `seat_index/{date}`: the seats scraper's index of the day's shows (scrapers/seats/day-index.ts).
 * Whoever writes or deletes showtimes documents of a day (the schedules scraper) deletes it, so the
 * next seat pass rebuilds it from the documents as they are.
 */
export const seatIndexPath = (date: string): string => `seat_index/${date}`;

/** `seat_days/{date}/slots`: the day's seat readings, one document per half hour (scrapers/seats/readings.ts). */
export const slotsCollection = (date: string): string => `seat_days/${date}/slots`;

export const slotPath = (date: string, slot: string): string => `${slotsCollection(date)}/${slot}`;

/** `daily_summaries/{date}`: the day's totals (npm run summary). */
export const summaryPath = (date: string): string => `daily_summaries/${date}`;

/** `daily_admissions/{date}/movies/{movie_id}`: one movie's admissions of the day. */
export const admissionsPath = (date: string, movieId: string): string => `daily_admissions/${date}/movies/${movieId}`;

/** The box office's collection (private, kept forever: retention never prunes it). */
export const BOX_OFFICE = 'box_office';
/** The day's box office (scripts/box-office/). */
export const boxOfficePath = (date: string): string => `${BOX_OFFICE}/${date}`;

/** The nowcasts' collection (private; scripts/nowcast/). */
export const BOX_OFFICE_NOWCAST = 'box_office_nowcast';
/** A day's nowcast at a Jakarta HH:MM: `box_office_nowcast/{date}_{HHMM}`. */
export const nowcastPath = (date: string, hhmm: string): string =>
  `${BOX_OFFICE_NOWCAST}/${date}_${hhmm.replace(':', '')}`;
