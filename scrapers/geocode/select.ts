/**
 * Step 1: which theatres to geocode. Pure: the stored `theatres/*` documents in, the theatres to
 * look up out (by default those without coordinates; with `all`, every one), filtered by city and
 * cut at `limit`, in id order so a limited run is repeatable.
 */
import type { StoredDoc } from '../../shared/store/store.js';
import { cityCentre } from '../../shared/geo/centres.js';
import { normaliseCityName } from '../../shared/tix/cities.js';

export interface Theatre {
  id: string;
  name: string;
  address: string | null;
  /** UPPER-CASE, as stored. */
  city: string;
  /** Current coordinates and place id, when set. */
  lat: number | null;
  lng: number | null;
  placeId: string | null;
}

export interface SelectOptions {
  /** Every theatre, not only those without coordinates. */
  all?: boolean;
  /** Only these cities (names, any case). */
  cities?: readonly string[];
  /** At most this many. */
  limit?: number;
}

export interface Selection {
  selected: Theatre[];
  /** Theatres that cannot be geocoded at all, with the reason (e.g. a city without a known centre). */
  unusable: { id: string; reason: string }[];
  /** Theatres left alone because they already have coordinates. */
  alreadyDone: number;
}

/** The fields step 1 reads of each theatre document (a projection: nothing else is fetched). */
export const THEATRE_FIELDS = ['name', 'city', 'address', 'lat', 'lng', 'place_id'] as const;

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

export function theatreOf(doc: StoredDoc): Theatre {
  const d = doc.data;
  return {
    id: doc.id,
    name: text(d.name) ?? '',
    address: text(d.address),
    city: normaliseCityName(text(d.city) ?? ''),
    lat: finite(d.lat),
    lng: finite(d.lng),
    placeId: text(d.place_id),
  };
}

export function hasCoordinates(t: Theatre): boolean {
  return t.lat !== null && t.lng !== null;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function selectTheatres(docs: readonly StoredDoc[], o: SelectOptions = {}): Selection {
  const cities = o.cities ? new Set(o.cities.map(normaliseCityName)) : undefined;
  const out: Selection = { selected: [], unusable: [], alreadyDone: 0 };
  const theatres = docs.map(theatreOf).sort((a, b) => compareIds(a.id, b.id));
  for (const t of theatres) {
    if (cities && !cities.has(t.city)) continue;
    if (!o.all && hasCoordinates(t)) {
      out.alreadyDone++;
      continue;
    }
    if (!t.name) out.unusable.push({ id: t.id, reason: 'the theatre has no name' });
    else if (!cityCentre(t.city))
      out.unusable.push({
        id: t.id,
        reason: `no centre is known for its city ${JSON.stringify(t.city)}, so no match could be checked`,
      });
    else out.selected.push(t);
  }
  if (o.limit !== undefined) out.selected = out.selected.slice(0, o.limit);
  return out;
}
