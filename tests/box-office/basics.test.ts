/** The box office's small pure parts: price strings, room categories → formats, cities → regions. */
import { describe, expect, it } from 'vitest';
import { CITIES } from '../../shared/tix/cities.js';
import { formatOf, isKnownCategory } from '../../scripts/box-office/format.js';
import { parsePrice } from '../../scripts/box-office/price.js';
import { PROVINCES, regionOf } from '../../scripts/box-office/regions.js';
import { ISLAND_GROUPS } from '../../scripts/box-office/types.js';
import {
  CGV_REGULAR,
  CGV_SPECIALS,
  CINEPOLIS_REGULAR,
  CINEPOLIS_SPECIALS,
  XXI_3D,
  XXI_IMAX,
  XXI_PREMIERE,
  XXI_REGULAR,
} from '../../scripts/tix-sim/catalog.js';

describe('parsePrice', () => {
  it('reads one price and a range', () => {
    expect(parsePrice('Rp35.000')).toEqual({ min: 35000, max: 35000 });
    expect(parsePrice('Rp46.000 - Rp51.000')).toEqual({ min: 46000, max: 51000 });
    expect(parsePrice(' Rp150.000 ')).toEqual({ min: 150000, max: 150000 });
    expect(parsePrice('Rp1.250.000')).toEqual({ min: 1250000, max: 1250000 });
  });
  it('refuses everything else, never guessing', () => {
    for (const bad of [
      null,
      undefined,
      '',
      'Rp',
      '35000',
      'Rp35,000',
      'Rp35.00',
      'Rp51.000 - Rp46.000',
      'Rp0',
      'Rp35.000 - ',
      'IDR 35.000',
      'Rp35.000 - Rp40.000 - Rp45.000',
      'Rp35.000-Rp40.000x',
    ]) {
      expect(parsePrice(bad), String(bad)).toBeNull();
    }
  });
});

describe('formatOf', () => {
  // Every room category TIX.id is known to list and the simulator knows, with its format.
  const cases: [string, string][] = [
    ['2D', '2D'],
    ['3D', '3D'],
    ['IMAX 2D', 'IMAX'],
    ['IMAX 3D', 'IMAX'],
    ['REGULAR 2D', '2D'],
    ['REGULAR 3D', '3D'],
    ['SATIN 2D', 'Satin'],
    ['SATIN SUITE 2D', 'Satin'],
    ['VELVET 2D', 'Velvet'],
    ['VELVET BY OCEAN 2D', 'Velvet'],
    ['GOLD CLASS 2D', 'Gold Class'],
    ['4DX2D', '4DX'],
    ['4DX3D', '4DX'],
    ['SCREENX 2D', 'ScreenX'],
    ['SCREENX 3D', 'ScreenX'],
    ['SCREENX GOLD SCREENX 2D', 'ScreenX'],
    ['SCREENX GOLD SCREENX 3D', 'ScreenX'],
    ['STARIUM 2D', 'Starium'],
    ['STARIUM 3D', 'Starium'],
    ['SPHEREX 2D', 'SphereX'],
    ['REGULAR 3WAY 2D', '2D'],
    ['VIP 2D', 'VIP'],
    ['LUXE 2D', 'Luxe'],
    ['MACRO XE 2D ATMOS', 'Macro XE'],
    ['MACRO XE 3D ATMOS', 'Macro XE'],
    ['JOMO 2D', 'Jomo'],
    ['JUNIOR 2D', 'Junior'],
    ['REGULAR 2D 3D ATMOS HFR', '3D'],
    ['ESSENTIAL AUDI 2D', '2D'],
    ['REGULAR ', '2D'],
    [' regular  2d ', '2D'],
  ];
  it.each(cases)('%j → %s', (category, format) => {
    expect(formatOf(category)).toBe(format);
    expect(isKnownCategory(category)).toBe(true);
  });
  it('knows every room category the simulator lists', () => {
    const all = [
      XXI_REGULAR,
      XXI_3D,
      XXI_PREMIERE,
      ...XXI_IMAX,
      CGV_REGULAR,
      ...CGV_SPECIALS,
      CINEPOLIS_REGULAR,
      ...CINEPOLIS_SPECIALS,
    ].map((c) => c.category);
    expect(all.length).toBeGreaterThan(30);
    for (const c of all) expect(isKnownCategory(c), c).toBe(true);
  });
  it('a missing or unknown category is unknown', () => {
    expect(formatOf(null)).toBe('unknown');
    expect(formatOf('  ')).toBe('unknown');
    expect(formatOf('DOLBY CINEMA')).toBe('unknown');
    expect(isKnownCategory('DOLBY CINEMA')).toBe(false);
    expect(isKnownCategory('')).toBe(false);
  });
  it('an XXI Premiere theatre makes its plain rooms Premiere', () => {
    expect(formatOf('2D', 'PLAZA SENAYAN PREMIERE')).toBe('Premiere');
    expect(formatOf('2D', 'PLAZA SENAYAN XXI')).toBe('2D');
    expect(formatOf('IMAX 2D', 'GANDARIA PREMIERE')).toBe('IMAX');
  });
});

describe('regionOf', () => {
  it('maps every one of the 83 TIX.id cities to a BPS province and an island group', () => {
    expect(CITIES).toHaveLength(83);
    for (const c of CITIES) {
      const r = regionOf(c.name);
      expect(r, c.name).not.toBeNull();
      expect(r!.province).toBe(c.province);
      expect(r!.province_code).toMatch(/^\d{2}$/);
      expect(ISLAND_GROUPS).toContain(r!.island_group);
    }
  });
  it('has the 38 provinces, each code once', () => {
    const codes = Object.values(PROVINCES).map((p) => p.code);
    expect(codes).toHaveLength(38);
    expect(new Set(codes).size).toBe(38);
  });
  it('knows the island groups of the edges', () => {
    expect(regionOf('BATAM')).toEqual({ province: 'Kepulauan Riau', province_code: '21', island_group: 'Sumatera' });
    expect(regionOf('pangkal  pinang')?.island_group).toBe('Sumatera');
    expect(regionOf('BALI')).toEqual({ province: 'Bali', province_code: '51', island_group: 'Bali & NT' });
    expect(regionOf('KUPANG')?.island_group).toBe('Bali & NT');
    expect(regionOf('TERNATE')).toEqual({
      province: 'Maluku Utara',
      province_code: '82',
      island_group: 'Papua & Maluku',
    });
    expect(regionOf('TIMIKA')).toEqual({
      province: 'Papua Tengah',
      province_code: '96',
      island_group: 'Papua & Maluku',
    });
    expect(regionOf('SORONG')?.province_code).toBe('92');
    expect(regionOf('JAKARTA')?.province_code).toBe('31');
    expect(regionOf('ATLANTIS')).toBeNull();
  });
  it('every island group has a city', () => {
    const groups = new Set(CITIES.map((c) => regionOf(c.name)!.island_group));
    expect([...groups].sort()).toEqual([...ISLAND_GROUPS].sort());
  });
});
