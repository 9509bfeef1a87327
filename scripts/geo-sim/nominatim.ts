/**
 * The OpenStreetMap Nominatim simulator: `GET /search?q=…&format=json&limit=1&countrycodes=id`.
 *
 * Follows the real service where the project depends on it:
 *  - coordinates as STRINGS (`"lat": "-6.1944491"`), `[]` when nothing matches;
 *  - the usage policy enforced: a request without an identifying User-Agent (none, or a library's
 *    default such as `node`, `undici`, `curl/…`) is refused with 403; a request less than one
 *    second after the previous one is answered 429 and counted as a violation.
 * A query "<address>, <City>, Indonesia" (or "<name>, <City>, Indonesia") finds the theatre.
 */
import type { GeoPlace } from './places.js';
import { titleCity, words } from './places.js';
import type { SimAnswer } from './google.js';

export interface NominatimFaults {
  /** Theatre ids Nominatim does not know (answer `[]`). */
  missing: Set<string>;
  /** Theatre ids answered with the namesake far away. */
  wrongCity: Set<string>;
}

const GENERIC_AGENTS = /^(node|undici|node-fetch|axios|got|curl|wget|python|java|go-http-client|okhttp)\b/i;

export class NominatimSim {
  private readonly byQuery = new Map<string, GeoPlace>();
  private lastAt = -Infinity;
  /** Requests that came less than a second after the previous one. */
  violations = 0;

  constructor(
    places: readonly GeoPlace[],
    readonly faults: NominatimFaults,
    private readonly now: () => number = () => performance.now(),
  ) {
    for (const p of places) {
      for (const where of [p.address, p.name]) {
        const key = words(`${where} ${p.city}`);
        if (where && !this.byQuery.has(key)) this.byQuery.set(key, p);
      }
    }
  }

  answer(method: string, url: URL, headers: Record<string, string | string[] | undefined>): SimAnswer {
    if (method !== 'GET' || url.pathname !== '/search')
      return { status: 404, body: { error: `unknown path ${url.pathname}` } };
    const agent = headers['user-agent'];
    if (typeof agent !== 'string' || agent.trim() === '' || GENERIC_AGENTS.test(agent.trim())) {
      return {
        status: 403,
        body: '<html><body><h1>Access blocked</h1><p>Set a User-Agent that identifies your application (usage policy).</p></body></html>',
      };
    }
    const at = this.now();
    const tooSoon = at - this.lastAt < 1000;
    this.lastAt = at;
    if (tooSoon) {
      this.violations++;
      return {
        status: 429,
        body: '<html><body><h1>Too Many Requests</h1><p>At most 1 request per second.</p></body></html>',
      };
    }
    if (url.searchParams.get('format') !== 'json')
      return { status: 400, body: { error: { code: 400, message: 'format must be json in this simulator' } } };
    const q = url.searchParams.get('q') ?? '';
    const m = /^(.*),\s*indonesia\s*$/i.exec(q.trim());
    const place = m ? this.byQuery.get(words(m[1]!)) : undefined;
    if (!place || this.faults.missing.has(place.theatreId)) return { status: 200, body: [] };
    return { status: 200, body: [this.render(place)] };
  }

  private render(p: GeoPlace): Record<string, unknown> {
    const wrong = this.faults.wrongCity.has(p.theatreId);
    const at = wrong ? p.namesake.at : p.osm;
    const city = wrong ? p.namesake.city : p.city;
    const fixed = (n: number) => n.toFixed(7);
    return {
      place_id: p.osmId + 7,
      licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright',
      osm_type: 'way',
      osm_id: p.osmId,
      lat: fixed(at.lat),
      lon: fixed(at.lng),
      class: 'amenity',
      type: 'cinema',
      place_rank: 30,
      importance: 0.00008,
      addresstype: 'amenity',
      name: titleCity(p.name),
      display_name: `${titleCity(p.name)}, ${p.address}, ${titleCity(city)}, Indonesia`,
      boundingbox: [fixed(at.lat - 0.0004), fixed(at.lat + 0.0004), fixed(at.lng - 0.0004), fixed(at.lng + 0.0004)],
    };
  }
}
