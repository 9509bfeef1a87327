import { describe, expect, it } from 'vitest';
import {
  addDaysToDate,
  clockFromEnv,
  envNow,
  FixedClock,
  iso,
  jakartaDate,
  jakartaHHMM,
  localToInstant,
  minutesIntoDay,
  systemClock,
  timeInZone,
  zoneAbbreviation,
} from '../shared/clock.js';
import { ConfigError } from '../shared/config-error.js';
import { CITIES, cityByName, cityZone } from '../shared/tix/cities.js';

describe('now() and CINERADAR_NOW', () => {
  it('CINERADAR_NOW pins the start of the clock, which then runs on', async () => {
    const clock = clockFromEnv('2026-01-19T06:00:00+07:00');
    const first = clock.now().getTime();
    expect(first).toBeGreaterThanOrEqual(Date.parse('2026-01-18T23:00:00Z'));
    expect(first).toBeLessThan(Date.parse('2026-01-18T23:00:01Z'));
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now().getTime()).toBeGreaterThan(first);
  });

  it('without CINERADAR_NOW it is the system clock', () => {
    expect(clockFromEnv(undefined)).toBe(systemClock);
    expect(Math.abs(systemClock.now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it('FixedClock stands still until set or advanced', () => {
    const clock = new FixedClock('2026-01-19T00:00:00Z');
    expect(iso(clock.now())).toBe('2026-01-19T00:00:00.000Z');
    clock.advance(90_000);
    expect(iso(clock.now())).toBe('2026-01-19T00:01:30.000Z');
    clock.set('2026-02-01T12:00:00+07:00');
    expect(iso(clock.now())).toBe('2026-02-01T05:00:00.000Z');
    expect(() => new FixedClock('not a time')).toThrow(/not an instant/);
  });

  it('FixedClock.set refuses a non-instant and keeps its time (no Invalid Date surfacing later)', () => {
    const clock = new FixedClock('2026-01-19T00:00:00Z');
    expect(() => clock.set('19/01/2026 06:00')).toThrow(/not an instant/);
    expect(iso(clock.now())).toBe('2026-01-19T00:00:00.000Z');
  });

  it('envNow: unset or blank is undefined, an instant becomes Z, anything else is a ConfigError naming the variable', () => {
    expect(envNow({})).toBeUndefined();
    expect(envNow({ CINERADAR_NOW: '  ' })).toBeUndefined();
    expect(envNow({ CINERADAR_NOW: ' 2026-01-19T06:00:00+07:00 ' })).toBe('2026-01-18T23:00:00.000Z');
    for (const bad of ['2026-01-19', '2026-01-19T06:00:00', 'tomorrow']) {
      let err: unknown;
      try {
        envNow({ CINERADAR_NOW: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variable).toBe('CINERADAR_NOW');
      expect((err as Error).message).toMatch(/^CINERADAR_NOW: must be an ISO-8601 instant with a zone/);
    }
  });
});

describe('the Asia/Jakarta date', () => {
  it('23:00 UTC is already the next day in Jakarta (the daily run at 06:00 WIB)', () => {
    expect(jakartaDate(new Date('2026-01-18T23:00:00Z'))).toBe('2026-01-19');
    expect(jakartaHHMM(new Date('2026-01-18T23:00:00Z'))).toBe('0600');
  });

  it('changes at 17:00 UTC (midnight WIB), not at midnight UTC', () => {
    expect(jakartaDate(new Date('2026-01-19T16:59:59Z'))).toBe('2026-01-19');
    expect(jakartaDate(new Date('2026-01-19T17:00:00Z'))).toBe('2026-01-20');
    expect(jakartaDate(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('minutes into the day count from midnight WIB (or the zone given), not UTC', () => {
    expect(minutesIntoDay(new Date('2026-01-18T23:30:00Z'))).toBe(6 * 60 + 30);
    expect(minutesIntoDay(new Date('2026-01-19T16:59:00Z'))).toBe(23 * 60 + 59);
    expect(minutesIntoDay(new Date('2026-01-19T17:00:00Z'))).toBe(0);
    expect(minutesIntoDay(new Date('2026-01-18T23:30:00Z'), 'Asia/Jayapura')).toBe(8 * 60 + 30);
  });

  it('adds days across month and year ends', () => {
    expect(addDaysToDate('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDaysToDate('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDaysToDate('2028-03-01', -1)).toBe('2028-02-29');
  });
});

describe('theatre-local showtimes to UTC', () => {
  it('a WIB city (UTC+7)', () => {
    const zone = cityZone('JAKARTA');
    expect(zone).toBe('Asia/Jakarta');
    expect(iso(localToInstant('2026-01-19', '19:30', zone))).toBe('2026-01-19T12:30:00.000Z');
  });

  it('a WITA city (UTC+8)', () => {
    const zone = cityZone('MAKASSAR');
    expect(zone).toBe('Asia/Makassar');
    expect(iso(localToInstant('2026-01-19', '19:30', zone))).toBe('2026-01-19T11:30:00.000Z');
    expect(timeInZone(new Date('2026-01-19T11:30:00Z'), zone)).toBe('19:30');
  });

  it('a WIT city (UTC+9), including a time that is the previous day in UTC', () => {
    const zone = cityZone('JAYAPURA');
    expect(zone).toBe('Asia/Jayapura');
    expect(iso(localToInstant('2026-01-19', '19:30', zone))).toBe('2026-01-19T10:30:00.000Z');
    expect(iso(localToInstant('2026-01-19', '08:15', zone))).toBe('2026-01-18T23:15:00.000Z');
  });

  it('refuses malformed dates and times', () => {
    expect(() => localToInstant('2026-02-30', '10:00', 'Asia/Jakarta')).toThrow(/date/);
    expect(() => localToInstant('2026-01-19', '24:00', 'Asia/Jakarta')).toThrow(/HH:MM/);
    expect(() => localToInstant('2026-01-19', '7pm', 'Asia/Jakarta')).toThrow(/HH:MM/);
  });
});

describe('the 83 cities', () => {
  // Indonesia's zones by geography: WITA is Bali, Nusa Tenggara, East/South/North Kalimantan and
  // Sulawesi; WIT is Maluku and Papua.
  const WITA = [
    'BALI',
    'BALIKPAPAN',
    'BANJARBARU',
    'BANJARMASIN',
    'BAUBAU',
    'BONTANG',
    'GORONTALO',
    'KENDARI',
    'KUPANG',
    'MAKASSAR',
    'MAMUJU',
    'MANADO',
    'MATARAM',
    'PALU',
    'SAMARINDA',
    'TARAKAN',
  ];
  const WIT = ['AMBON', 'JAYAPURA', 'MANOKWARI', 'SORONG', 'TERNATE', 'TIMIKA'];

  it('are 83, with unique string ids and UPPER-CASE names', () => {
    expect(CITIES).toHaveLength(83);
    expect(new Set(CITIES.map((c) => c.id)).size).toBe(83);
    expect(new Set(CITIES.map((c) => c.name)).size).toBe(83);
    for (const c of CITIES) {
      expect(c.id).toMatch(/^\d{18,19}$/);
      expect(c.name).toBe(c.name.toUpperCase());
    }
  });

  it('every city has an IANA zone', () => {
    for (const c of CITIES) expect(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']).toContain(cityZone(c.name));
  });

  it('exactly these are WITA and WIT; the rest are WIB', () => {
    const by = (abbr: string) =>
      CITIES.filter((c) => zoneAbbreviation(cityZone(c.name)) === abbr)
        .map((c) => c.name)
        .sort();
    expect(by('WITA')).toEqual(WITA);
    expect(by('WIT')).toEqual(WIT);
    expect(by('WIB')).toHaveLength(83 - WITA.length - WIT.length);
    expect(by('WIB')).toContain('PONTIANAK'); // West Kalimantan is WIB
    expect(by('WIB')).toContain('PALANGKARAYA'); // so is Central Kalimantan
  });

  it('finds cities by name whatever the case and spacing', () => {
    expect(cityByName('  pangkal   pinang ')?.name).toBe('PANGKAL PINANG');
    expect(cityByName('Atlantis')).toBeUndefined();
  });
});

describe('cities the built-in table does not know', () => {
  it('are named (normalised, once, sorted) so the movies scraper can warn that their zone is assumed WIB', async () => {
    const { citiesWithoutKnownZone } = await import('../shared/tix/cities.js');
    expect(citiesWithoutKnownZone(['JAKARTA', ' ambon ', 'Nabire', 'NABIRE', 'kuala  kapuas', 'Merauke'])).toEqual([
      'MERAUKE',
      'NABIRE',
    ]);
    expect(citiesWithoutKnownZone([])).toEqual([]);
  });
});
