/**
 * The movies scraper's pure core: TIX.id's per-city movie lists → one national snapshot.
 *
 *   ApiMovie[] of a city ──cityMoviesFrom──▶ CityMoviesDoc (`snapshots/{date}/cities/{city_id}`)
 *   CityMoviesDoc[] of the day ──mergeSnapshot──▶ SnapshotDoc (`snapshots/{date}`, `snapshots/latest`)
 *   SnapshotDoc + what is known ──decideLatest──▶ publish `latest` or hold it back, and why
 *
 * The snapshot is always merged from *every* city document of the day, never patched: a full run,
 * a `--city` run (which replaces only its cities' documents) and the shards of a sharded run all end
 * in the same function, so they produce the same snapshot for the same city data.
 */
import type { CityMovie, CityMoviesDoc, SnapshotDoc, SnapshotMovie } from '../../shared/store/documents.js';
import { normaliseMerchant, type ApiMovie, type Merchant } from '../../shared/tix/schemas.js';

/** The admin colours by these literals; this is also the order they are listed in. */
export const MERCHANT_ORDER: readonly Merchant[] = ['XXI', 'CGV', 'Cinépolis'];

/** Trimmed, with runs of whitespace (including stray `\r\n`) collapsed to one space. */
export function cleanText(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Numeric id strings compared as numbers (they exceed Number.MAX_SAFE_INTEGER, so by length first). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortMerchants(merchants: Iterable<Merchant>): Merchant[] {
  const set = new Set(merchants);
  return MERCHANT_ORDER.filter((m) => set.has(m));
}

// ---------------------------------------------------------------- genres

/** Two spellings are the same genre when they agree on letters and digits, ignoring case: `Sci-fi` = `Scifi` = `SCI FI`. */
export function genreKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Spellings TIX.id is known to use for one genre, and the one we keep: `Sci-fi` is how most of its
 * movies spell it (the captures also carry `Scifi`). Only spellings of the same letters are listed.
 */
export const KNOWN_GENRE_SPELLINGS: Readonly<Record<string, string>> = { scifi: 'Sci-fi' };

/** ALL-CAPS or all-lower spellings are the shouting/sloppy variants; a mixed-case one is preferred. */
function isMixedCase(s: string): boolean {
  return s !== s.toUpperCase() && s !== s.toLowerCase();
}

/**
 * The canonical spelling of every genre in a set of names (one day's, across all movies, so one
 * movie's `Scifi` and another's `Sci-fi` end up the same). A known spelling wins; otherwise, in this
 * order of preference: mixed-case (`Horror` over `HORROR`), the longest (it keeps separators), the
 * most frequent, the alphabetically first — so the choice never depends on which city answered first.
 */
export function genreSpellings(names: Iterable<string>): Map<string, string> {
  const forms = new Map<string, Map<string, number>>();
  for (const raw of names) {
    const name = cleanText(raw);
    const key = genreKey(name);
    if (!key) continue;
    const f = forms.get(key) ?? new Map<string, number>();
    f.set(name, (f.get(name) ?? 0) + 1);
    forms.set(key, f);
  }
  const out = new Map<string, string>();
  for (const [key, f] of forms) {
    const known = KNOWN_GENRE_SPELLINGS[key];
    if (known) {
      out.set(key, known);
      continue;
    }
    const candidates = [...f.entries()].sort(
      ([a, na], [b, nb]) =>
        Number(isMixedCase(b)) - Number(isMixedCase(a)) || b.length - a.length || nb - na || compareStrings(a, b),
    );
    out.set(key, candidates[0]![0]);
  }
  return out;
}

/**
 * Genres de-duplicated and spelled canonically (`spellings` from `genreSpellings`, by default those
 * of these names alone), trimmed, in order of first appearance. Nothing is translated, merged by
 * meaning or invented: only spellings of the same letters are folded together.
 */
export function normaliseGenres(names: Iterable<string>, spellings?: ReadonlyMap<string, string>): string[] {
  const list = [...names];
  const canon = spellings ?? genreSpellings(list);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of list) {
    const key = genreKey(cleanText(raw));
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(canon.get(key) ?? genreSpellings([raw]).get(key)!);
  }
  return out;
}

