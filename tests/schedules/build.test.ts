import { describe, expect, it } from 'vitest';
import {
  buildScheduleDoc,
  cleanAddress,
  cleanName,
  padTime,
  pairDocFrom,
  showtimeCount,
  sizeCheck,
  theatreCountsOf,
  theatresSeen,
  theatreUpserts,
  withTheatreCounts,
  type PairRef,
} from '../../scrapers/schedules/build.js';
import { schedulePath, showtimesPath } from '../../shared/store/paths.js';
import { CITIES, cityZone } from '../../shared/tix/cities.js';
import {
  checkDocument,
  MAX_DOCUMENT_BYTES,
  type SnapshotDoc,
  type SnapshotMovie,
  type TheatreDoc,
} from '../../shared/store/documents.js';
import { ApiTheatre } from '../../shared/tix/schemas.js';

const DATE = '2026-01-19';
const AT = '2026-01-19T00:00:00.000Z';
const MOVIE: SnapshotMovie = {
  id: '1961889705591132160',
  title: 'FILM A',
  poster: 'https://asset.tix.id/movie_poster_v2/a.webp',
  age_category: 'R',
  country: '',
  genres: ['Drama'],
  merchants: ['XXI', 'CGV'],
  cities: ['AMBON', 'JAKARTA'],
  is_presale: false,
  theatre_counts: {},
};

function ref(cityName: string, cityId: string): PairRef {
  return { movie: MOVIE, city: { id: cityId, name: cityName, zone: cityZone(cityName) }, date: DATE, uploadedAt: AT };
}

let seq = 2_000_000_000_000_000_000n;
const nextId = () => String(seq++);

function theatre(
  id: string,
  name: string,
  groups: { category: string; price?: string; times: [string, number, string?][] }[],
  extra: Record<string, unknown> = {},
): ApiTheatre {
  return ApiTheatre.parse({
    id,
    name,
    address: 'Mall Lt. 3\r\nJl. Raya No. 1,\r\nKota 12345\r\n\r\n ',
    merchant: { merchant_name: 'XXI' },
    price_groups: groups.map((g) => ({
      category: g.category,
      price_string: g.price ?? 'Rp50.000',
      show_time: g.times.map(([display_time, status, sid]) => ({ id: sid ?? nextId(), display_time, status })),
    })),
    ...extra,
  });
}

describe('cleaning', () => {
  it('names are trimmed and single-spaced, addresses one clean line, times zero-padded', () => {
    expect(cleanName('  PONDOK  INDAH 1 XXI ')).toBe('PONDOK INDAH 1 XXI');
    expect(
      cleanAddress(
        'AEON MALL Lantai 3\r\nJl. Tanjung Barat No. 163,\r\nTanjung Barat – Jagakarsa\r\nJakarta Selatan 12660\r\n\r\n ',
      ),
    ).toBe('AEON MALL Lantai 3, Jl. Tanjung Barat No. 163, Tanjung Barat – Jagakarsa, Jakarta Selatan 12660');
    expect(cleanAddress('')).toBe('');
    expect(cleanAddress('One line  only ')).toBe('One line only');
    expect(padTime('9:05')).toBe('09:05');
    expect(padTime('21:30')).toBe('21:30');
    expect(() => padTime('25:00')).toThrow(/HH:MM/);
  });
});

