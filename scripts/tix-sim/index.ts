/**
 * The TIX.id simulator: a faithful stand-in for api-b2b.tix.id and app.tix.id over real HTTP on
 * 127.0.0.1, for tests, the demo and the bench (`npm run sim` runs it standalone).
 *
 *   const sim = await startSimulator({ preset: 'tiny', now: '2026-01-19T06:00:00+07:00' });
 *   // sim.apiBase → TIX_API_BASE, sim.appBase → TIX_APP_BASE
 *   sim.data                       // the start date's day (cities, movies, movieCities, theatres, showtimes, …)
 *   sim.dayOf('2026-01-20')        // any other date's day of the season (season.ts); sim.world for truthOf/dayTruth
 *   sim.seatTruth(showtimeId, at?) // the show's truth at the simulated now (or at): sold, held, unavailable, capacity, price
 *   sim.clock.set(t) / advance(ms) // move the simulated now
 *   sim.faults.set({ serverError: { rate: 0.2, endpoints: ['schedules'], cityIds: [...] } }); sim.faults.clear()
 *   sim.stats() / sim.resetStats() // also GET /__sim/stats, POST /__sim/stats/reset
 *   sim.tokens.mintAccess() / mintRefresh() / mintGuest() / revoke(token) / revokeAllAccess()
 *   await sim.close()
 *
 * Options (`SimulatorOptions`): preset (`tiny` | `city` | `national`, default national), seed (1),
 * port / appPort (0 = any free port), host (127.0.0.1), now (start instant; default CINERADAR_NOW,
 * else real time), clockMode (`frozen` — the default when `now` is given — or `running`, the default
 * otherwise, which ticks with real time from the start instant like the pipeline's OffsetClock), date
 * (the Asia/Jakarta day `data` holds; default the date of now; every other date is served too, the
 * movie list following the clock's date), loginDelayMs (blank start of /login;
 * default 5000), credentials ({phone, password}; phone national or with 62/+62; default
 * `DEFAULT_CREDENTIALS`), latencyMs / jitterMs (added to every API answer), faults (initial switches,
 * see faults.ts).
 *
 * Control endpoints on the API host (never counted in stats): GET /__sim/stats,
 * POST /__sim/stats/reset, GET|POST|DELETE /__sim/faults (POST merges the JSON body),
 * GET|POST /__sim/clock ({set: ISO} or {advance: ms}), GET /__sim/truth/{showtimeId}[?at=ISO] (the
 * show's truth, world.ts `ShowTruth`; 404 for an unknown id), GET /__sim/day/{date}[?at=ISO] (that
 * date's truth by movie, world.ts `dayTruth`). These routes are the simulator's own, not TIX.id's.
 * Endpoint behaviour and the choices made where the real API's behaviour is not known: api.ts, tokens.ts, seats.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { jakartaDate, type Clock } from '../../shared/clock.js';
import { TixApi, classify, fail, withWrongType, type ApiAnswer } from './api.js';
import { homePage, loginPage, typedPhoneMatches } from './app.js';
import type { DayIndex, Preset, SimDay } from './data.js';
import { FaultState, type Faults, type FaultsInput, type RequestTarget } from './faults.js';
import { StatsCollector, type SimStats } from './stats.js';
import { TokenService, type MintOptions } from './tokens.js';
import { createWorld, dayTruth, type ShowTruth, type SimWorld } from './world.js';

export type { SimDay, SimShowtime, SimTheatre, SimMovie, SimCity, SimMovieCity, Preset } from './data.js';
export type { SimStats } from './stats.js';
export type { Faults, FaultsInput, Endpoint } from './faults.js';
export type { SeatTruth } from './seats.js';
export type { ShowTruth, SimWorld } from './world.js';

/** The account the login page accepts when none is configured (a fake one, for the standalone simulator). */
export const DEFAULT_CREDENTIALS = { phone: '81200000000', password: 'cineradar-sim' } as const;