// ---------------------------------------------------------------- one city

export interface CityRef {
  id: string;
  /** UPPER-CASE, as the contract wants city names. */
  name: string;
}

export interface CityMoviesResult {
  doc: CityMoviesDoc;
  /** Things dropped while cleaning (unknown merchants, duplicate movie ids), for the run's log. */
  warnings: string[];
}

/**
 * One city's answer from `GET /v1/movies` as the document stored for the day: ids as strings,
 * strings trimmed, merchants normalised (unknown names dropped with a warning, never guessed), a
 * movie listed twice in one answer folded into one (merchants and presale united).
 */
export function cityMoviesFrom(
  city: CityRef,
  movies: readonly ApiMovie[],
  meta: { date: string; scrapedAt: string; runId: string },
): CityMoviesResult {
  const warnings: string[] = [];
  const byId = new Map<string, CityMovie>();
  for (const m of movies) {
    const id = String(m.movie_id).trim();
    const merchants: Merchant[] = [];
    for (const { merchant_name } of m.merchant) {
      const merchant = normaliseMerchant(merchant_name);
      if (merchant) merchants.push(merchant);
      else warnings.push(`${city.name}: movie ${id}: unknown merchant ${JSON.stringify(merchant_name)} dropped`);
    }
    const movie: CityMovie = {
      id,
      title: cleanText(m.title),
      poster: m.poster_path.trim(),
      age_category: cleanText(m.age_category),
      country: cleanText(m.country),
      genres: normaliseGenres(m.genres.map((g) => g.name)),
      merchants: sortMerchants(merchants),
      is_presale: m.presale_flag,
    };
    const seen = byId.get(id);
    if (seen) {
      warnings.push(`${city.name}: movie ${id} listed twice; merchants and presale united`);
      seen.merchants = sortMerchants([...seen.merchants, ...movie.merchants]);
      seen.is_presale ||= movie.is_presale;
      seen.genres = normaliseGenres([...seen.genres, ...movie.genres]);
    } else {
      byId.set(id, movie);
    }
  }
  return {
    doc: {
      date: meta.date,
      city: city.name,
      city_id: city.id,
      scraped_at: meta.scrapedAt,
      run_id: meta.runId,
      movies: [...byId.values()].sort((a, b) => compareIds(a.id, b.id)),
    },
    warnings,
  };
}

// ---------------------------------------------------------------- the day

/**
 * The value most observations agree on; ties go to the shortest, then the alphabetically first.
 * Empty strings only win when there is nothing else.
 */
function consensus(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size === 0) return '';
  return [...counts.entries()].sort(
    ([a, na], [b, nb]) => nb - na || a.length - b.length || compareStrings(a, b),
  )[0]![0];
}

export interface MergeInput {
  date: string;
  /** When this snapshot is assembled (ISO with Z). */
  scrapedAt: string;
  /** Every city document stored for the day (one per city; the newest wins if one repeats). */
  cityDocs: readonly CityMoviesDoc[];
  /**
   * The cities TIX.id listed for this run. City documents of other cities are ignored (a city
   * dropped since an earlier run the same day); listed cities without a document are the
   * snapshot's `failed_cities`. Omitted: every document counts and nothing is missing.
   */
  expectedCities?: readonly string[];
  /**
   * The day's previous snapshot, if any: its `theatre_counts` (filled by the schedules scraper)
   * are kept for movie×city pairs that are still there, so re-running the movies step after the
   * schedules step does not blank them.
   */
  previous?: SnapshotDoc;
}

