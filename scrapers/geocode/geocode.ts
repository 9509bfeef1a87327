/**
 * The geocoder: coordinates for the admin's cinema map. A run (runGeocode), as its steps:
 *
 *   0. startRun (below)      the providers in order (providerOrder), their clients, the run record
 *   1. selectStep (below)    theatres/* without lat/lng (all with --all), by city, at most --limit
 *                                                                                    (select.ts)
 *   2–5. geocodeAll (below)  four theatres at a time, each through geocodeOne:
 *     2. cache     geocode_cache/{hash of city+name+address}: a known match (useCached), or the
 *                  providers already asked                                           (cache.ts)
 *     3. query     Google Places Text Search (when GOOGLE_MAPS_API_KEY is set), then Nominatim
 *                  when Google found nothing usable                                  (lookup.ts)
 *     4. validate  a match more than 50 km from the city's centre is refused and recorded
 *                                                                                    (lookup.ts)
 *     5. write     lat/lng (Doubles), place_id, geo_source, geocoded_at merged onto theatres/{id};
 *                  the cache entry (writeLookup; batches of batch.ts)                (write.ts)
 *   6. recordRun (below)     the counts and the status (geocodeStatus) of a `geocode` run
 *                            (RunRecorder); recordCrash when a step threw
 *
 * Each provider has its own limiter (Google 5/s, Nominatim one per 1.1 s) and the shared retry
 * policy. A refused key stops the run at once (failed, exit 1, the message names
 * GOOGLE_MAPS_API_KEY); any other provider error fails that theatre only.
 *
 * Once the run has started every way out returns the run record (`summary`); a crash is recorded
 * as a failed run and returned with `crashed` saying why. Only a configuration error found before
 * the start (a provider asked for without its key) is thrown.
 */
import pLimit from 'p-limit';
import { iso, jakartaDate, type Clock } from '../../shared/clock.js';
import { ConfigError, type Config } from '../../shared/config.js';
import type { Logger } from '../../shared/log.js';
import { RunRecorder, type RunRecord } from '../../shared/run/recorder.js';
import type { ClientRequestStats, EndpointCounters } from '../../shared/run/request-stats.js';
import type { RunStatus } from '../../shared/run/vocabulary.js';
import { GeocodeCacheDoc } from '../../shared/store/documents.js';
import type { Store } from '../../shared/store/store.js';
import { createPlacesClient } from '../../shared/geo/google.js';
import { createNominatimClient } from '../../shared/geo/nominatim.js';
import { GeoRefusedError, type GeoProviderName } from '../../shared/geo/http.js';
import type { Limiter } from '../../shared/http/limiter.js';
import type { RetryOptions } from '../../shared/http/retry.js';
import { CACHE_COLLECTION, cacheKey, planLookup, type CachePlan } from './cache.js';
import { lookupTheatre, type LookupResult, type Providers } from './lookup.js';
import { selectTheatres, THEATRE_FIELDS, type Selection, type Theatre } from './select.js';
import { alreadyHolds, cacheEntry, theatrePatch } from './write.js';
import { WriteBatcher } from './batch.js';

export interface GeocodeDeps {
  config: Pick<Config, 'geo' | 'githubStepSummary'>;
  store: Store;
  clock: Clock;
  log: Logger;
  /** Tests: other limiters (Google faster than in production; Nominatim's may not exceed 1/s). */
  limiters?: { google?: Limiter; osm?: Limiter };
  retry?: Partial<RetryOptions>;
}

export interface GeocodeOptions {
  all?: boolean;
  cities?: readonly string[];
  limit?: number;
  /** Only this provider (default: Google then Nominatim with a key, Nominatim alone without). */
  provider?: GeoProviderName;
}

export interface GeocodeResult {
  summary: RunRecord;
  selected: number;
  /** Theatres given coordinates by a lookup of this run. */
  geocoded: number;
  /** Theatres given coordinates from the cache. */
  fromCache: number;
  notFound: number;
  rejected: number;
  failed: number;
  /** HTTP requests sent to the providers (retries included). */
  requests: number;
  /** The run crashed (recorded as failed in `summary`): why. */
  crashed?: string;
}

/** The providers of a run, in the order they are asked. */
export function providerOrder(geo: Config['geo'], only: GeoProviderName | undefined): GeoProviderName[] {
  if (only === 'google' && !geo.googleKey) {
    throw new ConfigError('GOOGLE_MAPS_API_KEY', 'is not set, and --provider google needs it (or use --provider osm)');
  }
  if (only) return [only];
  return geo.googleKey ? ['google', 'osm'] : ['osm'];
}

interface Tally {
  geocoded: number;
  fromCache: number;
  notFound: number;
  rejected: number;
  failed: number;
  refused: GeoRefusedError | undefined;
}

