/**
 * Where a TIX.id city lies: its province (name and two-digit code as BPS, Badan Pusat Statistik,
 * publishes them in its "Kode dan Nama Wilayah Kerja Statistik", with the 2022 Papua provinces:
 * Papua Barat Daya 92, Papua 94, Papua Selatan 95, Papua Tengah 96, Papua Pegunungan 97) and its
 * island group, in the six names the admin dashboard already uses (Jawa, Sumatera, Kalimantan,
 * Sulawesi, Bali & NT, Papua & Maluku; the Riau and Bangka Belitung islands count as Sumatera, Nusa
 * Tenggara with Bali, Maluku with Papua).
 *
 * The city → province step is shared/tix/cities.ts (the 83 cities TIX.id serves, each with its
 * province); this file adds the static province table. tests/box-office/basics.test.ts checks that
 * every one of the 83 cities maps.
 */
import { cityByName, type Province } from '../../shared/tix/cities.js';
import type { IslandGroup } from './types.js';

export interface Region {
  province: string;
  province_code: string;
  island_group: IslandGroup;
}

/** All 38 provinces: BPS code and island group. */
export const PROVINCES: Readonly<Record<string, { code: string; island_group: IslandGroup }>> = {
  Aceh: { code: '11', island_group: 'Sumatera' },
  'Sumatera Utara': { code: '12', island_group: 'Sumatera' },
  'Sumatera Barat': { code: '13', island_group: 'Sumatera' },
  Riau: { code: '14', island_group: 'Sumatera' },
  Jambi: { code: '15', island_group: 'Sumatera' },
  'Sumatera Selatan': { code: '16', island_group: 'Sumatera' },
  Bengkulu: { code: '17', island_group: 'Sumatera' },
  Lampung: { code: '18', island_group: 'Sumatera' },
  'Kepulauan Bangka Belitung': { code: '19', island_group: 'Sumatera' },
  'Kepulauan Riau': { code: '21', island_group: 'Sumatera' },
  'DKI Jakarta': { code: '31', island_group: 'Jawa' },
  'Jawa Barat': { code: '32', island_group: 'Jawa' },
  'Jawa Tengah': { code: '33', island_group: 'Jawa' },
  'DI Yogyakarta': { code: '34', island_group: 'Jawa' },
  'Jawa Timur': { code: '35', island_group: 'Jawa' },
  Banten: { code: '36', island_group: 'Jawa' },
  Bali: { code: '51', island_group: 'Bali & NT' },
  'Nusa Tenggara Barat': { code: '52', island_group: 'Bali & NT' },
  'Nusa Tenggara Timur': { code: '53', island_group: 'Bali & NT' },
  'Kalimantan Barat': { code: '61', island_group: 'Kalimantan' },
  'Kalimantan Tengah': { code: '62', island_group: 'Kalimantan' },
  'Kalimantan Selatan': { code: '63', island_group: 'Kalimantan' },
  'Kalimantan Timur': { code: '64', island_group: 'Kalimantan' },
  'Kalimantan Utara': { code: '65', island_group: 'Kalimantan' },
  'Sulawesi Utara': { code: '71', island_group: 'Sulawesi' },
  'Sulawesi Tengah': { code: '72', island_group: 'Sulawesi' },
  'Sulawesi Selatan': { code: '73', island_group: 'Sulawesi' },
  'Sulawesi Tenggara': { code: '74', island_group: 'Sulawesi' },
  Gorontalo: { code: '75', island_group: 'Sulawesi' },
  'Sulawesi Barat': { code: '76', island_group: 'Sulawesi' },
  Maluku: { code: '81', island_group: 'Papua & Maluku' },
  'Maluku Utara': { code: '82', island_group: 'Papua & Maluku' },
  'Papua Barat': { code: '91', island_group: 'Papua & Maluku' },
  'Papua Barat Daya': { code: '92', island_group: 'Papua & Maluku' },
  Papua: { code: '94', island_group: 'Papua & Maluku' },
  'Papua Selatan': { code: '95', island_group: 'Papua & Maluku' },
  'Papua Tengah': { code: '96', island_group: 'Papua & Maluku' },
  'Papua Pegunungan': { code: '97', island_group: 'Papua & Maluku' },
};

/** The region of a province name (as cities.ts spells it), or null when the table lacks it. */
export function regionOfProvince(province: Province | string): Region | null {
  const p = PROVINCES[province];
  return p ? { province, province_code: p.code, island_group: p.island_group } : null;
}

/** The region of a TIX.id city (any case/spacing), or null for a city the table does not know. */
export function regionOf(city: string): Region | null {
  const c = cityByName(city);
  return c ? regionOfProvince(c.province) : null;
}