/**
 * Merge the day's city documents into the snapshot the web app reads.
 *
 * - `cities`: every city showing the movie, sorted. `merchants`: the union over cities (in the order
 *   XXI, CGV, Cinépolis). `is_presale`: true when it is presale in any city. These two are per city
 *   on TIX.id; the earlier implementation kept the first city's and lost the rest.
 * - The newest title: TIX.id renames movies (a `(3D)` suffix dropped), and at one moment different
 *   cities can carry different titles for the same id. The city lists of one day are read within
 *   minutes, in parallel, so which response happened to arrive last says nothing about which title
 *   is newer (and would make the result depend on network timing and on how the work was sharded).
 *   The title used is the one most cities of the day report — what most of the country sees now —
 *   and on a tie the shortest, because dropping a suffix is the rename direction recorded, then the
 *   alphabetically first. A city read again later the same day replaces its own vote. Poster, age
 *   category and country are chosen the same way (empty values only when there is nothing else);
 *   genres are united over cities and spelled canonically for the whole day (`Scifi` → `Sci-fi`).
 * - Movies are ordered by number of cities, most first, then by id.
 */
export function mergeSnapshot(input: MergeInput): SnapshotDoc {
  const expected = input.expectedCities ? new Set(input.expectedCities) : undefined;
  const docsByCity = new Map<string, CityMoviesDoc>();
  for (const doc of input.cityDocs) {
    if (expected && !expected.has(doc.city)) continue;
    const seen = docsByCity.get(doc.city);
    if (!seen || seen.scraped_at < doc.scraped_at) docsByCity.set(doc.city, doc);
  }
  const docs = [...docsByCity.values()].sort((a, b) => compareStrings(a.city, b.city));

  interface Seen {
    city: string;
    movie: CityMovie;
  }
  const byMovie = new Map<string, Seen[]>();
  for (const doc of docs) {
    for (const movie of doc.movies) {
      const list = byMovie.get(movie.id) ?? [];
      list.push({ city: doc.city, movie });
      byMovie.set(movie.id, list);
    }
  }

  const previousMovies = new Map(
    (input.previous?.date === input.date ? input.previous.movies : []).map((m) => [m.id, m]),
  );

  const spellings = genreSpellings(docs.flatMap((d) => d.movies.flatMap((m) => m.genres)));
  const movies: SnapshotMovie[] = [];
  for (const [id, seen] of byMovie) {
    const cities = [...new Set(seen.map((s) => s.city))].sort(compareStrings);
    const theatreCounts: Record<string, number> = {};
    const before = previousMovies.get(id)?.theatre_counts ?? {};
    for (const city of cities) if (before[city] !== undefined) theatreCounts[city] = before[city];
    movies.push({
      id,
      title: consensus(seen.map((s) => s.movie.title)),
      poster: consensus(seen.map((s) => s.movie.poster)),
      age_category: consensus(seen.map((s) => s.movie.age_category)),
      country: consensus(seen.map((s) => s.movie.country)),
      genres: normaliseGenres(
        seen.flatMap((s) => s.movie.genres),
        spellings,
      ),
      merchants: sortMerchants(seen.flatMap((s) => s.movie.merchants)),
      cities,
      is_presale: seen.some((s) => s.movie.is_presale),
      theatre_counts: theatreCounts,
    });
  }
  movies.sort((a, b) => b.cities.length - a.cities.length || compareIds(a.id, b.id));

  const cityStats: Record<string, number> = {};
  for (const doc of docs) cityStats[doc.city] = doc.movies.length;

  const snapshot: SnapshotDoc = {
    scraped_at: input.scrapedAt,
    date: input.date,
    summary: summaryOf(movies),
    movies,
    city_stats: cityStats,
  };
  const missing = expected ? [...expected].filter((c) => !docsByCity.has(c)).sort(compareStrings) : [];
  if (missing.length) snapshot.failed_cities = missing;
  return snapshot;
}

