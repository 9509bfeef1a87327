/**
 * Shared set-up of the movies and schedules integration tests: the simulator over real HTTP, the
 * real client, a store on the Firestore emulator (one demo project per call), and helpers to read
 * documents back and compare days without their timestamps.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { OffsetClock, jakartaDate, type Clock } from '../../shared/clock.js';
import { loadConfig } from '../../shared/config.js';
import { createLogger, type Logger } from '../../shared/log.js';
import type { DocData, Store } from '../../shared/store/store.js';
import { createTixClient, type TixClient } from '../../shared/tix/client.js';
import { startSimulator, type Preset, type Simulator } from '../../scripts/tix-sim/index.js';
import { clearProject, emulatorStore, testProject, type RestValue } from '../helpers/firestore.js';

/** 06:00 WIB on a fixed day: the daily job's time. */
export const NOW = '2026-01-19T06:00:00+07:00';
export const DATE = jakartaDate(new Date(NOW));

export function quietLog(): Logger {
  return createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', format: 'json', destination: process.stderr });
}

export async function simulator(preset: Preset): Promise<Simulator> {
  return startSimulator({ preset, now: NOW, seed: 7 });
}

export function clientFor(sim: Simulator, log: Logger, clock: Clock): TixClient {
  const config = loadConfig(
    { TIX_API_BASE: sim.apiBase, TIX_APP_BASE: sim.appBase, TIX_RPS: '400', TIX_CONCURRENCY: '16' },
    false,
  );
  return createTixClient({ config, log, clock, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
}

/**
 * The hooks of a test file whose scenarios share one simulator: started before the first test,
 * its faults cleared after each, every world (emulator project, client) and the simulator closed
 * at the end. `newWorld` gives each scenario a fresh project.
 */
export function simulatorWorlds(preset: Preset): { readonly sim: Simulator; newWorld(name: string): World } {
  let current: Simulator | undefined;
  const worlds: World[] = [];
  beforeAll(async () => {
    current = await simulator(preset);
  });
  afterEach(() => current?.faults.clear());
  afterAll(async () => {
    for (const w of worlds) await w.close();
    await current?.close();
  });
  const started = (): Simulator => {
    if (!current) throw new Error('the simulator starts in beforeAll: use it inside a test');
    return current;
  };
  return {
    get sim() {
      return started();
    },
    newWorld(name: string) {
      const w = world(started(), name);
      worlds.push(w);
      return w;
    },
  };
}

export interface World {
  project: string;
  store: Store;
  client: TixClient;
  clock: Clock;
  log: Logger;
  close(): Promise<void>;
}

/** A fresh emulator project, store, client and clock for one scenario. */
export function world(sim: Simulator, name: string): World {
  const project = testProject(name);
  const store = emulatorStore(project);
  const log = quietLog();
  const clock = new OffsetClock(NOW);
  const client = clientFor(sim, log, clock);
  return {
    project,
    store,
    client,
    clock,
    log,
    async close() {
      client.close();
      await clearProject(project).catch(() => undefined);
      await store.close();
    },
  };
}

/** Instants that differ between two runs of the same day (ISO strings written "now"). */
const TIMESTAMP_FIELDS = new Set(['uploaded_at', 'scraped_at', 'last_seen', 'updated_at', 'created_at', 'run_id']);

/** A document without the fields that only record when it was written. */
export function withoutTimestamps(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimestamps);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([k]) => !TIMESTAMP_FIELDS.has(k))
        .map(([k, x]) => [k, withoutTimestamps(x)]),
    );
  }
  return v;
}

/** Every document the two scrapers write for a day, by path, without timestamps. */
export async function dayDocuments(store: Store, date: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const collections = [
    `snapshots`,
    `snapshots/${date}/cities`,
    `schedules/${date}/movies`,
    `schedules/${date}/showtimes`,
    'theatres',
  ];
  for (const c of collections) {
    for (const d of await store.list(c)) out[d.path] = withoutTimestamps(d.data);
  }
  return out;
}

/** Every run record of a type (`run_log`: the complete records; scraper_runs holds only what the admin reads). */
export async function runDocs(store: Store, runType: string): Promise<DocData[]> {
  return (await store.list('run_log', { where: { run_type: runType } })).map((d) => d.data);
}

// ---------------------------------------------------------------- REST value types

export function tagOf(v: RestValue): string {
  return Object.keys(v)[0]!;
}

/** Assert a REST value's type tag; returns the value for chaining. */
export function restField(fields: Record<string, RestValue> | undefined, name: string, tag: string): RestValue {
  const v = fields?.[name];
  if (!v) throw new Error(`field ${name} is missing`);
  if (tagOf(v) !== tag)
    throw new Error(`field ${name} is ${tagOf(v)}, expected ${tag}: ${JSON.stringify(v).slice(0, 200)}`);
  return v;
}

export function restMap(v: RestValue): Record<string, RestValue> {
  return ((v as { mapValue: { fields?: Record<string, RestValue> } }).mapValue.fields ?? {}) as Record<
    string,
    RestValue
  >;
}

export function restArray(v: RestValue): RestValue[] {
  return ((v as { arrayValue: { values?: RestValue[] } }).arrayValue.values ?? []) as RestValue[];
}

/** Every element of an array value has this tag. */
export function restArrayOf(fields: Record<string, RestValue> | undefined, name: string, tag: string): RestValue[] {
  const values = restArray(restField(fields, name, 'arrayValue'));
  for (const [i, x] of values.entries()) {
    if (tagOf(x) !== tag) throw new Error(`${name}[${i}] is ${tagOf(x)}, expected ${tag}`);
  }
  return values;
}
