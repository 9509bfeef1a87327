import { describe, expect, it } from 'vitest';
import {
  cityMoviesFrom,
  compareIds,
  decideLatest,
  mergeSnapshot,
  normaliseGenres,
  summaryOf,
} from '../../scrapers/movies/merge.js';
import { checkDocument, type CityMoviesDoc, type SnapshotDoc } from '../../shared/store/documents.js';
import { ApiMovie } from '../../shared/tix/schemas.js';

const DATE = '2026-01-19';
const AT = '2026-01-18T23:00:00.000Z';

/** An API movie as the client hands it over (parsed by the real schema). */
function api(fields: Record<string, unknown>): ApiMovie {
  return ApiMovie.parse({
    movie_id: '1900000000000000001',
    title: 'FILM A',
    genres: [{ name: 'Drama' }],
    poster_path: 'https://asset.tix.id/movie_poster_v2/a.webp',
    age_category: 'R',
    country: '',
    merchant: [{ merchant_name: 'XXI' }],
    presale_flag: 0,
    ...fields,
  });
}

function city(name: string, id: string, movies: ApiMovie[], runId = 'run-1', scrapedAt = AT): CityMoviesDoc {
  return cityMoviesFrom({ id, name }, movies, { date: DATE, scrapedAt, runId }).doc;
}

describe('normaliseGenres', () => {
  it('folds spellings of one genre, keeps the separator form and never invents', () => {
    expect(normaliseGenres(['Scifi', ' Sci-fi ', 'Adventure', 'ADVENTURE', 'adventure '])).toEqual([
      'Sci-fi',
      'Adventure',
    ]);
    expect(normaliseGenres(['Scifi'])).toEqual(['Sci-fi']);
    expect(normaliseGenres(['K-DRAMA', 'kdrama', 'K-Drama'])).toEqual(['K-Drama']);
    expect(normaliseGenres(['Sci-fi', 'Scifi'])).toEqual(normaliseGenres(['Scifi', 'Sci-fi']));
    expect(normaliseGenres(['Horror', '', '  ', 'Family  Drama'])).toEqual(['Horror', 'Family Drama']);
    expect(normaliseGenres([])).toEqual([]);
  });
});

describe('cityMoviesFrom', () => {
  it('trims strings, normalises merchants, drops unknown ones with a warning, keeps ids as strings', () => {
    const r = cityMoviesFrom(
      { id: '967969975509716992', name: 'JAKARTA' },
      [
        api({
          movie_id: '1961889705591132160',
          title: '  AVATAR:  FIRE AND ASH ',
          merchant: [{ merchant_name: 'CINEPOLIS' }, { merchant_name: ' xxi' }, { merchant_name: 'IMAX Corp' }],
          presale_flag: 1,
        }),
      ],
      { date: DATE, scrapedAt: AT, runId: 'r' },
    );
    const m = r.doc.movies[0]!;
    expect(m.id).toBe('1961889705591132160');
    expect(typeof m.id).toBe('string');
    expect(m.title).toBe('AVATAR: FIRE AND ASH');
    expect(m.merchants).toEqual(['XXI', 'Cinépolis']);
    expect(m.is_presale).toBe(true);
    expect(r.warnings.join('\n')).toContain('IMAX Corp');
    expect(() => checkDocument(`snapshots/${DATE}/cities/967969975509716992`, r.doc)).not.toThrow();
  });

  it('folds a movie listed twice in one city', () => {
    const r = cityMoviesFrom(
      { id: '1', name: 'BALI' },
      [api({ merchant: [{ merchant_name: 'XXI' }] }), api({ merchant: [{ merchant_name: 'CGV' }], presale_flag: 1 })],
      { date: DATE, scrapedAt: AT, runId: 'r' },
    );
    expect(r.doc.movies).toHaveLength(1);
    expect(r.doc.movies[0]!.merchants).toEqual(['XXI', 'CGV']);
    expect(r.doc.movies[0]!.is_presale).toBe(true);
  });
});