/** `summary` of a snapshot: cities with at least one movie, movies, movies on presale. */
export function summaryOf(movies: readonly SnapshotMovie[]): SnapshotDoc['summary'] {
  return {
    total_cities: new Set(movies.flatMap((m) => m.cities)).size,
    total_movies: movies.length,
    presale_count: movies.filter((m) => m.is_presale).length,
  };
}

// ---------------------------------------------------------------- publishing `latest`

export interface LatestInput {
  snapshot: SnapshotDoc;
  /** Cities TIX.id listed (or the built-in list when the cities call failed). */
  expectedCities: number;
  /** Of those, cities with no movie list for the day. */
  missingCities: number;
  /** Hold `latest` back when more than this share (0–1) of cities is missing. */
  maxFailedShare: number;
  /** The current `snapshots/latest`, if any. */
  previous?: { date: string; movies: number };
  /**
   * `--force`: publish even when more than `maxFailedShare` of the cities are missing or the movie
   * count fell below half of the previous `latest`. Never an empty day, nor over a later day.
   */
  force: boolean;
  /**
   * The cities a `--city` run was limited to: the day's other cities were not asked for, so a day
   * held back for them is what such a run is expected to leave (said so, not a fault).
   */
  onlyCities?: readonly string[];
}

export interface LatestDecision {
  publish: boolean;
  /** Why it was held back, or what `--force` published over (a sentence for the log and the run document). */
  reason?: string;
  /** Held back only because a `--city` run left the day's other cities unread. */
  limited?: true;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Why the day has too many cities without a movie list, if it has. */
function tooManyMissing(input: LatestInput): string | undefined {
  if (input.expectedCities <= 0) return undefined;
  const share = input.missingCities / input.expectedCities;
  if (share <= input.maxFailedShare) return undefined;
  return `${input.missingCities} of ${input.expectedCities} cities (${pct(share)}) have no movie list, more than the allowed ${pct(input.maxFailedShare)} (--max-failed-share)`;
}

/** The held-back sentence of a `--city` run whose day lacks the cities it was not asked to read. */
function limitedReason(input: LatestInput, only: readonly string[]): string {
  const date = input.snapshot.date;
  return (
    `latest held back: this run read only ${only.join(', ')} (--city), and ${input.missingCities} of the ${input.expectedCities} cities have no movie list for ${date} yet; ` +
    `snapshots/${date} holds every city read so far. A run without --city reads the rest and publishes latest; --force publishes this day as it is`
  );
}

/**
 * `latest` is what the web app shows: it must never be empty, mostly missing, much smaller than
 * the day before by accident, or older than what is already there. `--force` overrides "mostly
 * missing" and "much smaller", and the decision then says what it published over.
 */
export function decideLatest(input: LatestInput): LatestDecision {
  const movies = input.snapshot.movies.length;
  if (movies === 0) return { publish: false, reason: 'latest held back: the snapshot has no movies' };
  const overridden: string[] = [];
  const missing = tooManyMissing(input);
  if (missing && !input.force) {
    if (input.onlyCities) return { publish: false, reason: limitedReason(input, input.onlyCities), limited: true };
    return { publish: false, reason: `latest held back: ${missing}; use --force to publish anyway` };
  }
  if (missing) overridden.push(missing);
  const prev = input.previous;
  if (prev && prev.date > input.snapshot.date) {
    return { publish: false, reason: `latest held back: latest is already for a later date (${prev.date})` };
  }
  if (prev && movies < prev.movies / 2) {
    const smaller = `${movies} movies is less than half of the ${prev.movies} in the current latest (${prev.date})`;
    if (!input.force) return { publish: false, reason: `latest held back: ${smaller}; use --force to publish anyway` };
    overridden.push(smaller);
  }
  return overridden.length
    ? { publish: true, reason: `latest published with --force although ${overridden.join(', and ')}` }
    : { publish: true };
}
