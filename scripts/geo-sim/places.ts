/**
 * The places the geocoding simulators know: one per theatre of a TIX.id simulator day, generated
 * deterministically from the theatre id (same id, same place, every run). Each lies 0.5–12 km from
 * its city's centre; Google's and Nominatim's positions of it differ by a few tens of metres, as
 * the real services' do. A namesake in another, far city stands ready for the wrong-city fault.
 */
import { createHash } from 'node:crypto';
import { CITY_CENTRES, type LatLng } from '../../shared/geo/centres.js';
import type { SimDay } from '../tix-sim/index.js';

export interface GeoPlace {
  theatreId: string;
  /** UPPER-CASE city name. */
  city: string;
  /** The theatre's name, trimmed and single-spaced. */
  name: string;
  /** The address as one line. */
  address: string;
  googleId: string;
  google: LatLng;
  osm: LatLng;
  osmId: number;
  /** The same name in another city, far away (for the wrong-city fault). */
  namesake: { city: string; at: LatLng; googleId: string };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Uniform 0..1 from four bytes of a digest. */
const unit = (d: Buffer, at: number) => d.readUInt32BE(at) / 0x1_0000_0000;

/** A point `km` away from `from` in direction `bearing` (radians), flat-earth (fine under ~50 km). */
export function offset(from: LatLng, km: number, bearing: number): LatLng {
  const dLat = (km * Math.cos(bearing)) / 110.574;
  const dLng = (km * Math.sin(bearing)) / (111.32 * Math.cos((from.lat * Math.PI) / 180));
  return { lat: from.lat + dLat, lng: from.lng + dLng };
}

const round7 = (p: LatLng): LatLng => ({ lat: Math.round(p.lat * 1e7) / 1e7, lng: Math.round(p.lng * 1e7) / 1e7 });

/** A Google-looking place id ("ChIJ" and 23 more characters). */
function placeId(seed: string): string {
  return `ChIJ${digest(`place:${seed}`).toString('base64url').slice(0, 23)}`;
}

/** Trimmed and single-spaced; address lines joined with ", ". */
export function oneLine(s: string): string {
  return s
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(', ');
}

export function buildPlaces(day: Pick<SimDay, 'theatres' | 'cities'>): GeoPlace[] {
  const cityName = new Map(day.cities.map((c) => [c.id, c.name]));
  const out: GeoPlace[] = [];
  for (const t of day.theatres) {
    const city = cityName.get(t.cityId);
    const centre = city ? CITY_CENTRES[city] : undefined;
    if (!city || !centre) continue;
    const d = digest(`theatre:${t.id}`);
    const google = round7(offset(centre, 0.5 + 11.5 * unit(d, 0), 2 * Math.PI * unit(d, 4)));
    const osm = round7(offset(google, 0.01 + 0.05 * unit(d, 8), 2 * Math.PI * unit(d, 12)));
    const farCity = city === 'SURABAYA' ? 'JAKARTA' : 'SURABAYA';
    out.push({
      theatreId: t.id,
      city,
      name: t.name.replace(/\s+/g, ' ').trim(),
      address: oneLine(t.address),
      googleId: placeId(t.id),
      google,
      osm,
      osmId: 100_000_000 + (d.readUInt32BE(16) % 900_000_000),
      namesake: {
        city: farCity,
        at: round7(offset(CITY_CENTRES[farCity]!, 3 + 5 * unit(d, 20), 2 * Math.PI * unit(d, 24))),
        googleId: placeId(`${t.id}:namesake`),
      },
    });
  }
  return out;
}

/** Lower-case words of letters and digits only: how the simulators compare names and addresses. */
export function words(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** `Pangkal Pinang` for `PANGKAL PINANG`. */
export function titleCity(city: string): string {
  return city.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
}
