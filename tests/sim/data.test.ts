/** The simulator's generated day: determinism, national scale, and the quirks of TIX.id's answers. */
import { describe, expect, it } from 'vitest';
import { CITIES } from '../../shared/tix/cities.js';
import { localToInstant } from '../../shared/clock.js';
import { generateDay, indexDay, type SimDay } from '../../scripts/tix-sim/data.js';
import { SEAT_PLANS, renderLayout, seatTruth, soldShare } from '../../scripts/tix-sim/seats.js';
import { LayoutResponse } from '../../shared/tix/schemas.js';

const DATE = '2026-01-19';
const national: SimDay = generateDay({ preset: 'national', seed: 1, date: DATE });

function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

describe('generateDay', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDay({ preset: 'national', seed: 1, date: DATE });
    expect(JSON.stringify(again)).toBe(JSON.stringify(national));
    const other = generateDay({ preset: 'national', seed: 2, date: DATE });
    expect(other.showtimes[0]!.id).not.toBe(national.showtimes[0]!.id);
    expect(generateDay({ preset: 'tiny', seed: 'abc', date: DATE })).toEqual(
      generateDay({ preset: 'tiny', seed: 'abc', date: DATE }),
    );
  });

  it.each([1, 2, 3, 42])('national preset (seed %i) has the real scale', (seed) => {
    const d = seed === 1 ? national : generateDay({ preset: 'national', seed, date: DATE });
    expect(d.cities).toHaveLength(83);
    expect(d.cities.map((c) => c.id).sort()).toEqual(CITIES.map((c) => c.id).sort());
    expect(d.movies.length).toBeGreaterThanOrEqual(26);
    expect(d.movies.length).toBeLessThanOrEqual(31);
    expect(d.theatres).toHaveLength(494);
    expect(countBy(d.theatres, (t) => t.merchant)).toEqual({ XXI: 365, CGV: 72, Cinépolis: 57 });
    const jakarta = d.cities.find((c) => c.name === 'JAKARTA')!;
    expect(d.theatres.filter((t) => t.cityId === jakarta.id)).toHaveLength(87);
    expect(d.showtimes.length).toBeGreaterThanOrEqual(12_200);
    expect(d.showtimes.length).toBeLessThanOrEqual(12_500);
    const wide = d.showtimes.filter((s) => s.movieId === d.wideReleaseId);
    expect(wide.length).toBeGreaterThanOrEqual(11_000);
    expect(new Set(wide.map((s) => s.cityId)).size).toBe(83);
    // About 72 of 494 theatres are outside WIB.
    const outside = d.theatres.filter((t) => t.zone !== 'Asia/Jakarta').length;
    expect(outside).toBeGreaterThanOrEqual(60);
    expect(outside).toBeLessThanOrEqual(85);
    // 2–32 movies per city, Jakarta 19–27; about 660 movie×city pairs.
    const perCity = countBy(d.movieCities, (m) => m.cityId);
    expect(Object.keys(perCity)).toHaveLength(83);
    expect(Math.min(...Object.values(perCity))).toBeGreaterThanOrEqual(2);
    expect(perCity[jakarta.id]).toBeGreaterThanOrEqual(19);
    expect(perCity[jakarta.id]).toBeLessThanOrEqual(27);
    expect(d.movieCities.length).toBeGreaterThan(550);
    expect(d.movieCities.length).toBeLessThan(800);
  });

  it('uses TIX.id-shaped ids: unique numeric strings of 18–19 digits', () => {
    const ids = [
      ...national.movies.map((m) => m.id),
      ...national.theatres.map((t) => t.id),
      ...national.showtimes.map((s) => s.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^\d{18,19}$/.test(id))).toEqual([]);
    expect(national.showtimes.every((s) => s.id.length === 19 && Number(s.id) > Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('has the quirks: dirty names, \\r\\n addresses, Rp prices, real categories, both Sci-fi spellings, both poster forms', () => {
    const names = national.theatres.map((t) => t.name);
    expect(names.some((n) => n.endsWith(' '))).toBe(true);
    expect(names.some((n) => n.includes('  '))).toBe(true);
    const xxi = national.theatres.filter((t) => t.merchant === 'XXI');
    expect(xxi.filter((t) => t.address.includes('\r\n')).length).toBe(xxi.length);
    expect(xxi.some((t) => t.address.includes('\r\n\r\n'))).toBe(true);
    expect(national.showtimes.filter((s) => !/^Rp\d{2,3}\.000( - Rp\d{2,3}\.000)?$/.test(s.priceString))).toEqual([]);
    expect(national.showtimes.some((s) => s.priceString.includes(' - '))).toBe(true);
    const categories = new Set(national.showtimes.map((s) => s.category));
    for (const c of ['2D', 'REGULAR 2D', 'REGULAR ', 'SATIN 2D', 'GOLD CLASS 2D', 'VIP 2D'])
      expect(categories).toContain(c);
    expect([...categories].some((c) => c.startsWith('IMAX'))).toBe(true);
    const genres = new Set(national.movies.flatMap((m) => m.genres.map((g) => g.name)));
    expect(genres).toContain('Sci-fi');
    expect(genres).toContain('Scifi');
    expect(
      national.movies.some((m) =>
        /^https:\/\/asset\.tix\.id\/movie_poster_v2\/[0-9a-f-]{36}\.webp$/.test(m.posterPath),
      ),
    ).toBe(true);
    expect(national.movies.some((m) => m.posterPath === `https://asset.tix.id/movie/${m.id}.jpg`)).toBe(true);
    expect(new Set(national.movies.map((m) => m.ageCategory))).toEqual(new Set(['SU', 'P', 'R', 'D']));
    expect(national.movies.every((m) => m.title === m.title.toUpperCase())).toBe(true);
  });

  it('gives per-city movie views: presale flags, merchants of that city only, a title that differs by city', () => {
    expect(national.movieCities.some((m) => m.presale)).toBe(true);
    expect(national.movieCities.some((m) => !m.presale)).toBe(true);
    const byPair = new Map<string, Set<string>>();
    for (const s of national.showtimes) {
      const k = `${s.movieId}|${s.cityId}`;
      byPair.set(k, (byPair.get(k) ?? new Set()).add(s.merchant));
    }
    for (const v of national.movieCities) {
      const chains = byPair.get(`${v.movieId}|${v.cityId}`);
      expect(chains, `${v.movieId} in ${v.cityId} has showtimes`).toBeDefined();
      expect(new Set(v.merchants)).toEqual(chains);
    }
    expect(national.movieCities.some((v) => v.merchants.length === 1)).toBe(true);
    const titles = new Set(
      national.movieCities.filter((v) => v.movieId === national.wideReleaseId).map((v) => v.title),
    );
    expect(titles.size).toBe(2);
    expect([...titles].some((t) => t.endsWith(' (3D)'))).toBe(true);
  });

  it('puts display times in the theatre’s own zone', () => {
    const cityName = new Map(national.cities.map((c) => [c.id, c.name]));
    const wit = national.showtimes.find((s) => cityName.get(s.cityId) === 'JAYAPURA')!;
    expect(wit.zone).toBe('Asia/Jayapura');
    expect(wit.startsAt).toBe(localToInstant(DATE, wit.displayTime, 'Asia/Jayapura').toISOString());
    const wita = national.showtimes.find((s) => cityName.get(s.cityId) === 'MAKASSAR')!;
    expect(wita.startsAt).toBe(localToInstant(DATE, wita.displayTime, 'Asia/Makassar').toISOString());
    expect(national.showtimes.filter((s) => !/^(09|1\d|2[0-3]):[0-5][05]$/.test(s.displayTime))).toEqual([]);
  });

  it('smaller presets: tiny has 3 zones and a paginated Jakarta; city is Jakarta at real scale', () => {
    const tiny = generateDay({ preset: 'tiny', seed: 1, date: DATE });
    expect(new Set(tiny.cities.map((c) => c.zone))).toEqual(
      new Set(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']),
    );
    const idx = indexDay(tiny);
    const jakarta = tiny.cities.find((c) => c.name === 'JAKARTA')!;
    expect(idx.schedule.get(`${tiny.wideReleaseId}|${jakarta.id}`)!.length).toBeGreaterThan(10);
    const city = generateDay({ preset: 'city', seed: 1, date: DATE });
    expect(city.cities.map((c) => c.name)).toEqual(['JAKARTA']);
    expect(city.theatres).toHaveLength(87);
    expect(city.showtimes.length).toBeGreaterThan(1_400);
  });
});

describe('seat plans and occupancy', () => {
  it('has the real room sizes', () => {
    const sizes = new Set(Object.values(SEAT_PLANS).map((p) => p.total));
    for (const n of [126, 160, 187]) expect(sizes).toContain(n);
  });

  it('occupancy grows as the show nears and is complete at the start', () => {
    expect(soldShare(24)).toBeLessThan(soldShare(6));
    expect(soldShare(6)).toBeLessThan(soldShare(1));
    expect(soldShare(0)).toBe(1);
    const s = national.showtimes.find((x) => x.finalOccupancy > 0.5)!;
    const start = Date.parse(s.startsAt);
    const at = (h: number) => seatTruth({ ...s, startsAtMs: start }, start - h * 3_600_000).unavailable;
    expect(at(12)).toBeLessThanOrEqual(at(3));
    expect(at(3)).toBeLessThanOrEqual(at(0));
    expect(at(12)).toBeLessThan(at(0));
  });

  it.each(['xxi', 'cgv', 'cinepolis'] as const)(
    '%s layouts encode exactly the truth, and only ever add taken seats',
    (merchant) => {
      const shows = national.showtimes.filter((s) => SEAT_PLANS[s.seatPlan]!.merchant === merchant).slice(0, 40);
      expect(shows.length).toBeGreaterThan(0);
      for (const s of shows) {
        const show = { ...s, startsAtMs: Date.parse(s.startsAt) };
        const early = renderLayout(1, show, show.startsAtMs - 10 * 3_600_000);
        const late = renderLayout(1, show, show.startsAtMs - 600_000);
        const parsed = LayoutResponse[merchant].parse({ success: true, data: late });
        const seats = countSeats(merchant, parsed.data);
        expect(seats).toEqual(seatTruth(show, show.startsAtMs - 600_000));
        const takenEarly = takenKeys(merchant, early);
        const takenLate = takenKeys(merchant, late);
        for (const k of takenEarly) expect(takenLate.has(k)).toBe(true);
      }
    },
  );
});

/** Counts the way TIX.id's layouts mean it: 1 available; 5/6 (XXI, Cinépolis) or 0 (CGV real seats) unavailable. */
function countSeats(
  merchant: 'xxi' | 'cgv' | 'cinepolis',
  data: unknown,
): { total: number; available: number; unavailable: number } {
  let available = 0;
  let unavailable = 0;
  if (merchant === 'xxi') {
    for (const row of (data as { seat_map: { seat_rows: { status: number }[] }[] }).seat_map)
      for (const seat of row.seat_rows) {
        if (seat.status === 1) available++;
        else if (seat.status === 5 || seat.status === 6) unavailable++;
      }
  } else if (merchant === 'cgv') {
    for (const seat of (data as { seat_map: { seat_yn: string; seat_status: number }[] }).seat_map) {
      if (seat.seat_yn !== '1') continue;
      if (seat.seat_status === 1) available++;
      else unavailable++;
    }
  } else {
    for (const seat of (data as { seat_map: { seat_status: number }[] }).seat_map) {
      if (seat.seat_status === 1) available++;
      else if (seat.seat_status === 5 || seat.seat_status === 6) unavailable++;
    }
  }
  return { total: available + unavailable, available, unavailable };
}

function takenKeys(merchant: 'xxi' | 'cgv' | 'cinepolis', data: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  if (merchant === 'xxi') {
    for (const row of data.seat_map as { seat_rows: { seat_row: string; status: number }[] }[])
      for (const s of row.seat_rows) if (s.status === 5 || s.status === 6) out.add(s.seat_row);
  } else {
    for (const s of data.seat_map as { row_name: string; seat_no: string; seat_yn?: string; seat_status: number }[]) {
      const taken = merchant === 'cgv' ? s.seat_yn === '1' && s.seat_status === 0 : s.seat_status !== 1;
      if (taken) out.add(`${s.row_name}${s.seat_no}`);
    }
  }
  return out;
}