/** The run's status: a refused key fails it; errors without any coordinates written fail it. */
export function geocodeStatus(t: Tally, selected: number): RunStatus {
  if (t.refused) return 'failed';
  if (t.failed > 0 && t.geocoded + t.fromCache === 0 && selected > 0) return 'failed';
  if (t.failed > 0 || t.rejected > 0) return 'partial';
  return 'success';
}

function openProviders(deps: GeocodeDeps, order: readonly GeoProviderName[]): Providers {
  const { geo } = deps.config;
  const common = { log: deps.log, retry: deps.retry };
  return {
    google: order.includes('google')
      ? createPlacesClient({ ...common, base: geo.placesBase, apiKey: geo.googleKey!, limiter: deps.limiters?.google })
      : undefined,
    osm: order.includes('osm')
      ? createNominatimClient({ ...common, base: geo.nominatimBase, limiter: deps.limiters?.osm })
      : undefined,
  };
}

/** Every cache entry; one that does not match its schema is ignored (looked up again) and logged. */
async function readCache(store: Store, log: Logger): Promise<Map<string, GeocodeCacheDoc>> {
  const out = new Map<string, GeocodeCacheDoc>();
  for (const d of await store.list(CACHE_COLLECTION)) {
    const parsed = GeocodeCacheDoc.safeParse(d.data);
    if (parsed.success) out.set(d.id, parsed.data);
    else
      log.warn(
        { path: d.path, problem: parsed.error.issues[0]?.message },
        `ignoring ${d.path}: not a cache entry (looked up again)`,
      );
  }
  return out;
}

type CachedMatch = Extract<CachePlan, { kind: 'cached' }>['found'];

/** What the steps of one run share. */
interface GeocodeRun {
  deps: GeocodeDeps;
  order: GeoProviderName[];
  providers: Providers;
  run: RunRecorder;
  tally: Tally;
}

/** What steps 2–5 share besides the run: the cache as read (and as written), the write batches. */
interface TheatreContext extends GeocodeRun {
  cache: Map<string, GeocodeCacheDoc>;
  writes: WriteBatcher;
}

/** Steps 2–5 for one theatre: the cache decides (a known match, nothing left to ask, a lookup). */
async function geocodeOne(t: Theatre, ctx: TheatreContext): Promise<void> {
  const key = cacheKey(t);
  const previous = ctx.cache.get(key);
  const plan = planLookup(previous, ctx.order);
  if (plan.kind === 'cached') return useCached(t, plan.found, ctx);
  if (plan.kind === 'exhausted') {
    ctx.tally.notFound++;
    ctx.run.skip(
      'theatre',
      theatreLabel(t),
      `no usable match from ${plan.tried.join(', ') || 'any provider'} (cached)`,
    );
    return;
  }
  const result = await lookupTheatre(t, plan.providers, ctx.providers);
  await writeLookup(t, key, previous, result, ctx);
}

function theatreLabel(t: Theatre): string {
  return `${t.id} ${t.name} (${t.city})`;
}

/** Step 5 from the cache: the known match, written only when the theatre does not hold it yet. */
async function useCached(t: Theatre, found: CachedMatch, ctx: TheatreContext): Promise<void> {
  if (!alreadyHolds(t, found)) {
    const data = theatrePatch(found, iso(ctx.deps.clock.now()));
    await ctx.writes.add({ path: `theatres/${t.id}`, data, merge: true });
  }
  ctx.tally.fromCache++;
}

/** Steps 4–5 after a lookup: refused matches recorded, the cache entry and the match written. */
async function writeLookup(
  t: Theatre,
  key: string,
  previous: GeocodeCacheDoc | undefined,
  result: LookupResult,
  ctx: TheatreContext,
): Promise<void> {
  const { run, tally, writes } = ctx;
  const label = theatreLabel(t);
  const now = iso(ctx.deps.clock.now());
  for (const reason of result.rejected) {
    tally.rejected++;
    run.fail('match', label, `wrong city, refused: ${reason}`);
  }
  if (result.tried.length) {
    const entry = cacheEntry(t, previous, result, now);
    await writes.add({ path: `${CACHE_COLLECTION}/${key}`, data: entry });
    ctx.cache.set(key, entry);
  }
  if (result.found) {
    await writes.add({ path: `theatres/${t.id}`, data: theatrePatch(result.found, now), merge: true });
    tally.geocoded++;
    run.count(`by_${result.found.source}`);
  } else if (result.errors.length) {
    tally.failed++;
    const why = result.errors.map((e) => (e.error instanceof Error ? e.error.message : String(e.error)));
    run.fail('theatre', label, why.join('; '));
  } else {
    tally.notFound++;
    run.skip('theatre', label, `no match from ${result.tried.join(', ')}`);
  }
}

/** Each provider's requests as one endpoint of the run's request statistics (no total: their sum is taken). */
function providerRequestStats(providers: Providers): ClientRequestStats {
  const endpoints: Record<string, EndpointCounters> = {};
  for (const [name, p] of [
    ['google', providers.google],
    ['osm', providers.osm],
  ] as const) {
    if (!p) continue;
    endpoints[name] = p.stats();
  }
  return { endpoints };
}