describe('pairDocFrom and buildScheduleDoc', () => {
  const T1 = '1178839445860864000';
  const T2 = '1178839445860864001';
  const pages = [
    theatre(T2, 'ZETA  XXI ', [
      {
        category: 'REGULAR ',
        times: [
          ['19:00', 1, '3000000000000000001'],
          ['9:30', 0, '3000000000000000002'],
          ['19:00', 1, '3000000000000000003'],
        ],
      },
      { category: 'IMAX 2D', price: ' Rp46.000 - Rp51.000 ', times: [['21:15', 1, '3000000000000000004']] },
    ]),
    theatre(
      T1,
      'ALPHA CGV',
      [
        {
          category: '2D',
          times: [
            ['14:00', 0, '3000000000000000005'],
            ['18:00', 1, '3000000000000000006'],
          ],
        },
      ],
      {
        merchant: { merchant_name: 'CGV' },
      },
    ),
    // The same theatre again on the next page (the list shifted): kept once, showtimes united, no duplicates.
    theatre(
      T1,
      'ALPHA CGV',
      [
        {
          category: '2D',
          times: [
            ['18:00', 1, '3000000000000000006'],
            ['20:00', 1, '3000000000000000007'],
          ],
        },
      ],
      {
        merchant: { merchant_name: 'CGV' },
      },
    ),
    theatre('1178839445860864002', 'ODD', [{ category: '2D', times: [['10:00', 1]] }], {
      merchant: { merchant_name: 'Unknown Chain' },
    }),
  ];

  it('builds the pair document with every showtime id and status, cleaned and sorted', () => {
    const { doc, warnings } = pairDocFrom(ref('JAKARTA', '967969975509716992'), pages);
    expect(warnings.some((w) => w.includes('Unknown Chain'))).toBe(true);
    expect(doc.theatres.map((t) => t.theatre_name)).toEqual(['ALPHA CGV', 'ZETA XXI']);
    const alpha = doc.theatres[0]!;
    expect(alpha.merchant).toBe('CGV');
    expect(alpha.address).toBe('Mall Lt. 3, Jl. Raya No. 1, Kota 12345');
    expect(alpha.rooms[0]!.all_showtimes.map((s) => s.showtime_id)).toEqual([
      '3000000000000000005',
      '3000000000000000006',
      '3000000000000000007',
    ]);
    const zeta = doc.theatres[1]!;
    expect(zeta.rooms[0]!.category).toBe('REGULAR');
    expect(zeta.rooms[0]!.all_showtimes).toEqual([
      { time: '09:30', status: 0, is_available: false, showtime_id: '3000000000000000002' },
      { time: '19:00', status: 1, is_available: true, showtime_id: '3000000000000000001' },
      { time: '19:00', status: 1, is_available: true, showtime_id: '3000000000000000003' },
    ]);
    expect(zeta.rooms[1]!.price).toBe('Rp46.000 - Rp51.000');
    expect(showtimeCount(doc)).toBe(7);
    expect(doc.zone).toBe('Asia/Jakarta');
    expect(() => checkDocument(showtimesPath(DATE, MOVIE.id, '967969975509716992'), doc)).not.toThrow();
  });

  it('builds the web-app document: bookable and past HH:MM lists, no ids, all cities, a recorded missing city', () => {
    const jakarta = pairDocFrom(ref('JAKARTA', '967969975509716992'), pages).doc;
    const ambon = pairDocFrom(ref('AMBON', '973818519810478080'), [
      theatre('1178839445860864009', 'AMBON XXI', [{ category: '2D', times: [['13:00', 1]] }]),
    ]).doc;
    const doc = buildScheduleDoc({
      movie: MOVIE,
      date: DATE,
      uploadedAt: AT,
      pairs: [jakarta, ambon],
      missingCities: ['BALI', 'AMBON'],
    });
    expect(Object.keys(doc.cities)).toEqual(['AMBON', 'JAKARTA']);
    const zeta = doc.cities.JAKARTA!.find((t) => t.theatre_id === T2)!;
    expect(zeta.rooms[0]).toEqual({
      category: 'REGULAR',
      price: 'Rp50.000',
      showtimes: ['19:00', '19:00'],
      past_showtimes: ['09:30'],
    });
    expect(JSON.stringify(doc)).not.toContain('showtime_id');
    expect(doc.showtime_count).toBe(8);
    expect(doc.showtime_docs).toEqual([`${MOVIE.id}_967969975509716992`, `${MOVIE.id}_973818519810478080`].sort());
    expect(doc.missing_cities).toEqual(['BALI']);
    expect(() => checkDocument(schedulePath(DATE, MOVIE.id), doc)).not.toThrow();
    // Order of the pair documents does not matter.
    expect(
      buildScheduleDoc({ movie: MOVIE, date: DATE, uploadedAt: AT, pairs: [ambon, jakarta], missingCities: ['BALI'] }),
    ).toEqual(doc);
  });
});

