/**
 * The centre of each of TIX.id's 83 cities (degrees, WGS 84), to tell a geocoding match in the
 * theatre's city from a namesake elsewhere, and the great-circle distance that decides it.
 *
 * Coordinates are the public position of each city's (or regency seat's) centre, rounded to about
 * a kilometre; "BALI" is Denpasar, "LAMPUNG" Bandar Lampung, "SOLO" Surakarta. TIX.id's "cities"
 * include two regencies whose cinemas can sit far from the seat; they get a wider radius.
 */
import { normaliseCityName } from '../tix/cities.js';

export interface LatLng {
  lat: number;
  lng: number;
}

export interface CityCentre extends LatLng {
  /** Farthest a theatre of this city may be from the centre, km (default MAX_CITY_DISTANCE_KM). */
  radiusKm?: number;
}

/** A match farther than this from its city's centre is taken for a namesake elsewhere. */
export const MAX_CITY_DISTANCE_KM = 50;

export const CITY_CENTRES: Readonly<Record<string, CityCentre>> = {
  AMBON: { lat: -3.6954, lng: 128.1814 },
  BALI: { lat: -8.65, lng: 115.2167 },
  BALIKPAPAN: { lat: -1.2379, lng: 116.8529 },
  BANDUNG: { lat: -6.9175, lng: 107.6191 },
  BANJARBARU: { lat: -3.4425, lng: 114.83 },
  BANJARMASIN: { lat: -3.3194, lng: 114.5908 },
  BATAM: { lat: 1.1301, lng: 104.0529 },
  BAUBAU: { lat: -5.4667, lng: 122.6333 },
  BEKASI: { lat: -6.2383, lng: 106.9756 },
  BENGKULU: { lat: -3.8004, lng: 102.2655 },
  BINJAI: { lat: 3.6001, lng: 98.4854 },
  BLITAR: { lat: -8.0955, lng: 112.1609 },
  BOGOR: { lat: -6.5971, lng: 106.806 },
  BONDOWOSO: { lat: -7.9135, lng: 113.8215 },
  BONTANG: { lat: 0.1333, lng: 117.5 },
  CIANJUR: { lat: -6.8222, lng: 107.1394 },
  CIKARANG: { lat: -6.2615, lng: 107.1528 },
  CILEGON: { lat: -6.0025, lng: 106.0111 },
  CIREBON: { lat: -6.732, lng: 108.5523 },
  DEPOK: { lat: -6.4025, lng: 106.7942 },
  DUMAI: { lat: 1.6667, lng: 101.45 },
  DURI: { lat: 1.2833, lng: 101.2167 },
  GARUT: { lat: -7.2167, lng: 107.9 },
  GORONTALO: { lat: 0.5435, lng: 123.0568 },
  GRESIK: { lat: -7.155, lng: 112.6536 },
  INDRAMAYU: { lat: -6.3275, lng: 108.3249 },
  JAKARTA: { lat: -6.2088, lng: 106.8456 },
  JAMBI: { lat: -1.6101, lng: 103.6131 },
  JAYAPURA: { lat: -2.5337, lng: 140.7181 },
  JEMBER: { lat: -8.1724, lng: 113.7005 },
  KARAWANG: { lat: -6.3063, lng: 107.3019 },
  KEDIRI: { lat: -7.848, lng: 112.0178 },
  KENDARI: { lat: -3.9985, lng: 122.5129 },
  KETAPANG: { lat: -1.85, lng: 109.9833 },
  KISARAN: { lat: 2.9847, lng: 99.6158 },
  KLATEN: { lat: -7.7058, lng: 110.6061 },
  'KUALA KAPUAS': { lat: -3.0, lng: 114.3833 },
  KUPANG: { lat: -10.1772, lng: 123.607 },
  LAMPUNG: { lat: -5.45, lng: 105.2667 },
  LUBUKLINGGAU: { lat: -3.2967, lng: 102.8617 },
  MADIUN: { lat: -7.6298, lng: 111.5239 },
  MAKASSAR: { lat: -5.1477, lng: 119.4327 },
  MALANG: { lat: -7.9666, lng: 112.6326 },
  MAMUJU: { lat: -2.6787, lng: 118.8933 },
  MANADO: { lat: 1.4748, lng: 124.8421 },
  MANOKWARI: { lat: -0.8615, lng: 134.062 },
  MATARAM: { lat: -8.5833, lng: 116.1167 },
  MEDAN: { lat: 3.5952, lng: 98.6722 },
  MOJOKERTO: { lat: -7.4722, lng: 112.4336 },
  PADANG: { lat: -0.9471, lng: 100.4172 },
  PALANGKARAYA: { lat: -2.2136, lng: 113.9108 },
  PALEMBANG: { lat: -2.9761, lng: 104.7754 },
  PALU: { lat: -0.8917, lng: 119.8707 },
  'PANGKAL PINANG': { lat: -2.1316, lng: 106.1169 },
  PEKALONGAN: { lat: -6.8886, lng: 109.6753 },
  PEKANBARU: { lat: 0.5071, lng: 101.4478 },
  'PEMATANG SIANTAR': { lat: 2.9595, lng: 99.0687 },
  PONOROGO: { lat: -7.8651, lng: 111.4696 },
  PONTIANAK: { lat: -0.0263, lng: 109.3425 },
  PRABUMULIH: { lat: -3.4328, lng: 104.2356 },
  PROBOLINGGO: { lat: -7.7543, lng: 113.2159 },
  PURWAKARTA: { lat: -6.5569, lng: 107.4433 },
  PURWOKERTO: { lat: -7.4214, lng: 109.2343 },
  'RANTAU PRAPAT': { lat: 2.1, lng: 99.8333 },
  // A regency: its seat is Bagansiapiapi, its towns (Bagan Batu) up to ~80 km away.
  'ROKAN HILIR': { lat: 2.15, lng: 100.8167, radiusKm: 100 },
  SAMARINDA: { lat: -0.5022, lng: 117.1536 },
  SAMPIT: { lat: -2.5333, lng: 112.95 },
  SEMARANG: { lat: -6.9667, lng: 110.4167 },
  SERANG: { lat: -6.12, lng: 106.1503 },
  SIDOARJO: { lat: -7.4478, lng: 112.7183 },
  SINGKAWANG: { lat: 0.906, lng: 108.9872 },
  SOLO: { lat: -7.5755, lng: 110.8243 },
  SORONG: { lat: -0.8762, lng: 131.2558 },
  SUMEDANG: { lat: -6.8381, lng: 107.9275 },
  SURABAYA: { lat: -7.2575, lng: 112.7521 },
  TANGERANG: { lat: -6.1783, lng: 106.6319 },
  'TANJUNG PINANG': { lat: 0.9186, lng: 104.4554 },
  TARAKAN: { lat: 3.3, lng: 117.6333 },
  TASIKMALAYA: { lat: -7.3274, lng: 108.2207 },
  TEGAL: { lat: -6.8694, lng: 109.1402 },
  TERNATE: { lat: 0.7833, lng: 127.3667 },
  TIMIKA: { lat: -4.55, lng: 136.8833 },
  YOGYAKARTA: { lat: -7.7956, lng: 110.3695 },
};

export function cityCentre(city: string): CityCentre | undefined {
  return CITY_CENTRES[normaliseCityName(city)];
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: LatLng, b: LatLng): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type Nearness =
  | { ok: true; km: number }
  | { ok: false; km: number; limitKm: number; reason: string }
  | { ok: false; km: undefined; limitKm: undefined; reason: string };

/** Whether a point is within its city's radius of the city's centre. */
export function nearCity(city: string, point: LatLng): Nearness {
  const centre = cityCentre(city);
  if (!centre) return { ok: false, km: undefined, limitKm: undefined, reason: `no centre is known for city ${city}` };
  const km = distanceKm(centre, point);
  const limitKm = centre.radiusKm ?? MAX_CITY_DISTANCE_KM;
  if (km <= limitKm) return { ok: true, km };
  return {
    ok: false,
    km,
    limitKm,
    reason: `${Math.round(km)} km from the centre of ${normaliseCityName(city)} (limit ${limitKm} km)`,
  };
}
