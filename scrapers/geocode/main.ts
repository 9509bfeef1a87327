/**
 * `npm run geocode -- [--all] [--city NAME]… [--limit N] [--provider google|osm]`
 *
 * Coordinates for the theatres that have none (every theatre with --all): Google Places when
 * GOOGLE_MAPS_API_KEY is set, Nominatim otherwise or when Google finds nothing usable. Writes
 * `lat`, `lng`, `place_id`, `geo_source`, `geocoded_at` onto `theatres/{id}` and records a
 * `geocode` run. Exit 0 on success or partial, 1 when the run failed (e.g. the key was refused),
 * 2 on a usage or configuration error.
 */
import { argChoice, argCities, argInt, parseArgs } from '../../shared/args.js';
import { isMain, runCli, type Runtime } from '../../shared/runtime.js';
import { runGeocode } from './geocode.js';

export const USAGE = 'usage: geocode [--all] [--city NAME]… [--limit N] [--provider google|osm]';

export async function geocodeMain(rt: Runtime, argv: string[]): Promise<number> {
  const { values } = parseArgs(argv, {
    all: { type: 'boolean' },
    city: { type: 'string', multiple: true },
    limit: { type: 'string' },
    provider: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await runGeocode(
    { config: rt.config, store: rt.store, clock: rt.clock, log: rt.log },
    {
      all: values.all ?? false,
      cities: argCities(values.city)?.map((c) => c.name),
      limit: argInt(values.limit, '--limit', { min: 1 }),
      provider: argChoice(values.provider, '--provider', ['google', 'osm'], undefined),
    },
  );
  return result.summary.exitCode;
}

if (isMain(import.meta.url)) void runCli('geocode', geocodeMain);