describe('theatre upserts', () => {
  const pair = pairDocFrom(ref('AMBON', '973818519810478080'), [
    theatre('1178839445860864100', 'AMBON CITY CENTER XXI ', [
      { category: 'REGULAR 2D', times: [['10:00', 1]] },
      { category: 'VIP 2D', times: [['12:00', 1]] },
    ]),
    theatre('1178839445860864101', 'NEW XXI', [{ category: '2D', times: [['10:00', 1]] }]),
  ]).doc;
  const seen = theatresSeen([pair]);
  const now = '2026-01-19T00:05:00.000Z';
  const stored: TheatreDoc = {
    theatre_id: '1178839445860864100',
    name: 'AMBON CITY CENTER XXI',
    merchant: 'XXI',
    city: 'AMBON',
    address: 'Mall Lt. 3, Jl. Raya No. 1, Kota 12345',
    lat: -3.69,
    lng: 128.18,
    place_id: 'ChIJ-place',
    room_types: ['IMAX 2D', 'REGULAR 2D'],
    last_seen: '2026-01-18T00:05:00.000Z',
    created_at: '2025-12-01T00:00:00.000Z',
    updated_at: '2025-12-02T00:00:00.000Z',
  };

  it('merges room types, never writes lat/lng/place_id/created_at of a known theatre, sets last_seen', () => {
    const writes = theatreUpserts(seen, new Map([[stored.theatre_id, stored]]), now);
    const known = writes.find((w) => w.path === `theatres/${stored.theatre_id}`)!;
    expect(known.merge).toBe(true);
    expect(known.data).not.toHaveProperty('lat');
    expect(known.data).not.toHaveProperty('lng');
    expect(known.data).not.toHaveProperty('place_id');
    expect(known.data).not.toHaveProperty('created_at');
    expect(known.data.room_types).toEqual(['IMAX 2D', 'REGULAR 2D', 'VIP 2D']);
    expect(known.data.last_seen).toBe(now);
    expect(known.data.updated_at).toBe(now);
    // Applying the merge to the stored document keeps the coordinates and passes the contract.
    const after = { ...stored, ...known.data };
    expect(after).toMatchObject({ lat: -3.69, lng: 128.18, place_id: 'ChIJ-place', created_at: stored.created_at });
    expect(() => checkDocument(known.path, after)).not.toThrow();

    const fresh = writes.find((w) => w.path === 'theatres/1178839445860864101')!;
    expect(fresh.merge).toBeFalsy();
    expect(fresh.data).toMatchObject({
      lat: null,
      lng: null,
      place_id: null,
      created_at: now,
      city: 'AMBON',
      name: 'NEW XXI',
    });
    expect(() => checkDocument(fresh.path, fresh.data)).not.toThrow();
  });

  it('leaves updated_at alone when nothing changed and keeps a stored address TIX.id left empty', () => {
    const same = { ...stored, room_types: ['IMAX 2D', 'REGULAR 2D', 'VIP 2D'] };
    const w = theatreUpserts(seen, new Map([[stored.theatre_id, same]]), now).find((x) =>
      x.path.endsWith(stored.theatre_id),
    )!;
    expect(w.data.updated_at).toBe(stored.updated_at);
    expect(w.data.last_seen).toBe(now);
    const noAddress = theatresSeen([{ ...pair, theatres: pair.theatres.map((t) => ({ ...t, address: '' })) }]);
    const w2 = theatreUpserts(noAddress, new Map([[stored.theatre_id, stored]]), now).find((x) =>
      x.path.endsWith(stored.theatre_id),
    )!;
    expect(w2.data.address).toBe(stored.address);
  });
});