describe('mergeSnapshot', () => {
  const A = '1900000000000000001';
  const B = '1900000000000000002';
  const C = '990000000000000003'; // shorter id: numerically smaller

  it('unites merchants and presale over cities (not the first city only)', () => {
    const snap = mergeSnapshot({
      date: DATE,
      scrapedAt: AT,
      cityDocs: [
        city('AMBON', '11', [api({ movie_id: A, merchant: [{ merchant_name: 'XXI' }], presale_flag: 0 })]),
        city('BALI', '12', [api({ movie_id: A, merchant: [{ merchant_name: 'Cinépolis' }], presale_flag: 1 })]),
        city('JAKARTA', '13', [api({ movie_id: A, merchant: [{ merchant_name: 'CGV' }], presale_flag: 0 })]),
      ],
    });
    const m = snap.movies[0]!;
    expect(m.merchants).toEqual(['XXI', 'CGV', 'Cinépolis']);
    expect(m.is_presale).toBe(true);
    expect(m.cities).toEqual(['AMBON', 'BALI', 'JAKARTA']);
    expect(snap.summary).toEqual({ total_cities: 3, total_movies: 1, presale_count: 1 });
    expect(() => checkDocument(`snapshots/${DATE}`, snap)).not.toThrow();
  });

  it('orders movies by cities (desc) then numeric id, and counts movies per city', () => {
    const snap = mergeSnapshot({
      date: DATE,
      scrapedAt: AT,
      cityDocs: [
        city('AMBON', '11', [api({ movie_id: B }), api({ movie_id: A })]),
        city('BALI', '12', [api({ movie_id: A }), api({ movie_id: C }), api({ movie_id: B })]),
        city('KUPANG', '14', []),
      ],
    });
    expect(snap.movies.map((m) => m.id)).toEqual([A, B, C]);
    expect(snap.city_stats).toEqual({ AMBON: 2, BALI: 3, KUPANG: 0 });
    expect(snap.summary.total_cities).toBe(2);
    expect(compareIds(C, A)).toBeLessThan(0);
  });

  it('takes the title most cities report, then the shortest, whatever the order of the documents', () => {
    const within = mergeSnapshot({
      date: DATE,
      scrapedAt: AT,
      cityDocs: [city('AMBON', '11', [api({ title: 'FILM (3D)' })]), city('BALI', '12', [api({ title: 'FILM' })])],
    });
    expect(within.movies[0]!.title).toBe('FILM');
    const docs = [
      city('AMBON', '11', [api({ title: 'FILM (3D)' })]),
      city('BALI', '12', [api({ title: 'FILM (3D)' })]),
      city('DEPOK', '13', [api({ title: 'FILM' })]),
    ];
    const majority = mergeSnapshot({ date: DATE, scrapedAt: AT, cityDocs: docs });
    expect(majority.movies[0]!.title).toBe('FILM (3D)');
    expect(mergeSnapshot({ date: DATE, scrapedAt: AT, cityDocs: [...docs].reverse() })).toEqual(majority);
    // A city read again later the same day replaces its own vote (the newer document of a city wins).
    const ambonLater = city('AMBON', '11', [api({ title: 'FILM' })], 'run-2', '2026-01-19T03:00:00.000Z');
    const later = mergeSnapshot({ date: DATE, scrapedAt: AT, cityDocs: [...docs, ambonLater] });
    expect(later.movies[0]!.title).toBe('FILM');
    expect(later.movies[0]!.cities).toEqual(['AMBON', 'BALI', 'DEPOK']);
  });

  it('normalises genres across cities without inventing any', () => {
    const snap = mergeSnapshot({
      date: DATE,
      scrapedAt: AT,
      cityDocs: [
        city('AMBON', '11', [api({ genres: [{ name: 'Scifi' }, { name: 'Adventure' }] })]),
        city('BALI', '12', [api({ genres: [{ name: 'Sci-fi' }, { name: 'Adventure ' }, { name: 'Fantasy' }] })]),
      ],
    });
    expect(snap.movies[0]!.genres).toEqual(['Sci-fi', 'Adventure', 'Fantasy']);
  });

  it('spells a genre the same way for every movie of the day', () => {
    const snap = mergeSnapshot({
      date: DATE,
      scrapedAt: AT,
      cityDocs: [
        city('AMBON', '11', [
          api({ movie_id: A, genres: [{ name: 'Romance' }, { name: 'Scifi' }] }),
          api({ movie_id: B, genres: [{ name: 'Action' }, { name: 'SCI-FI' }, { name: 'ROMANCE' }] }),
        ]),
      ],
    });
    expect(snap.movies.find((m) => m.id === A)!.genres).toEqual(['Romance', 'Sci-fi']);
    expect(snap.movies.find((m) => m.id === B)!.genres).toEqual(['Action', 'Sci-fi', 'Romance']);
  });

  it('lists expected cities without data as failed_cities and ignores documents of unlisted cities', () => {
    const snap = mergeSnapshot({
      date: DATE,
      scrapedAt: AT,
      expectedCities: ['AMBON', 'BALI', 'JAKARTA'],
      cityDocs: [city('AMBON', '11', [api({})]), city('GONE', '99', [api({ movie_id: B })])],
    });
    expect(snap.failed_cities).toEqual(['BALI', 'JAKARTA']);
    expect(Object.keys(snap.city_stats)).toEqual(['AMBON']);
    expect(snap.movies.map((m) => m.id)).toEqual([A]);
  });

  it('keeps the schedules step theatre_counts of the same day for pairs still there', () => {
    const first = mergeSnapshot({
      date: DATE,
      scrapedAt: AT,
      cityDocs: [city('AMBON', '11', [api({})]), city('BALI', '12', [api({})])],
    });
    const previous: SnapshotDoc = {
      ...first,
      movies: first.movies.map((m) => ({ ...m, theatre_counts: { AMBON: 2, BALI: 5 } })),
    };
    const again = mergeSnapshot({ date: DATE, scrapedAt: AT, cityDocs: [city('AMBON', '11', [api({})])], previous });
    expect(again.movies[0]!.theatre_counts).toEqual({ AMBON: 2 });
    const otherDay = mergeSnapshot({
      date: '2026-01-20',
      scrapedAt: AT,
      cityDocs: [city('AMBON', '11', [api({})])],
      previous,
    });
    expect(otherDay.movies[0]!.theatre_counts).toEqual({});
  });

  it('a city run merged into the day equals the full run (city documents are replaced, not patched)', () => {
    const morning = [
      city('AMBON', '11', [api({ movie_id: A, merchant: [{ merchant_name: 'CGV' }] }), api({ movie_id: B })], 'r1'),
      city('BALI', '12', [api({ movie_id: A })], 'r1'),
    ];
    // Later BALI drops CGV... and AMBON no longer shows B: a --city AMBON run replaces AMBON's document only.
    const ambonAgain = city('AMBON', '11', [api({ movie_id: A, merchant: [{ merchant_name: 'XXI' }] })], 'r2');
    const merged = mergeSnapshot({ date: DATE, scrapedAt: AT, cityDocs: [ambonAgain, morning[1]!] });
    expect(merged.movies.map((m) => m.id)).toEqual([A]);
    expect(merged.movies[0]!.merchants).toEqual(['XXI']);
  });

  it('summaryOf counts cities with movies, movies and presales', () => {
    const snap = mergeSnapshot({
      date: DATE,
      scrapedAt: AT,
      cityDocs: [city('AMBON', '11', [api({ movie_id: A, presale_flag: 1 }), api({ movie_id: B })])],
    });
    expect(summaryOf(snap.movies)).toEqual({ total_cities: 1, total_movies: 2, presale_count: 1 });
  });
});

