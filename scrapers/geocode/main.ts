/**
 * `npm run geocode -- [--all] [--city NAME]… [--limit N] [--provider google|osm]`
 *
 * Coordinates for the theatres that have none (every theatre with --all): Google Places when
 * GOOGLE_MAPS_API_KEY is set, Nominatim otherwise or when Google finds nothing usable. Writes
 * `lat`, `lng`, `place_id`, `geo_source`, `geocoded_at` onto `theatres/{id}` and records a
 * `geocode` run. The options are defined once in `command`; the geocoder is imported only once the
 * arguments and configuration are good.
 */
import { argChoice, argCities, argInt } from '../../shared/args.js';
import { defineCommand, isMain, LOG_ENV, startCommand, STORE_ENV, USAGE_EXIT, type Parsed } from '../../shared/cli.js';
import type { Runtime } from '../../shared/runtime.js';
import { cityOption } from '../../shared/scrape-cli.js';
import type { GeocodeOptions } from './geocode.js';

export const command = defineCommand({
  name: 'geocode',
  invoke: 'npm run geocode --',
  summary: 'theatre coordinates (Google Places, Nominatim) → lat, lng, place_id on theatres/*',
  docs: 'docs/operations.md#geocoding-theatre-coordinates',
  description:
    'Looks up the theatres without coordinates (all with --all): Google Places Text Search when GOOGLE_MAPS_API_KEY is set, ' +
    'Nominatim (1 request/s) otherwise or when Google finds nothing usable. A match more than 50 km from its city is refused ' +
    'and recorded. Answers are cached in geocode_cache, so a theatre is never looked up twice.',
  options: {
    all: {
      type: 'boolean',
      description: 'every theatre, not only those without coordinates (cached answers cost nothing)',
    },
    city: cityOption('every city'),
    limit: { type: 'string', value: 'N', description: 'at most N theatres' },
    provider: {
      type: 'string',
      value: 'google|osm',
      defaultText: 'google then osm with a key, osm without',
      description: 'only this provider',
    },
  },
  env: [
    'GOOGLE_MAPS_API_KEY',
    'GOOGLE_PLACES_BASE',
    'NOMINATIM_BASE',
    ...STORE_ENV,
    'CINERADAR_NOW',
    ...LOG_ENV,
    'GITHUB_STEP_SUMMARY',
  ],
  exitCodes: {
    0: 'success, or partial (some matches refused or lookups failed; the run lists them)',
    1: 'the run failed (e.g. the key was refused)',
    ...USAGE_EXIT,
  },
  examples: ['npm run geocode', 'npm run geocode -- --city JAKARTA --provider osm --limit 20'],
});

export function geocodeOptions({ values }: Parsed<typeof command.options>): GeocodeOptions {
  return {
    all: values.all ?? false,
    cities: argCities(values.city)?.map((c) => c.name),
    limit: argInt(values.limit, '--limit', { min: 1 }),
    provider: argChoice(values.provider, '--provider', ['google', 'osm'], undefined),
  };
}

export async function runGeocodeCli(rt: Runtime, o: GeocodeOptions): Promise<number> {
  const { runGeocode } = await import('./geocode.js');
  const result = await runGeocode({ config: rt.config, store: rt.store, clock: rt.clock, log: rt.log }, o);
  return result.summary.exitCode;
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, GeocodeOptions>({
    def: command,
    options: geocodeOptions,
    run: runGeocodeCli,
    starting: (o) => `geocode: starting${o.all ? ' (all theatres)' : ''}${o.cities ? ` (${o.cities.join(', ')})` : ''}`,
  });
}