export interface SimulatorOptions {
  preset?: Preset;
  seed?: number | string;
  host?: string;
  port?: number;
  appPort?: number;
  now?: Date | string;
  clockMode?: 'frozen' | 'running';
  date?: string;
  loginDelayMs?: number;
  credentials?: { phone: string; password: string };
  latencyMs?: number;
  jitterMs?: number;
  faults?: FaultsInput;
}

export interface SimClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export interface Simulator {
  apiBase: string;
  appBase: string;
  /** The day of the start date (or of `date`). */
  data: SimDay;
  /** Every date of the season, and what `truthOf` / `dayTruth` take. */
  world: SimWorld;
  dayOf(date: string): SimDay;
  clock: SimClock;
  faults: { set(partial: FaultsInput): Faults; clear(): void; get(): Faults };
  stats(): SimStats;
  resetStats(): void;
  tokens: {
    mintAccess(opts?: MintOptions): string;
    mintRefresh(opts?: MintOptions): string;
    mintGuest(opts?: MintOptions): string;
    revoke(token: string): void;
    revokeAllAccess(): void;
  };
  /** Ground truth of a showtime at `at` (default the simulated now): seats (total, available, unavailable = sold + held), price; undefined when unknown. */
  seatTruth(showtimeId: string, at?: Date): ShowTruth | undefined;
  credentials: { phone: string; password: string };
  setLoginDelay(ms: number): void;
  close(): Promise<void>;
}

/** Simulated now: frozen, or running with real time, from a start instant; movable either way. */
class MovableClock implements SimClock {
  private base: number;
  private anchor = Date.now();
  constructor(
    start: Date,
    private readonly running: boolean,
  ) {
    this.base = start.getTime();
  }
  now(): Date {
    return new Date(this.running ? this.base + (Date.now() - this.anchor) : this.base);
  }
  /** Frozen or running, the simulator's clock is pinned: at the instant it was last set to. */
  pinnedAt(): Date {
    return new Date(this.base);
  }
  set(at: Date | string): void {
    const t = new Date(at).getTime();
    if (Number.isNaN(t)) throw new Error(`clock.set: not an instant: ${String(at)}`);
    this.base = t;
    this.anchor = Date.now();
  }
  advance(ms: number): void {
    this.set(new Date(this.now().getTime() + ms));
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
};

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...CORS, ...headers });
  res.end(body);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** `?at=ISO` of a control route (default the simulated now); a bad instant is a 400. */
function atParamOf(url: URL, now: Date): Date {
  const text = url.searchParams.get('at');
  if (text === null) return now;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error(`at: not an instant: ${text}`);
  return at;
}

