/**
 * The box office's rows (docs/box-office.md), shared by the summary, the report, the dataset and
 * the nowcast: every figure is computed once, by scripts/box-office/, and these are the shapes it
 * hands out. Field names are the dataset's column names. Unknown is `null`, never 0.
 */
import type { ReadingKind, ShowRecord } from '../../scrapers/seats/readings.js';
import type { ShowtimesDoc, SnapshotMovie } from '../../shared/store/documents.js';

export type { ReadingKind };

export const ISLAND_GROUPS = ['Jawa', 'Sumatera', 'Kalimantan', 'Sulawesi', 'Bali & NT', 'Papua & Maluku'] as const;
export type IslandGroup = (typeof ISLAND_GROUPS)[number];

/** Dataset table `readings`: one per show and reading. */
export interface ReadingRow {
  /** YYYY-MM-DD (Asia/Jakarta). */
  date: string;
  showtime_id: string;
  kind: ReadingKind;
  /** ISO UTC with Z. */
  read_at: string;
  seats_total: number;
  seats_unavailable: number;
}

/** Dataset table `shows`: one per scheduled show, read or not. */
export interface ShowRow {
  date: string;
  showtime_id: string;
  movie_id: string;
  movie_title: string;
  theatre_id: string;
  theatre_name: string;
  /** 'XXI' | 'CGV' | 'Cinépolis'. */
  merchant: string;
  /** UPPER-CASE. */
  city: string;
  province: string | null;
  island_group: IslandGroup | null;
  /** As TIX.id gives it, trimmed; null when the room has none. */
  room_category: string | null;
  /** formatOf(room_category) (format.ts). */
  format: string;
  /** HH:MM theatre-local. */
  start_local: string;
  /** ISO UTC with Z, from the theatre's zone. */
  start_at: string;
  /** Capacity from the last reading before start (null when there is none). */
  seats_total: number | null;
  unavailable_morning: number | null;
  /** Unavailable seats at the last reading before local start (jit/final, else morning). */
  unavailable_last: number | null;
  last_kind: ReadingKind | null;
  /** = unavailable_last (sold + held: TIX.id cannot tell them apart). */
  admissions: number | null;
  /** unavailable_last − unavailable_morning, only when last_kind is jit/final and a morning reading exists. */
  walkup: number | null;
  price_idr_min: number | null;
  price_idr_max: number | null;
  /** admissions × price_idr_min (rupiah as listed, tax included). */
  gross_idr_min: number | null;
  gross_idr_max: number | null;
  /** From the movies list (empty when unknown). */
  genres: string[];
}

/** `box_office/{date}.movies[]` and dataset table `movie_days` (+ date). */
export interface MovieDayRow {
  movie_id: string;
  title: string;
  rank: number;
  shows: number;
  theatres: number;
  cities: number;
  seats: number;
  admissions: number;
  /** admissions ÷ seats, 0–100, one decimal (Double in Firestore); null when no show was read. */
  occupancy_pct: number | null;
  gross_idr_min: number | null;
  gross_idr_max: number | null;
  avg_price_idr: number | null;
  /** Share of the day's scheduled shows, 0–1 (Double). */
  show_share: number;
  /** Share of the day's admissions, 0–1 (Double); null when the day has none. */
  admission_share: number | null;
  sold_out_shows: number;
  nearly_full_shows: number;
  walkup: number | null;
  walkup_share: number | null;
  change_day_pct: number | null;
  change_week_pct: number | null;
  cumulative_admissions: number;
  cumulative_gross_idr_min: number | null;
  cumulative_gross_idr_max: number | null;
  day_of_run: number;
  genres: string[];
}

/** One line of a rollup (by chain, city, province, island, format, hour, genre). */
export interface RollupRow {
  key: string;
  shows: number;
  seats: number;
  admissions: number;
  occupancy_pct: number | null;
  gross_idr_min: number | null;
  gross_idr_max: number | null;
}

/** A problem in the day's input: counted and named in the run record; the day still computes. */
export type DayIssueKind =
  | 'malformed_price'
  | 'show_unread'
  | 'reading_after_start'
  | 'room_without_category'
  | 'unknown_room_category'
  | 'movie_renamed'
  | 'unknown_city'
  | 'reading_not_scheduled';

export interface DayIssue {
  kind: DayIssueKind;
  /** What it is about: a showtime id, a movie id, a price string, a category. */
  subject: string;
  detail: string;
}

export interface BoxOfficeTotals {
  /** Shows scheduled (read or not). */
  shows: number;
  /** Shows whose last reading before start is a JIT or final one. */
  shows_pre_show: number;
  /** Shows with only their morning reading before start. */
  shows_morning_only: number;
  /** Shows with no reading before start. */
  shows_unread: number;
  /** Capacity of the shows with a reading. */
  seats: number;
  admissions: number;
  occupancy_pct: number | null;
  gross_idr_min: number | null;
  gross_idr_max: number | null;
  /** Read shows whose price is unknown (their gross is left out of gross_idr_*). */
  shows_without_price: number;
  /** Share (0–1) of the read capacity whose last reading was pre-show / morning only. */
  seats_share_pre_show: number | null;
  seats_share_morning_only: number | null;
  /** Share (0–1) of the scheduled shows that are pre-show / morning-only / unread. */
  show_share_pre_show: number | null;
  show_share_morning_only: number | null;
  show_share_unread: number | null;
  walkup: number | null;
  walkup_share: number | null;
}

export interface BoxOfficeDay {
  date: string;
  computed_at: string;
  totals: BoxOfficeTotals;
  movies: MovieDayRow[];
  by_chain: RollupRow[];
  by_city: RollupRow[];
  by_province: RollupRow[];
  by_island: RollupRow[];
  by_format: RollupRow[];
  by_hour: RollupRow[];
  by_genre: RollupRow[];
  /** Every movie's run as of this day (today's movies and the earlier ones), ordered by movie id. */
  runs: MovieRun[];
  /** Issues of the input by kind (counts). */
  issues: Partial<Record<DayIssueKind, number>>;
}

/**
 * A movie's run up to and including a day: carried in every `box_office/{date}` document for every
 * movie seen so far, so the next day's cumulative figures and day of run need only the latest
 * earlier document (sums over the days present; a day without a document adds nothing).
 */
export interface MovieRun {
  movie_id: string;
  /** The title on its latest day (a change is reported as `movie_renamed`). */
  title: string;
  /** Its first day in the data: day_of_run 1. */
  first_date: string;
  last_date: string;
  /** Days present (with at least one show). */
  days: number;
  cumulative_admissions: number;
  cumulative_gross_idr_min: number | null;
  cumulative_gross_idr_max: number | null;
}

/** An earlier day as the change and cumulative figures need it (from its `box_office` document). */
export interface HistoryDay {
  date: string;
  movies: Pick<MovieDayRow, 'movie_id' | 'admissions' | 'gross_idr_min' | 'gross_idr_max'>[];
  runs: MovieRun[];
}

/** One day's input, as load.ts reads it from the store (the only loader). */
export interface DayInput {
  date: string;
  /** The day's slot records (seat_days/{date}/slots/*). */
  records: ShowRecord[];
  /** The day's showtimes documents (schedules/{date}/showtimes/*): every scheduled show with its room's category and price. */
  showtimes: ShowtimesDoc[];
  /** The movies list of the day (snapshots/{date}.movies): genres (and the presale flag the nowcast uses); empty when missing. */
  movies: (Pick<SnapshotMovie, 'id' | 'title' | 'genres'> & { is_presale?: boolean })[];
}