describe('decideLatest', () => {
  const snap = (n: number): SnapshotDoc => ({
    scraped_at: AT,
    date: DATE,
    summary: { total_cities: 1, total_movies: n, presale_count: 0 },
    city_stats: {},
    movies: Array.from({ length: n }, (_, i) => ({
      id: String(1000 + i),
      title: 'X',
      poster: '',
      age_category: '',
      country: '',
      genres: [],
      merchants: [],
      cities: ['AMBON'],
      is_presale: false,
      theatre_counts: {},
    })),
  });
  const base = { expectedCities: 83, missingCities: 0, maxFailedShare: 0.1, force: false };

  it('publishes a good day', () => {
    expect(decideLatest({ ...base, snapshot: snap(20), previous: { date: '2026-01-18', movies: 25 } })).toEqual({
      publish: true,
    });
  });
  it('holds back when too many cities are missing, and says so', () => {
    const d = decideLatest({ ...base, missingCities: 17, snapshot: snap(20) });
    expect(d.publish).toBe(false);
    expect(d.reason).toMatch(/17 of 83 cities/);
    expect(decideLatest({ ...base, missingCities: 8, snapshot: snap(20) }).publish).toBe(true);
  });
  it('holds back a day with fewer than half the movies unless forced', () => {
    const d = decideLatest({ ...base, snapshot: snap(10), previous: { date: '2026-01-18', movies: 25 } });
    expect(d.publish).toBe(false);
    expect(d.reason).toMatch(/--force/);
    expect(
      decideLatest({ ...base, force: true, snapshot: snap(10), previous: { date: '2026-01-18', movies: 25 } }).publish,
    ).toBe(true);
  });
  it('--force publishes over too many missing cities too, and says what it published over', () => {
    const d = decideLatest({ ...base, force: true, missingCities: 17, snapshot: snap(20) });
    expect(d).toEqual({
      publish: true,
      reason:
        'latest published with --force although 17 of 83 cities (20.5%) have no movie list, more than the allowed 10% (--max-failed-share)',
    });
    const both = decideLatest({
      ...base,
      force: true,
      missingCities: 80,
      snapshot: snap(10),
      previous: { date: '2026-01-18', movies: 25 },
    });
    expect(both.publish).toBe(true);
    expect(both.reason).toMatch(/80 of 83 cities .* and 10 movies is less than half of the 25/);
    expect(decideLatest({ ...base, missingCities: 17, snapshot: snap(20) }).reason).toMatch(
      /; use --force to publish anyway$/,
    );
  });
  it('a --city run whose day lacks the cities it did not read is held back as expected, and says so', () => {
    const d = decideLatest({ ...base, missingCities: 81, onlyCities: ['JAKARTA', 'BANDUNG'], snapshot: snap(20) });
    expect(d.publish).toBe(false);
    expect(d.limited).toBe(true);
    expect(d.reason).toBe(
      `latest held back: this run read only JAKARTA, BANDUNG (--city), and 81 of the 83 cities have no movie list for ${DATE} yet; ` +
        `snapshots/${DATE} holds every city read so far. A run without --city reads the rest and publishes latest; --force publishes this day as it is`,
    );
    // The day complete (a --city re-run of a failed city): published like any run.
    expect(decideLatest({ ...base, missingCities: 0, onlyCities: ['AMBON'], snapshot: snap(20) })).toEqual({
      publish: true,
    });
    expect(
      decideLatest({ ...base, force: true, missingCities: 81, onlyCities: ['JAKARTA'], snapshot: snap(20) }).publish,
    ).toBe(true);
  });
  it('never publishes an empty snapshot or an older day over a newer one', () => {
    expect(decideLatest({ ...base, force: true, snapshot: snap(0) }).publish).toBe(false);
    expect(decideLatest({ ...base, snapshot: snap(20), previous: { date: '2026-01-20', movies: 20 } }).publish).toBe(
      false,
    );
    expect(
      decideLatest({ ...base, force: true, snapshot: snap(20), previous: { date: '2026-01-20', movies: 20 } }).publish,
    ).toBe(false);
  });
});
