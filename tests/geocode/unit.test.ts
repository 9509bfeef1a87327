/**
 * The geocoder's pure pieces: the city-centre table and distance rule, query building and address
 * cleanup, the cache key and plan, theatre selection, the run status, what is written, the
 * configuration of the two hosts and the key, and that a Google key never reaches a log line.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CITIES } from '../../shared/tix/cities.js';
import { CITY_CENTRES, distanceKm, nearCity } from '../../shared/geo/centres.js';
import { NominatimResponse } from '../../shared/geo/nominatim.js';
import { SearchTextResponse } from '../../shared/geo/google.js';
import { loadConfig } from '../../shared/config.js';
import { createLogger } from '../../shared/log.js';
import { Double, checkDocument } from '../../shared/store/documents.js';
import { cacheKey, planLookup } from '../../scrapers/geocode/cache.js';
import { geocodeStatus, providerOrder } from '../../scrapers/geocode/geocode.js';
import { judgeMatch } from '../../scrapers/geocode/lookup.js';
import { cityLabel, cleanAddress, googleTextQuery, nominatimQuery } from '../../scrapers/geocode/query.js';
import { selectTheatres } from '../../scrapers/geocode/select.js';
import { cacheEntry, theatrePatch } from '../../scrapers/geocode/write.js';

const T = {
  id: '7',
  name: 'GRAND MUTIARA XXI',
  address: 'Mall Lt. 3\r\nJl. Thamrin No. 10 ,\r\n\r\nJakarta 10230\r\n ',
  city: 'JAKARTA',
  lat: null,
  lng: null,
  placeId: null,
};

describe('city centres', () => {
  it('has a centre for each of the 83 cities, inside Indonesia', () => {
    expect(Object.keys(CITY_CENTRES).sort()).toEqual(CITIES.map((c) => c.name).sort());
    for (const [name, c] of Object.entries(CITY_CENTRES)) {
      expect(c.lat, name).toBeGreaterThan(-11.5);
      expect(c.lat, name).toBeLessThan(6.5);
      expect(c.lng, name).toBeGreaterThan(94.5);
      expect(c.lng, name).toBeLessThan(141.5);
    }
  });

  it('measures great-circle distances (Jakarta–Surabaya about 660 km, Jakarta–Bogor about 43 km)', () => {
    expect(distanceKm(CITY_CENTRES.JAKARTA!, CITY_CENTRES.SURABAYA!)).toBeGreaterThan(650);
    expect(distanceKm(CITY_CENTRES.JAKARTA!, CITY_CENTRES.SURABAYA!)).toBeLessThan(670);
    expect(distanceKm(CITY_CENTRES.JAKARTA!, CITY_CENTRES.BOGOR!)).toBeGreaterThan(38);
    expect(distanceKm(CITY_CENTRES.JAKARTA!, CITY_CENTRES.BOGOR!)).toBeLessThan(48);
  });

  it('accepts a point within 50 km of the centre and refuses one beyond, with the distance', () => {
    expect(nearCity('jakarta', { lat: -6.3, lng: 106.85 }).ok).toBe(true);
    const far = nearCity('JAKARTA', CITY_CENTRES.SURABAYA!);
    expect(far.ok).toBe(false);
    expect(!far.ok && far.reason).toMatch(/^\d{3} km from the centre of JAKARTA \(limit 50 km\)$/);
    expect(nearCity('ATLANTIS', { lat: 0, lng: 0 }).ok).toBe(false);
    const m = {
      source: 'google' as const,
      lat: -7.25,
      lng: 112.75,
      place_id: 'x',
      label: 'Grand Mutiara XXI, Surabaya',
    };
    expect(judgeMatch({ city: 'JAKARTA' }, m)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^google: "Grand Mutiara XXI, Surabaya" at -7\.2500,112\.7500 is \d+ km/),
    });
    expect(judgeMatch({ city: 'SURABAYA' }, m)).toEqual({ ok: true });
  });
});

describe('queries', () => {
  it('cleans TIX.id addresses: line breaks, blank lines, trailing and inner spaces', () => {
    expect(cleanAddress(T.address)).toBe('Mall Lt. 3, Jl. Thamrin No. 10, Jakarta 10230');
    expect(cleanAddress('  One  line  ')).toBe('One line');
    expect(cleanAddress(null)).toBe('');
    expect(cleanAddress('\r\n \r\n')).toBe('');
  });

  it('asks Google for "<name> cinema <City> Indonesia" and Nominatim for "<address>, <City>, Indonesia"', () => {
    expect(cityLabel('PANGKAL PINANG')).toBe('Pangkal Pinang');
    expect(googleTextQuery({ name: 'GRAND  MUTIARA XXI ', city: 'JAKARTA' })).toBe(
      'GRAND MUTIARA XXI cinema Jakarta Indonesia',
    );
    expect(nominatimQuery(T)).toBe('Mall Lt. 3, Jl. Thamrin No. 10, Jakarta 10230, Jakarta, Indonesia');
    expect(nominatimQuery({ ...T, address: null })).toBe('GRAND MUTIARA XXI, Jakarta, Indonesia');
  });
});

describe('cache', () => {
  it('keys on city, name and cleaned address; case and spacing do not matter, a move does', () => {
    const k = cacheKey(T);
    expect(k).toMatch(/^[0-9a-f]{32}$/);
    expect(cacheKey({ ...T, name: 'grand mutiara  xxi', address: cleanAddress(T.address) })).toBe(k);
    expect(cacheKey({ ...T, address: 'Jl. Sudirman 1' })).not.toBe(k);
    expect(cacheKey({ ...T, city: 'MEDAN' })).not.toBe(k);
  });

  it('uses a cached match, asks only providers not asked yet, and nothing when all were', () => {
    const found = { source: 'osm' as const, lat: -6.2, lng: 106.8, place_id: null, label: 'x' };
    const entry = (tried: ('google' | 'osm')[], f: typeof found | null = null) => ({
      name: 'n',
      address: null,
      city: 'JAKARTA',
      tried,
      found: f,
      rejected: [],
      looked_up_at: '2026-01-19T00:00:00.000Z',
    });
    expect(planLookup(undefined, ['google', 'osm'])).toEqual({ kind: 'lookup', providers: ['google', 'osm'] });
    expect(planLookup(entry(['osm'], found), ['google', 'osm'])).toEqual({ kind: 'cached', found });
    expect(planLookup(entry(['osm']), ['google', 'osm'])).toEqual({ kind: 'lookup', providers: ['google'] });
    expect(planLookup(entry(['google', 'osm']), ['google', 'osm'])).toMatchObject({ kind: 'exhausted' });
    expect(planLookup(entry(['osm']), ['osm'])).toMatchObject({ kind: 'exhausted', tried: ['osm'] });
  });

  it('a cache entry keeps earlier answers and passes its schema', () => {
    const prev = cacheEntry(
      T,
      undefined,
      { found: undefined, tried: ['osm'], rejected: ['osm: far'] },
      '2026-01-01T00:00:00.000Z',
    );
    const next = cacheEntry(
      T,
      prev,
      {
        found: { source: 'google', lat: -6.19, lng: 106.82, place_id: 'ChIJx', label: 'G' },
        tried: ['google'],
        rejected: [],
      },
      '2026-02-01T00:00:00.000Z',
    );
    expect(next.tried).toEqual(['osm', 'google']);
    expect(next.rejected).toEqual(['osm: far']);
    expect(next.address).toBe('Mall Lt. 3, Jl. Thamrin No. 10, Jakarta 10230');
    expect(() => checkDocument(`geocode_cache/${cacheKey(T)}`, next)).not.toThrow();
  });
});

describe('selection, writes, status', () => {
  const doc = (id: string, data: Record<string, unknown>) => ({
    id,
    path: `theatres/${id}`,
    data: { name: `T${id}`, city: 'JAKARTA', address: null, ...data },
  });
  const docs = [
    doc('10', { lat: -6.2, lng: 106.8 }),
    doc('9', {}),
    doc('11', { city: 'MEDAN' }),
    doc('12', { city: 'ATLANTIS' }),
    doc('2', { lat: '-6.2', lng: null }),
  ];

  it('selects theatres without numeric coordinates (all with --all), by city, in id order, up to --limit', () => {
    const s = selectTheatres(docs);
    expect(s.selected.map((t) => t.id)).toEqual(['2', '9', '11']);
    expect(s.alreadyDone).toBe(1);
    expect(s.unusable).toEqual([
      { id: '12', reason: expect.stringMatching(/no centre is known for its city "ATLANTIS"/) },
    ]);
    expect(selectTheatres(docs, { all: true }).selected.map((t) => t.id)).toEqual(['2', '9', '10', '11']);
    expect(selectTheatres(docs, { cities: ['medan'] }).selected.map((t) => t.id)).toEqual(['11']);
    expect(selectTheatres(docs, { limit: 2 }).selected.map((t) => t.id)).toEqual(['2', '9']);
  });

  it('writes lat/lng as Doubles and only the geocoder fields; the merge passes the theatre schema', () => {
    const p = theatrePatch({ source: 'google', lat: -6, lng: 107, place_id: 'ChIJabc' }, '2026-01-19T00:00:00.000Z');
    expect(Object.keys(p).sort()).toEqual(['geo_source', 'geocoded_at', 'lat', 'lng', 'place_id']);
    expect(p.lat).toBeInstanceOf(Double);
    expect((p.lat as Double).value).toBe(-6);
    expect(() => checkDocument('theatres/7', p, { partial: true })).not.toThrow();
    expect(() => checkDocument('theatres/7', { ...p, lat: new Double(91) }, { partial: true })).toThrow(/latitude|lat/);
    expect(
      theatrePatch({ source: 'osm', lat: -6.1, lng: 106.9, place_id: null }, '2026-01-19T00:00:00.000Z').place_id,
    ).toBeNull();
  });

  it('status: refused key fails; errors with nothing written fail; refusals or errors make it partial', () => {
    const t = { geocoded: 0, fromCache: 0, notFound: 0, rejected: 0, failed: 0, refused: undefined };
    expect(geocodeStatus(t, 0)).toBe('success');
    expect(geocodeStatus({ ...t, notFound: 3 }, 3)).toBe('success');
    expect(geocodeStatus({ ...t, failed: 2 }, 2)).toBe('failed');
    expect(geocodeStatus({ ...t, failed: 1, geocoded: 4 }, 5)).toBe('partial');
    expect(geocodeStatus({ ...t, rejected: 1, geocoded: 4 }, 5)).toBe('partial');
    expect(geocodeStatus({ ...t, geocoded: 5, refused: new Error('x') as never }, 5)).toBe('failed');
  });
});

describe('provider answers', () => {
  it('Nominatim coordinates arrive as strings and are read as numbers; [] is no match', () => {
    expect(NominatimResponse.parse([{ lat: '-6.1944491', lon: '106.8229198', display_name: 'x' }])[0]).toMatchObject({
      lat: -6.1944491,
      lon: 106.8229198,
    });
    expect(NominatimResponse.parse([])).toEqual([]);
    expect(NominatimResponse.safeParse([{ lat: 'north', lon: '1' }]).success).toBe(false);
    expect(NominatimResponse.safeParse([{ lat: '', lon: '1' }]).success).toBe(false);
  });

  it('Google: no `places` key means nothing found; a place needs an id and a location', () => {
    expect(SearchTextResponse.parse({}).places).toBeUndefined();
    expect(SearchTextResponse.safeParse({ places: [{ id: 'a' }] }).success).toBe(false);
  });
});

describe('configuration', () => {
  it('defaults the two hosts, checks them at start, and takes the key', () => {
    const c = loadConfig({}, false);
    expect(c.geo).toEqual({
      googleKey: undefined,
      placesBase: 'https://places.googleapis.com',
      nominatimBase: 'https://nominatim.openstreetmap.org',
    });
    expect(() => loadConfig({ GOOGLE_PLACES_BASE: 'places.googleapis.com' }, false)).toThrow(
      /^GOOGLE_PLACES_BASE: .*https:\/\/places\.googleapis\.com/,
    );
    expect(() => loadConfig({ NOMINATIM_BASE: 'ftp://x' }, false)).toThrow(/^NOMINATIM_BASE: /);
    expect(loadConfig({ NOMINATIM_BASE: 'http://127.0.0.1:9/' }, false).geo.nominatimBase).toBe('http://127.0.0.1:9');
    const key = 'AIzaSyA1234567890abcdefghijklmnopqrstuv';
    expect(loadConfig({ GOOGLE_MAPS_API_KEY: key }, false).geo.googleKey).toBe(key);
    let message = '';
    try {
      loadConfig({ GOOGLE_MAPS_API_KEY: `"${key}"` }, false);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^GOOGLE_MAPS_API_KEY: /);
    expect(message).not.toContain(key);
  });

  it('orders the providers: Google then Nominatim with a key, Nominatim alone without', () => {
    const geo = { placesBase: 'x', nominatimBase: 'y' };
    expect(providerOrder({ ...geo, googleKey: 'k' }, undefined)).toEqual(['google', 'osm']);
    expect(providerOrder({ ...geo, googleKey: undefined }, undefined)).toEqual(['osm']);
    expect(providerOrder({ ...geo, googleKey: 'k' }, 'osm')).toEqual(['osm']);
    expect(() => providerOrder({ ...geo, googleKey: undefined }, 'google')).toThrow(/GOOGLE_MAPS_API_KEY/);
  });

  it('a Google key never reaches a log line, as a field or inside a message', () => {
    const key = 'AIzaSyA1234567890abcdefghijklmnopqrstuv';
    let out = '';
    const log = createLogger({
      format: 'json',
      destination: new Writable({ write: (c: Buffer, _e, cb) => ((out += c.toString()), cb()) }),
    });
    log.info({ config: { geo: { googleKey: key } }, google_maps_api_key: key }, `calling with ${key}`);
    expect(out).toContain('calling with');
    expect(out).not.toContain(key);
  });
});
