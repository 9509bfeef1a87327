/**
 * The geocoding simulators over real HTTP, spoken to with plain fetch: the quirks the geocoder
 * must survive (string coordinates, a missing `places` key, 403 for a bad key, 400 without a
 * field mask, 429 with and without Retry-After, a User-Agent required, one request a second) and
 * deterministic places for the TIX.id simulator's theatres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDay } from '../../scripts/tix-sim/data.js';
import { buildPlaces } from '../../scripts/geo-sim/places.js';
import { SIM_GOOGLE_KEY, startGeoSimulators, type GeoSimulators } from '../../scripts/geo-sim/index.js';
import { PLACES_FIELD_MASK } from '../../shared/geo/google.js';
import { distanceKm, CITY_CENTRES } from '../../shared/geo/centres.js';
import { googleTextQuery, nominatimQuery } from '../../scrapers/geocode/query.js';
import { DATE } from '../schedules/harness.js';

const day = generateDay({ preset: 'tiny', date: DATE, seed: 7 });
let geo: GeoSimulators;
beforeAll(async () => {
  geo = await startGeoSimulators({ day });
});
afterAll(async () => geo?.close());

const search = (textQuery: unknown, headers: Record<string, string> = {}) =>
  fetch(`${geo.placesBase}/v1/places:searchText`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'X-Goog-Api-Key': SIM_GOOGLE_KEY,
      'X-Goog-FieldMask': PLACES_FIELD_MASK,
      ...headers,
    },
    body: JSON.stringify({ textQuery }),
  });
const nominatim = (q: string, ua = 'CineRadar-test/1') =>
  fetch(`${geo.nominatimBase}/search?${new URLSearchParams({ q, format: 'json', limit: '1', countrycodes: 'id' })}`, {
    headers: { 'user-agent': ua },
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('places', () => {
  it('one per theatre, the same on every build, within 12 km of the city centre', () => {
    const a = buildPlaces(day);
    expect(a).toEqual(buildPlaces(generateDay({ preset: 'tiny', date: DATE, seed: 7 })));
    expect(a).toHaveLength(day.theatres.length);
    for (const p of a) {
      expect(distanceKm(CITY_CENTRES[p.city]!, p.google)).toBeLessThanOrEqual(12.1);
      expect(distanceKm(CITY_CENTRES[p.namesake.city]!, p.namesake.at)).toBeLessThan(10);
      expect(p.namesake.city).not.toBe(p.city);
      expect(p.googleId).toMatch(/^ChIJ[\w-]{23}$/);
    }
  });
});

describe('Google Places simulator', () => {
  const p = () => geo.places[0]!;

  it('finds the theatre by "<name> cinema <City> Indonesia" and returns only the masked fields', async () => {
    const res = await search(googleTextQuery(p()));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { places: Record<string, unknown>[] };
    expect(body.places).toHaveLength(1);
    expect(Object.keys(body.places[0]!).sort()).toEqual(['displayName', 'formattedAddress', 'id', 'location']);
    expect(body.places[0]!.location).toEqual({ latitude: p().google.lat, longitude: p().google.lng });
  });

  it('answers {} (no `places` key) when nothing matches', async () => {
    const res = await search('NO SUCH THEATRE cinema Jakarta Indonesia');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });

  it('403 PERMISSION_DENIED for a missing or wrong key; 400 INVALID_ARGUMENT without a field mask or query', async () => {
    const bad = await search('x', { 'X-Goog-Api-Key': 'AIzaWrong' });
    expect(bad.status).toBe(403);
    expect(((await bad.json()) as { error: { status: string } }).error.status).toBe('PERMISSION_DENIED');
    const noMask = await fetch(`${geo.placesBase}/v1/places:searchText`, {
      method: 'POST',
      headers: { 'X-Goog-Api-Key': SIM_GOOGLE_KEY },
      body: '{"textQuery":"x"}',
    });
    expect(noMask.status).toBe(400);
    expect(((await noMask.json()) as { error: { status: string; code: number } }).error).toMatchObject({
      status: 'INVALID_ARGUMENT',
      code: 400,
    });
    expect((await search('')).status).toBe(400);
  });

  it('429 RESOURCE_EXHAUSTED with Retry-After, then without', async () => {
    geo.google.faults.rateLimited = { times: 1, retryAfterSeconds: 2 };
    const a = await search('x');
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('2');
    expect(((await a.json()) as { error: { status: string } }).error.status).toBe('RESOURCE_EXHAUSTED');
    geo.google.faults.rateLimited = { times: 1 };
    const b = await search('x');
    expect(b.status).toBe(429);
    expect(b.headers.get('retry-after')).toBeNull();
    expect((await search('x')).status).toBe(200);
  });

  it('the wrong-city fault answers with a namesake far away', async () => {
    geo.google.faults.wrongCity.add(p().theatreId);
    const body = (await (await search(googleTextQuery(p()))).json()) as {
      places: { location: { latitude: number; longitude: number } }[];
    };
    geo.google.faults.wrongCity.clear();
    const at = { lat: body.places[0]!.location.latitude, lng: body.places[0]!.location.longitude };
    expect(distanceKm(CITY_CENTRES[p().city]!, at)).toBeGreaterThan(300);
  });
});

describe('Nominatim simulator', () => {
  const p = () => geo.places[1]!;

  it('answers string coordinates for "<address>, <City>, Indonesia", [] when unknown, one request a second', async () => {
    await sleep(1000);
    const res = await nominatim(nominatimQuery({ name: p().name, address: p().address, city: p().city }));
    expect(res.status).toBe(200);
    const [hit] = (await res.json()) as { lat: unknown; lon: unknown }[];
    expect(typeof hit!.lat).toBe('string');
    expect(typeof hit!.lon).toBe('string');
    expect(Number(hit!.lat)).toBeCloseTo(p().osm.lat, 6);
    // too soon after the previous request: 429, counted as a violation
    const soon = await nominatim('Nowhere, Jakarta, Indonesia');
    expect(soon.status).toBe(429);
    expect(geo.nominatim.violations).toBe(1);
    await sleep(1000);
    expect(await (await nominatim('Nowhere, Jakarta, Indonesia')).json()).toEqual([]);
  });

  it('refuses a request without an identifying User-Agent (403)', async () => {
    await sleep(1000);
    expect((await nominatim('x, Jakarta, Indonesia', 'node')).status).toBe(403);
    expect((await nominatim('x, Jakarta, Indonesia', 'curl/8.5.0')).status).toBe(403);
  });
});
