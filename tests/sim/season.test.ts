/**
 * The simulator's season (season.ts, world.ts): releases on Wednesdays that decay, weekends above
 * weekdays, prices by chain, class and day type, seats that sell through the day; and the truth of
 * any show at any instant, which the seat maps served over HTTP must match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDay } from '../../scripts/tix-sim/data.js';
import { CGV_SPECIALS, CINEPOLIS_SPECIALS } from '../../scripts/tix-sim/catalog.js';
import {
  appealOn,
  catalogueOn,
  dayFactor,
  dayType,
  parsePrice,
  releaseWeek,
  releasesOfWeek,
  salesOf,
  soldFraction,
  weekday,
  weekOfRun,
  type SalesInput,
} from '../../scripts/tix-sim/season.js';
import { createWorld, dateOfShowtimeId, dayTruth, truthOf } from '../../scripts/tix-sim/world.js';
import { startSimulator, type Simulator } from '../../scripts/tix-sim/index.js';
import { LayoutResponse, layoutPathOf, normaliseMerchant } from '../../shared/tix/schemas.js';
import { call, layoutPath } from './http.js';

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('the season calendar', () => {
  it('knows day types: Mon–Thu, Friday, weekend and holidays; weekends and holidays draw more', () => {
    expect(weekday('2026-03-04')).toBe(3); // a Wednesday
    expect(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'].map(dayType)).toEqual([
      'weekday',
      'weekday',
      'weekday',
      'weekday',
    ]);
    expect(dayType('2026-03-06')).toBe('friday');
    expect([dayType('2026-03-07'), dayType('2026-03-08')]).toEqual(['weekend', 'weekend']);
    expect(dayType('2026-08-17')).toBe('weekend'); // Independence Day, a Monday
    expect(dayFactor('2026-03-07')).toBeGreaterThan(dayFactor('2026-03-06'));
    expect(dayFactor('2026-03-06')).toBeGreaterThan(dayFactor('2026-03-05'));
  });

  it('opens 3–6 releases every Wednesday, Indonesian and international, stable for a seed', () => {
    let local = 0;
    let all = 0;
    for (let w = releaseWeek('2026-01-07'); w < releaseWeek('2026-01-07') + 10; w++) {
      const r = releasesOfWeek(1, w);
      expect(r.length).toBeGreaterThanOrEqual(3);
      expect(r.length).toBeLessThanOrEqual(6);
      for (const m of r) expect(weekday(m.releaseDate)).toBe(3);
      expect(r.map((m) => m.id)).toEqual(releasesOfWeek(1, w).map((m) => m.id));
      local += r.filter((m) => m.local).length;
      all += r.length;
    }
    expect(local / all).toBeGreaterThan(0.35);
    expect(local / all).toBeLessThan(0.85);
    expect(releasesOfWeek(2, releaseWeek('2026-01-07'))[0]!.id).not.toBe(
      releasesOfWeek(1, releaseWeek('2026-01-07'))[0]!.id,
    );
  });

  it('a movie’s appeal is flat within a week and decays week by week; it enters and leaves the catalogue', () => {
    const m = releasesOfWeek(1, releaseWeek('2026-02-04'))[0]!;
    expect(appealOn(m, addDays(m.releaseDate, -1))).toBe(0);
    expect(weekOfRun(m, m.releaseDate)).toBe(1);
    expect(appealOn(m, addDays(m.releaseDate, 6))).toBe(appealOn(m, m.releaseDate));
    expect(appealOn(m, addDays(m.releaseDate, 7))).toBeLessThan(appealOn(m, m.releaseDate));
    expect(appealOn(m, addDays(m.releaseDate, 14))).toBeLessThan(appealOn(m, addDays(m.releaseDate, 7)));
    const showing = (date: string) => catalogueOn(1, date, 28, 2).playing.some((p) => p.movie.id === m.id);
    expect(showing(addDays(m.releaseDate, -1))).toBe(false);
    const presale = catalogueOn(1, addDays(m.releaseDate, -3), 28, 2).presale;
    expect(presale.length).toBeGreaterThan(0);
    for (const x of presale) expect(x.releaseDate).toBe(m.releaseDate);
    expect(showing(m.releaseDate)).toBe(true);
    expect(showing(addDays(m.releaseDate, 7 * 17))).toBe(false);
  });

  it('a day’s catalogue: every release of the week, the rest by appeal, the wide release shown by every chain', () => {
    const date = '2026-03-04';
    const day = generateDay({ preset: 'national', seed: 1, date });
    const released = releasesOfWeek(1, releaseWeek(date)).map((m) => m.id);
    for (const id of released) expect(day.movies.map((m) => m.id)).toContain(id);
    expect(day.movies.length).toBeGreaterThanOrEqual(25);
    expect(day.movies.length).toBeLessThanOrEqual(40);
    expect(new Set(day.movies.map((m) => m.local))).toEqual(new Set([true, false]));
    expect(day.movies.some((m) => m.weekOfRun === 0)).toBe(true); // next week's presale
    const wide = day.movies.find((m) => m.id === day.wideReleaseId)!;
    expect(new Set(day.showtimes.filter((s) => s.movieId === wide.id).map((s) => s.merchant))).toEqual(
      new Set(['XXI', 'CGV', 'Cinépolis']),
    );
    // Movies change over the weeks: two months later, most of the catalogue is other films.
    const later = generateDay({ preset: 'national', seed: 1, date: addDays(date, 56) });
    const same = later.movies.filter((m) => day.movies.some((x) => x.id === m.id)).length;
    expect(same).toBeLessThan(day.movies.length / 2);
    expect(same).toBeGreaterThan(0);
  });
});

describe('prices', () => {
  it('parses TIX.id price strings', () => {
    expect(parsePrice('Rp35.000')).toEqual({ min: 35_000, max: 35_000 });
    expect(parsePrice('Rp46.000 - Rp51.000')).toEqual({ min: 46_000, max: 51_000 });
    expect(parsePrice('35000')).toBeUndefined();
  });

  it('every room class of the specs appears on a national day, priced as real strings, dearer on Fridays and weekends', () => {
    const monday = generateDay({ preset: 'national', seed: 1, date: '2026-03-02' });
    const friday = generateDay({ preset: 'national', seed: 1, date: '2026-03-06' });
    const saturday = generateDay({ preset: 'national', seed: 1, date: '2026-03-07' });
    const categories = new Set(monday.showtimes.map((s) => s.category));
    for (const c of [
      '2D',
      '3D',
      'IMAX 2D',
      'IMAX 3D',
      'REGULAR 2D',
      ...CGV_SPECIALS.map((x) => x.category),
      ...CINEPOLIS_SPECIALS.map((x) => x.category),
    ]) {
      expect(categories, c).toContain(c);
    }
    expect(categories).toContain('REGULAR ');
    for (const d of [monday, friday, saturday]) {
      expect(d.showtimes.filter((s) => !/^Rp\d{2,3}\.000( - Rp\d{2,3}\.000)?$/.test(s.priceString))).toEqual([]);
      expect(d.showtimes.some((s) => s.priceString.includes(' - '))).toBe(true);
    }
    // The same room (theatre × class) on the three day types.
    const priceOf = (d: typeof monday) => {
      const m = new Map<string, number>();
      for (const s of d.showtimes) m.set(`${s.theatreId}|${s.category}`, parsePrice(s.priceString)!.min);
      return m;
    };
    const [mon, fri, sat] = [priceOf(monday), priceOf(friday), priceOf(saturday)];
    let compared = 0;
    for (const [room, p] of mon) {
      if (!fri.has(room) || !sat.has(room)) continue;
      compared++;
      expect(fri.get(room)!, room).toBeGreaterThanOrEqual(p);
      if (p < 150_000) expect(sat.get(room)!, room).toBeGreaterThan(p);
      else expect(sat.get(room)!, room).toBe(p);
    }
    expect(compared).toBeGreaterThan(400);
    // Premium classes: Rp100.000–Rp150.000.
    const premium = saturday.showtimes.filter((s) =>
      ['GOLD CLASS 2D', 'VIP 2D', 'VELVET 2D', 'SATIN SUITE 2D'].includes(s.category),
    );
    expect(premium.length).toBeGreaterThan(0);
    for (const s of premium) expect(parsePrice(s.priceString)!.min).toBeLessThanOrEqual(150_000);
    expect(
      monday.showtimes.some(
        (s) => s.merchant === 'XXI' && (s.priceString === 'Rp100.000' || s.priceString === 'Rp150.000'),
      ),
    ).toBe(true);
  });
});

describe('sales through the day', () => {
  const base: SalesInput = {
    seed: 1,
    showtimeId: '2000000000000000001',
    chain: 'XXI',
    appeal: 0.5,
    weekOfRun: 1,
    sneak: false,
    date: '2026-03-04',
    hour: 19,
    premium: false,
    seats: 160,
  };
  const mean = (f: (i: number) => number, n = 400) =>
    Array.from({ length: n }, (_, i) => f(i)).reduce((a, b) => a + b, 0) / n;
  const many = (over: Partial<SalesInput>, pick: 'presold' | 'finalOccupancy') =>
    mean((i) => salesOf({ ...base, ...over, showtimeId: String(2_000_000_000_000_000_000n + BigInt(i)) })[pick]);

  it('sells from presales at 06:00 to the final figure at the start, never backwards, walk-ups late', () => {
    const s = { presold: 0.3, lateness: 2.4 };
    const six = Date.parse('2026-03-04T06:00:00+07:00');
    const start = Date.parse('2026-03-04T19:00:00+07:00');
    expect(soldFraction(s, six, start, six)).toBeCloseTo(0.3, 10);
    expect(soldFraction(s, six, start, start)).toBe(1);
    expect(soldFraction(s, six, start, six - 86_400_000)).toBeLessThan(0.3);
    let prev = 0;
    for (let t = six - 2 * 86_400_000; t <= start; t += 600_000) {
      const f = soldFraction(s, six, start, t);
      expect(f).toBeGreaterThanOrEqual(prev);
      prev = f;
    }
    // Late walk-ups: half the way to the start, well under half the walk-ups have come.
    expect(soldFraction(s, six, start, (six + start) / 2) - 0.3).toBeLessThan(0.35 * 0.7);
  });

  it('the 06:00 share depends on week of run, day type, start hour and chain (learnable), with noise', () => {
    expect(many({ weekOfRun: 1 }, 'presold')).toBeGreaterThan(many({ weekOfRun: 3 }, 'presold') * 1.5);
    expect(many({ date: '2026-03-07' }, 'presold')).toBeGreaterThan(many({}, 'presold'));
    expect(many({ hour: 11 }, 'presold')).toBeGreaterThan(many({ hour: 21 }, 'presold') * 1.3);
    expect(many({ chain: 'CGV' }, 'presold')).toBeGreaterThan(many({ chain: 'XXI' }, 'presold') * 1.2);
    const spread = new Set(
      Array.from({ length: 50 }, (_, i) => salesOf({ ...base, showtimeId: `20000000000000001${i}` }).presold),
    );
    expect(spread.size).toBeGreaterThan(30);
  });

  it('weekends sell more than weekdays, evenings more than matinees; some shows sell out and some rooms hold seats', () => {
    expect(many({ date: '2026-03-07' }, 'finalOccupancy')).toBeGreaterThan(
      many({ date: '2026-03-05' }, 'finalOccupancy') * 1.5,
    );
    expect(many({ hour: 20 }, 'finalOccupancy')).toBeGreaterThan(many({ hour: 11 }, 'finalOccupancy') * 1.5);
    const world = createWorld({ preset: 'city', seed: 1 });
    const sat = dayTruth(world, '2026-03-07');
    const thu = dayTruth(world, '2026-03-05');
    expect(sat.totals.unavailable).toBeGreaterThan(thu.totals.unavailable * 1.4);
    const shows = world.dayOf('2026-03-07').day.showtimes;
    expect(shows.some((s) => s.finalOccupancy === 1)).toBe(true);
    expect(shows.filter((s) => s.held > 0).length).toBeGreaterThan(shows.length / 5);
  });
});

describe('the truth', () => {
  const world = createWorld({ preset: 'tiny', seed: 3 });
  const date = '2026-03-06';

  it('is pure and complete: sold + held = unavailable, capacity, prices, the date read from the id', () => {
    const day = world.dayOf(date).day;
    const s = day.showtimes[0]!;
    expect(dateOfShowtimeId(s.id)).toBe(date);
    const at = new Date(Date.parse(s.startsAt) - 3_600_000);
    const t = truthOf(world, s.id, at)!;
    expect(t).toEqual(truthOf(createWorld({ preset: 'tiny', seed: 3 }), s.id, at));
    expect(t.sold + t.held).toBe(t.unavailable);
    expect(t.unavailable + t.available).toBe(t.capacity);
    expect(t.capacity).toBe(s.seats);
    expect([t.price_min, t.price_max]).toEqual([parsePrice(s.priceString)!.min, parsePrice(s.priceString)!.max]);
    expect(truthOf(world, '2999999999999999999', at)).toBeUndefined();
    // Final at the start and after it; never more than the room.
    const atStart = truthOf(world, s.id, new Date(s.startsAt))!;
    expect(truthOf(world, s.id, new Date(Date.parse(s.startsAt) + 3_600_000))!.unavailable).toBe(atStart.unavailable);
    expect(atStart.unavailable).toBeGreaterThanOrEqual(t.unavailable);
    const totals = dayTruth(world, date).totals;
    expect(totals.shows).toBe(day.showtimes.length);
    expect(totals.sold + totals.held).toBe(totals.unavailable);
  });
});

describe('the truth over HTTP agrees with the seat maps served', () => {
  let sim: Simulator;
  const NOW = '2026-03-06T06:00:00+07:00';
  beforeAll(async () => {
    sim = await startSimulator({ preset: 'tiny', seed: 3, now: NOW, loginDelayMs: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  function unavailableIn(merchant: 'xxi' | 'cgv' | 'cinepolis', json: unknown): number {
    if (merchant === 'xxi')
      return LayoutResponse.xxi
        .parse(json)
        .data.seat_map.flatMap((r) => r.seat_rows)
        .filter((x) => x.status === 5 || x.status === 6).length;
    if (merchant === 'cgv')
      return LayoutResponse.cgv.parse(json).data.seat_map.filter((x) => x.seat_yn === '1' && x.seat_status === 0)
        .length;
    return LayoutResponse.cinepolis.parse(json).data.seat_map.filter((x) => x.seat_status === 5 || x.seat_status === 6)
      .length;
  }

  it('at 06:00, midday and 10 minutes before each start, on today and tomorrow', { timeout: 60_000 }, async () => {
    let compared = 0;
    for (const date of ['2026-03-06', '2026-03-07']) {
      const shows = sim.dayOf(date).showtimes;
      for (const s of shows.filter((_, i) => i % 5 === 0)) {
        const start = Date.parse(s.startsAt);
        for (const at of [
          Date.parse(`${date}T06:00:00+07:00`),
          Date.parse(`${date}T12:00:00+07:00`),
          start - 600_000,
        ]) {
          if (at >= start) continue;
          sim.clock.set(new Date(at));
          const merchant = layoutPathOf(normaliseMerchant(s.merchant)!);
          const map = await call(sim, layoutPath(merchant, s.id), { token: sim.tokens.mintAccess() });
          expect(map.status).toBe(200);
          const truth = (await call(sim, `/__sim/truth/${s.id}?at=${new Date(at).toISOString()}`)).json as ReturnType<
            typeof truthOf
          >;
          expect(truth).toEqual(truthOf(sim.world, s.id, new Date(at)));
          expect(
            unavailableIn(merchant as 'xxi' | 'cgv' | 'cinepolis', map.json),
            `${s.id} at ${new Date(at).toISOString()}`,
          ).toBe(truth!.unavailable);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    // The day's truth by movie over HTTP too.
    const day = (await call(sim, '/__sim/day/2026-03-06')).json as ReturnType<typeof dayTruth>;
    expect(day).toEqual(dayTruth(sim.world, '2026-03-06'));
    expect((await call(sim, '/__sim/truth/2999999999999999999')).status).toBe(404);
    expect((await call(sim, `/__sim/truth/${sim.data.showtimes[0]!.id}?at=yesterday`)).status).toBe(400);
  });
});
