/**
 * What each provider is asked for a theatre (pure). TIX.id addresses arrive with `\r\n` between
 * lines, blank lines and trailing spaces; the stored address is already one line, but older
 * documents may not be, so the query cleans it again.
 *
 *   Google Places:  "<theatre name> cinema <City> Indonesia"
 *   Nominatim:      "<address>, <City>, Indonesia"   (the name when there is no address)
 */
import type { Theatre } from './select.js';

/** One line: each line trimmed, blank lines dropped, joined with ", ", runs of spaces collapsed. */
export function cleanAddress(address: string | null): string {
  if (!address) return '';
  return address
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim().replace(/,+$/, ''))
    .filter((l) => l !== '')
    .join(', ')
    .replace(/\s+,/g, ',')
    .replace(/,(\s*,)+/g, ',')
    .trim();
}

/** `PANGKAL PINANG` → `Pangkal Pinang`. */
export function cityLabel(city: string): string {
  return city
    .toLowerCase()
    .split(' ')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

export function googleTextQuery(t: Pick<Theatre, 'name' | 'city'>): string {
  return `${t.name.replace(/\s+/g, ' ').trim()} cinema ${cityLabel(t.city)} Indonesia`;
}

export function nominatimQuery(t: Pick<Theatre, 'name' | 'address' | 'city'>): string {
  const where = cleanAddress(t.address) || t.name.replace(/\s+/g, ' ').trim();
  return `${where}, ${cityLabel(t.city)}, Indonesia`;
}
