/**
 * Everything the bench's scraper processes run against: the simulator (in this, the parent,
 * process, so its CPU is not the scraper's), the Firestore emulator (or, when none can be found,
 * the file store in a temporary directory), a project of its own, a seeded access token, and the
 * environment a scraper process gets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../shared/store/file-store.js';
import { FirestoreStore } from '../../shared/store/firestore-store.js';
import type { Store } from '../../shared/store/store.js';
import { loadDay } from '../../scrapers/seats/day.js';
import { normaliseMerchant, type Merchant } from '../../shared/tix/schemas.js';
import { clearEmulator, startEmulator, type RunningEmulator } from '../emulator.js';
import { startSimulator, type Simulator } from '../tix-sim/index.js';
import type { BenchCli } from './options.js';
import { busiestJitTick, type SimObservation, type SimulatorCounts } from './report.js';

export interface Show {
  showtimeId: string;
  merchant: Merchant;
  startsAt: number;
}

export interface BenchWorld {
  sim: Simulator;
  storeKind: 'firestore' | 'file';
  emulatorHost: string | undefined;
  projectId: string;
  dataDir: string | undefined;
  counts: SimulatorCounts;
  futureShows(at: Date): Show[];
  jitInstant(windowMinutes: number): { at: Date; count: number } | undefined;
  /** The shows the day's slot documents hold a morning record of (read by the seats morning phase, or started then). */
  morningInSlots(date: string): Promise<Set<string>>;
  childEnv(now: string): NodeJS.ProcessEnv;
  resetSimStats(): void;
  simStats(): SimObservation;
  mintAccessToken(): string;
  /** The bench's own handle on the store the scrapers write (retention is measured through it). */
  store: Store;
  close(keep: boolean): Promise<void>;
}

/** Every showtime of the simulator's day with its merchant and its start as an instant. */
export function showsOfSimulator(sim: Simulator): Show[] {
  const out: Show[] = [];
  for (const s of sim.data.showtimes) {
    const merchant = normaliseMerchant(s.merchant);
    if (!merchant) continue;
    out.push({ showtimeId: s.id, merchant, startsAt: Date.parse(s.startsAt) });
  }
  return out;
}

/** The simulator's statistics in the report's terms. */
export function simObservation(stats: ReturnType<Simulator['stats']>): SimObservation {
  return {
    requests: stats.requests,
    maxRps: stats.maxRps,
    maxInFlight: stats.maxInFlight,
    byEndpoint: { ...stats.byEndpoint },
  };
}

function decodeExp(jwt: string): string {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
  if (typeof payload.exp !== 'number') throw new Error('minted token has no exp');
  return new Date(payload.exp * 1000).toISOString();
}

/** What a UI login would have stored: the token manager's own document. */
export async function seedTokens(store: Store, sim: Simulator, at: Date): Promise<void> {
  const token = sim.tokens.mintAccess();
  const refresh = sim.tokens.mintRefresh();
  await store.set('auth_tokens/tix_jwt', {
    token,
    refresh_token: refresh,
    stored_at: at.toISOString(),
    phone: '',
    expires_at: decodeExp(token),
    refresh_expires_at: decodeExp(refresh),
    source: 'login',
  });
}

export async function openBenchWorld(o: BenchCli, note: (s: string) => void): Promise<BenchWorld> {
  const now = new Date(o.now);
  const sim = await startSimulator({
    preset: o.preset as 'tiny' | 'city' | 'national',
    seed: o.seed,
    now,
    latencyMs: o.latencyMs,
    jitterMs: o.jitterMs,
  });
  let emulator: RunningEmulator | undefined;
  let store: Store | undefined;
  let dataDir: string | undefined;
  const projectId = `demo-bench-${Date.now().toString(36)}`;
  try {
    try {
      emulator = await startEmulator();
      store = new FirestoreStore({ projectId, emulatorHost: emulator.host, real: false });
    } catch (err) {
      dataDir = mkdtempSync(join(tmpdir(), 'cineradar-bench-'));
      note(
        `no Firestore emulator (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); using the file store in ${dataDir}`,
      );
      store = new FileStore({ dataDir });
    }
    await seedTokens(store, sim, now);
  } catch (err) {
    await store?.close();
    await emulator?.stop();
    await sim.close();
    throw err;
  }

  const shows = showsOfSimulator(sim);
  const starts = shows.map((s) => s.startsAt);
  const future = shows.filter((s) => s.startsAt > now.getTime());
  const counts: SimulatorCounts = {
    cities: sim.data.cities.length,
    movies: sim.data.movies.length,
    theatres: sim.data.theatres.length,
    showtimes: shows.length,
    futureShowtimes: future.length,
    movieCityPairs: sim.data.movieCities.length,
  };
  const storeKind = emulator ? 'firestore' : 'file';
  return {
    sim,
    storeKind,
    emulatorHost: emulator?.host,
    projectId,
    dataDir,
    counts,
    futureShows: (at) => shows.filter((s) => s.startsAt > at.getTime()),
    jitInstant(windowMinutes) {
      const t = busiestJitTick(starts, now.getTime(), windowMinutes);
      return t ? { at: new Date(t.at), count: t.count } : undefined;
    },
    async morningInSlots(date) {
      const { records } = await loadDay(store!, date);
      return new Set([...records].filter(([, r]) => r.morning || r.started).map(([id]) => id));
    },
    childEnv(at) {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TIX_API_BASE: sim.apiBase,
        TIX_APP_BASE: sim.appBase,
        TIX_RPS: String(o.rps),
        TIX_CONCURRENCY: String(o.concurrency),
        CINERADAR_NOW: at,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        LOG_FORMAT: 'json',
      };
      if (emulator) {
        env.CINERADAR_STORE = 'firestore';
        env.FIRESTORE_EMULATOR_HOST = emulator.host;
        env.FIREBASE_PROJECT_ID = projectId;
      } else {
        env.CINERADAR_STORE = 'file';
        env.CINERADAR_DATA_DIR = dataDir;
      }
      return env;
    },
    resetSimStats: () => sim.resetStats(),
    simStats: () => simObservation(sim.stats()),
    mintAccessToken: () => sim.tokens.mintAccess(),
    store: store!,
    async close(keep) {
      await store?.close();
      if (emulator && !keep) await clearEmulator(emulator.host, projectId).catch(() => {});
      await emulator?.stop();
      if (dataDir && !keep) rmSync(dataDir, { recursive: true, force: true });
      await sim.close();
    },
  };
}