/** The run, as the steps the header lists. */
export async function runGeocode(deps: GeocodeDeps, opts: GeocodeOptions = {}): Promise<GeocodeResult> {
  const r = startRun(deps, opts);
  try {
    const selection = await selectStep(r, opts);
    await geocodeAll(r, selection.selected);
    return await recordRun(r, selection);
  } catch (err) {
    return await recordCrash(r, err);
  } finally {
    r.providers.google?.close();
    r.providers.osm?.close();
  }
}

/** The providers in order and their clients, the run record with the run's options. */
function startRun(deps: GeocodeDeps, opts: GeocodeOptions): GeocodeRun {
  const { store, clock, log } = deps;
  const order = providerOrder(deps.config.geo, opts.provider);
  const providers = openProviders(deps, order);
  const run = new RunRecorder({
    runType: 'geocode',
    store,
    clock,
    log,
    date: jakartaDate(clock.now()),
    stepSummaryPath: deps.config.githubStepSummary,
    requestStats: () => providerRequestStats(providers),
  });
  run.set({
    providers: order.join(','),
    all: opts.all ?? false,
    ...(opts.cities ? { only_cities: [...opts.cities] } : {}),
    ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
  });
  const tally: Tally = { geocoded: 0, fromCache: 0, notFound: 0, rejected: 0, failed: 0, refused: undefined };
  return { deps, order, providers, run, tally };
}

/** Step 1: the theatres to geocode; the unusable ones are skipped by name. */
async function selectStep(r: GeocodeRun, opts: GeocodeOptions): Promise<Selection> {
  const selection = selectTheatres(await r.deps.store.list('theatres', { fields: [...THEATRE_FIELDS] }), opts);
  const selected = selection.selected.length;
  for (const u of selection.unusable) r.run.skip('theatre', u.id, u.reason);
  r.deps.log.info(
    { selected, already_done: selection.alreadyDone, providers: r.order },
    `geocoding ${selected} theatres with ${r.order.join(' then ')}`,
  );
  return selection;
}

/**
 * Steps 2–5, four theatres at a time (each provider's limiter sets the real pace). A refused key
 * stops the theatres not started yet and is recorded once, against its provider.
 */
async function geocodeAll(r: GeocodeRun, theatres: readonly Theatre[]): Promise<void> {
  const cache = await readCache(r.deps.store, r.deps.log);
  const writes = new WriteBatcher(r.deps.store, (f) => {
    r.tally.failed++;
    r.run.fail('write', f.path, f.error);
  });
  const ctx: TheatreContext = { ...r, cache, writes };
  const pool = pLimit(4);
  await Promise.all(theatres.map((t) => pool(() => geocodeGuarded(t, ctx))));
  await writes.flush();
  if (r.tally.refused) r.run.fail('provider', r.tally.refused.provider, r.tally.refused);
}

/** One theatre, unless a key was refused; its error fails that theatre only, a refusal the run. */
async function geocodeGuarded(t: Theatre, ctx: TheatreContext): Promise<void> {
  if (ctx.tally.refused) return;
  try {
    await geocodeOne(t, ctx);
  } catch (err) {
    if (err instanceof GeoRefusedError) ctx.tally.refused ??= err;
    else {
      ctx.tally.failed++;
      ctx.run.fail('theatre', `${t.id} ${t.name}`, err);
    }
  }
}

/** Step 6: the counts and the status (geocodeStatus) into the run record. */
async function recordRun(r: GeocodeRun, selection: Selection): Promise<GeocodeResult> {
  const { run, tally } = r;
  const selected = selection.selected.length;
  run.set({ theatres_selected: selected, already_geocoded: selection.alreadyDone });
  run
    .count('geocoded', tally.geocoded)
    .count('from_cache', tally.fromCache)
    .count('not_found', tally.notFound)
    .count('rejected', tally.rejected);
  const summary = await run.finish({
    status: geocodeStatus(tally, selected),
    published: tally.geocoded + tally.fromCache,
    notes: tally.refused ? [`stopped: ${tally.refused.message}`] : undefined,
  });
  return { summary, selected, ...tally, requests: requestsSent(r.providers) };
}

/** A crash: recorded as a failed run and returned, saying why. */
async function recordCrash(r: GeocodeRun, err: unknown): Promise<GeocodeResult> {
  const summary = await r.run.abort(err);
  return {
    summary,
    selected: 0,
    ...r.tally,
    requests: requestsSent(r.providers),
    crashed: err instanceof Error ? err.message : String(err),
  };
}

/** HTTP requests sent to the providers so far, retries included. */
function requestsSent(providers: Providers): number {
  return Object.values(providerRequestStats(providers).endpoints).reduce((n, s) => n + s.requests, 0);
}
