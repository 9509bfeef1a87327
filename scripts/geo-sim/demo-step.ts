/**
 * The demo's geocoding step: `npm run geocode` against the Google Places and Nominatim simulators,
 * so the demo's theatres get coordinates like a deployment's after its monthly run. One line of
 * output in the demo's step format; Google is paced faster than in production (loopback only).
 */
import type { Clock } from '../../shared/clock.js';
import type { Config } from '../../shared/config.js';
import type { Logger } from '../../shared/log.js';
import type { RunStatus } from '../../shared/run/vocabulary.js';
import type { Store } from '../../shared/store/store.js';
import type { StepRow } from '../pipeline/outcome.js';
import { Limiter } from '../../shared/http/limiter.js';
import { runGeocode } from '../../scrapers/geocode/geocode.js';

export interface DemoGeocode {
  status: RunStatus;
  geocoded: number;
  requests: number;
  /** The step's row in the demo's final table (its requests go to the geocoding simulators, not TIX.id). */
  row: StepRow;
}

export async function geocodeForDemo(
  deps: { config: Config; store: Store; clock: Clock; log: Logger },
  say: (line: string) => void,
): Promise<DemoGeocode> {
  const t0 = performance.now();
  const r = await runGeocode({ ...deps, limiters: { google: new Limiter({ rps: 50, concurrency: 8 }) } });
  const durationMs = performance.now() - t0;
  const detail = `${r.geocoded} theatres given coordinates (${r.requests} requests to the Google Places simulator), ${r.notFound} without a match`;
  say(
    `  ${'geocode'.padEnd(13)} ${r.summary.status.padEnd(8)} ${(durationMs / 1000).toFixed(1).padStart(5)} s  ${detail}`,
  );
  const row: StepRow = {
    step: 'geocode',
    status: r.summary.status,
    durationMs,
    requests: r.requests,
    retries: 0,
    detail,
  };
  return { status: r.summary.status, geocoded: r.geocoded, requests: r.requests, row };
}