const ClockBody = z.union([z.strictObject({ set: z.string() }), z.strictObject({ advance: z.number() })]);

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const envNow = process.env.CINERADAR_NOW;
  const start = opts.now !== undefined ? new Date(opts.now) : envNow ? new Date(envNow) : new Date();
  if (Number.isNaN(start.getTime())) throw new Error(`startSimulator: not an instant: ${String(opts.now ?? envNow)}`);
  const clock = new MovableClock(
    start,
    (opts.clockMode ?? (opts.now !== undefined ? 'frozen' : 'running')) === 'running',
  );
  const now = () => clock.now();

  const world = createWorld({ preset: opts.preset ?? 'national', seed: opts.seed ?? 1 });
  const data = world.dayOf(opts.date ?? jakartaDate(start)).day;
  const credentials = opts.credentials ?? { ...DEFAULT_CREDENTIALS };
  const tokens = new TokenService(now, 'user');
  const stats = new StatsCollector();
  const faults = new FaultState(data.seed, () => tokens.revokeAllAccess());
  if (opts.faults) faults.set(opts.faults);
  const api = new TixApi(world, now, tokens, {
    guest: () => stats.count('guestTokens'),
    refresh: () => stats.count('refreshes'),
  });
  let loginDelayMs = opts.loginDelayMs ?? 5000;
  const baseLatency = opts.latencyMs ?? 0;
  const baseJitter = opts.jitterMs ?? 0;
  const host = opts.host ?? '127.0.0.1';
  const hanging = new Set<ServerResponse>();
  const atParam = (url: URL) => atParamOf(url, clock.now());

  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const json = (status: number, v: unknown) => send(res, status, JSON.stringify(v));
    try {
      if (path === '/__sim/stats' && req.method === 'GET') return json(200, stats.snapshot());
      if (path === '/__sim/stats/reset' && req.method === 'POST') {
        stats.reset();
        return json(200, { ok: true });
      }
      if (path === '/__sim/faults') {
        if (req.method === 'GET') return json(200, faults.get());
        if (req.method === 'DELETE') {
          faults.clear();
          return json(200, faults.get());
        }
        if (req.method === 'POST')
          return json(200, faults.set(JSON.parse((await readBody(req)) || '{}') as FaultsInput));
      }
      if (path === '/__sim/faults/clear' && req.method === 'POST') {
        faults.clear();
        return json(200, faults.get());
      }
      if (path === '/__sim/clock') {
        if (req.method === 'POST') {
          const b = ClockBody.parse(JSON.parse((await readBody(req)) || '{}'));
          if ('set' in b) clock.set(b.set);
          else clock.advance(b.advance);
        }
        return json(200, { now: clock.now().toISOString() });
      }
      const at = atParam(url);
      const truth = /^\/__sim\/truth\/([^/]+)$/.exec(path);
      if (truth && req.method === 'GET') {
        const t = api.truth(decodeURIComponent(truth[1]!), at);
        return t ? json(200, t) : json(404, { error: 'unknown showtime' });
      }
      const day = /^\/__sim\/day\/(\d{4}-\d{2}-\d{2})$/.exec(path);
      if (day && req.method === 'GET')
        return json(200, dayTruth(world, day[1]!, url.searchParams.has('at') ? at : undefined));
      return json(404, { error: `no control route ${req.method} ${path}` });
    } catch (err) {
      return json(400, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname.startsWith('/__sim/')) return control(req, res, url);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const endpoint = classify(req.method ?? 'GET', url.pathname);
    const finish = stats.begin(endpoint, req.headers);
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      finish(413);
      send(res, 413, JSON.stringify(fail(413, 'BAD_REQUEST', 'body too large').body));
      return;
    }
    const target: RequestTarget | undefined =
      endpoint === 'other' ? undefined : { endpoint, cityId: api.cityOf(endpoint, url.searchParams) };
    const delay = baseLatency + faults.jitter(baseJitter) + (target ? faults.latencyMs(target) : 0);
    const fired = (name: Parameters<FaultState['fires']>[0]) => {
      const hit = target !== undefined && faults.fires(name, target);
      if (hit) stats.fault(name);
      return hit;
    };

    if (faults.ipBlocked) {
      stats.fault('ipBlock');
      if (delay > 0) await sleep(delay);
      finish(403);
      send(
        res,
        403,
        '<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>Access denied.</p></body></html>',
        {
          'content-type': 'text/html; charset=utf-8',
        },
      );
      return;
    }
    if (fired('drop')) {
      if (delay > 0) await sleep(delay);
      finish('drop');
      req.socket.destroy();
      return;
    }
    if (fired('hang')) {
      hanging.add(res);
      res.on('close', () => {
        hanging.delete(res);
        finish('hang');
      });
      return;
    }
    let answer: ApiAnswer | { status: number; raw: string; headers?: Record<string, string> };
    if (fired('rateLimit')) {
      const f = faults.param('rateLimit');
      answer = {
        ...fail(429, 'TOO_MANY_REQUESTS', 'Too many requests'),
        headers: { 'retry-after': String(f.retryAfterSeconds) },
      };
    } else if (fired('serverError')) {
      const status = faults.param('serverError').status;
      answer =
        status === 500
          ? fail(500, 'INTERNAL_SERVER_ERROR', 'Internal server error')
          : {
              status,
              raw: `<html><body><h1>${status} Service Unavailable</h1></body></html>`,
              headers: { 'content-type': 'text/html; charset=utf-8' },
            };
    } else {
      answer = api.handle(endpoint, {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      });
      if (endpoint !== 'other' && answer.status === 200) {
        if (fired('successFalse')) {
          const f = faults.param('successFalse');
          answer = fail(f.status, f.code, f.message);
        } else if (endpoint === 'schedules' && fired('emptyPage')) {
          answer = { status: 200, body: { success: true, data: { theaters: [], has_next: true } } };
        } else if (fired('malformedJson')) {
          const text = JSON.stringify(answer.body);
          answer = { status: 200, raw: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
        } else if (fired('wrongType')) {
          answer = { status: 200, body: withWrongType(endpoint, answer) };
        }
      }
    }
    if (delay > 0) await sleep(delay);
    finish(answer.status);
    send(res, answer.status, 'raw' in answer ? answer.raw : JSON.stringify(answer.body), answer.headers);
  }

  async function handleApp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const html = (s: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(s);
    };
    if (req.method === 'POST' && url.pathname === '/__app/login') {
      let phone = '';
      let password = '';
      try {
        const b = JSON.parse(await readBody(req)) as { phone?: unknown; password?: unknown };
        phone = typeof b.phone === 'string' ? b.phone : '';
        password = typeof b.password === 'string' ? b.password : '';
      } catch {
        /* an empty login fails below */
      }
      if (typedPhoneMatches(phone, credentials.phone) && password === credentials.password) {
        stats.count('logins');
        send(
          res,
          200,
          JSON.stringify({
            success: true,
            data: { token: tokens.mint('access'), refresh_token: tokens.mint('refresh') },
          }),
        );
      } else {
        stats.count('loginFailures');
        send(res, 401, JSON.stringify(fail(401, 'INVALID_CREDENTIAL', 'Phone number or password is incorrect').body));
      }
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === '/login') return html(loginPage({ apiBase, loginDelayMs }));
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const idx: DayIndex = api.today();
    const city = idx.day.cities.find((c) => c.name === 'JAKARTA') ?? idx.day.cities[0]!;
    const titles = (idx.moviesByCity.get(city.id) ?? []).map((m) => m.view.title);
    return html(homePage(city.name, titles));
  }

  const guard =
    (fn: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse) => {
      fn(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed)
          send(res, 500, JSON.stringify({ success: false, error: { message: String(err), code: 'SIMULATOR_BUG' } }));
      });
    };
  const apiServer = createServer(guard(handleApi));
  const appServer = createServer(guard(handleApp));
  apiServer.keepAliveTimeout = 5000;
  const apiPort = await listen(apiServer, host, opts.port ?? 0);
  let appPort: number;
  try {
    appPort = await listen(appServer, host, opts.appPort ?? 0);
  } catch (err) {
    apiServer.close();
    throw err;
  }
  const apiBase = `http://${host}:${apiPort}`;
  const appBase = `http://${host}:${appPort}`;

  let closed = false;
  return {
    apiBase,
    appBase,
    data,
    world,
    dayOf: (date) => world.dayOf(date).day,
    clock,
    faults: { set: (p) => faults.set(p), clear: () => faults.clear(), get: () => faults.get() },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    tokens: {
      mintAccess: (o) => tokens.mint('access', o),
      mintRefresh: (o) => tokens.mint('refresh', o),
      mintGuest: (o) => tokens.mint('guest', o),
      revoke: (t) => tokens.revoke(t),
      revokeAllAccess: () => tokens.revokeAllAccess(),
    },
    seatTruth: (id, at) => api.truth(id, at),
    credentials,
    setLoginDelay: (ms) => {
      loginDelayMs = ms;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const r of hanging) r.destroy();
      const stop = (s: Server) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      await Promise.all([stop(apiServer), stop(appServer)]);
    },
  };
}