describe('theatre counts in the snapshot', () => {
  it('sets counts from pair documents, keeps others and recomputes the summary', () => {
    const snap: SnapshotDoc = {
      scraped_at: AT,
      date: DATE,
      summary: { total_cities: 0, total_movies: 0, presale_count: 0 },
      city_stats: { AMBON: 1, JAKARTA: 1 },
      movies: [{ ...MOVIE, theatre_counts: { AMBON: 9 } }],
    };
    const jakarta = pairDocFrom(ref('JAKARTA', '967969975509716992'), [
      theatre('1178839445860864200', 'A', [{ category: '2D', times: [['10:00', 1]] }]),
      theatre('1178839445860864201', 'B', [{ category: '2D', times: [['10:00', 1]] }]),
    ]).doc;
    const out = withTheatreCounts(snap, theatreCountsOf([jakarta]));
    expect(out.movies[0]!.theatre_counts).toEqual({ AMBON: 9, JAKARTA: 2 });
    expect(out.summary).toEqual({ total_cities: 2, total_movies: 1, presale_count: 0 });
    expect(() => checkDocument(`snapshots/${DATE}`, out)).not.toThrow();
  });
});

describe('size of a wide release', () => {
  it('a movie with 12,000+ showtimes in all 83 cities stays well under 1 MiB without the ids', () => {
    // A deliberately heavy day: 500 theatres with long names and multi-line addresses, 5 rooms of 5 showtimes each.
    const pairs = CITIES.map((c, ci) => {
      const n = c.name === 'JAKARTA' ? 87 : 5;
      const theatres = Array.from({ length: n }, (_, ti) =>
        theatre(
          String(1_100_000_000_000_000_000n + BigInt(ci * 100 + ti)),
          `${c.name} GRAND MALL PREMIERE CINEMA ${ti} XXI`,
          [
            ...['REGULAR 2D', 'GOLD CLASS 2D', 'IMAX 2D', 'SCREENX GOLD SCREENX 3D', 'VELVET BY OCEAN 2D'].map(
              (category) => ({
                category,
                price: 'Rp46.000 - Rp51.000',
                times: (['10:15', '12:45', '15:15', '17:45', '20:15'] as const).map(
                  (t, k) => [t, k < 2 ? 0 : 1] as [string, number],
                ),
              }),
            ),
          ],
          {
            address: `${c.name} Grand Mall Lantai 3 Unit 301-305\r\nJl. Jenderal Sudirman Kav. 52-53, Kelurahan Senayan,\r\nKecamatan Kebayoran Baru, Kota ${c.name} 12190\r\n\r\n `,
          },
        ),
      );
      return pairDocFrom(ref(c.name, c.id), theatres).doc;
    });
    const total = pairs.reduce((n, p) => n + showtimeCount(p), 0);
    expect(total).toBeGreaterThanOrEqual(11_000);
    const doc = buildScheduleDoc({
      movie: { ...MOVIE, cities: CITIES.map((c) => c.name) },
      date: DATE,
      uploadedAt: AT,
      pairs,
    });
    expect(Object.keys(doc.cities)).toHaveLength(83);
    expect(doc.showtime_count).toBe(total);
    const { bytes, fits } = sizeCheck(schedulePath(DATE, MOVIE.id), doc);
    expect(fits).toBe(true);
    expect(bytes).toBeLessThan(MAX_DOCUMENT_BYTES * 0.75);
    // The ids went to the per-city documents, each far below the limit.
    for (const p of pairs) expect(sizeCheck(showtimesPath(DATE, MOVIE.id, p.city_id), p).fits).toBe(true);
    // The same day with every id inline (the old shape) would not have fitted.
    const inline = { ...doc, cities: Object.fromEntries(pairs.map((p) => [p.city, p.theatres])) };
    expect(sizeCheck(schedulePath(DATE, MOVIE.id), inline).fits).toBe(false);
  });
});
