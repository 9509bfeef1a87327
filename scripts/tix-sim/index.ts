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
 *
 * startSimulator's steps: (1) createState — the clock, the world, tokens, stats, faults and the API
 * that answers from them; (2) the request handlers — handleApi (control routes via handleControl,
 * then a TIX.id endpoint through the faults: cutOff, answerOf) and handleApp (login page, login
 * call, home page); (3) startServers — both servers listening; (4) simulatorHandle — what the
 * caller holds, whose close() is stopServers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { jakartaDate, type Clock } from '../../shared/clock.js';
import { TixApi, classify, fail, withWrongType, type ApiAnswer, type ApiRequest } from './api.js';
import { homePage, loginPage, typedPhoneMatches } from './app.js';
import type { DayIndex, Preset, SimDay } from './data.js';
import {
  FaultState,
  type Endpoint,
  type FaultName,
  type Faults,
  type FaultsInput,
  type RequestTarget,
} from './faults.js';
import { StatsCollector, type SimStats } from './stats.js';
import { TokenService, type MintOptions } from './tokens.js';
import { createWorld, dayTruth, type ShowTruth, type SimWorld } from './world.js';

export type { SimDay, SimShowtime, Preset } from './data.js';
export type { SimStats } from './stats.js';
export type { Faults, FaultsInput } from './faults.js';
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

/** What the servers and the handle share: the world, the simulated now and the switches a test turns. */
interface SimState {
  readonly clock: MovableClock;
  readonly world: SimWorld;
  /** The day of the start date (or of `date`). */
  readonly data: SimDay;
  readonly credentials: { phone: string; password: string };
  readonly tokens: TokenService;
  readonly stats: StatsCollector;
  readonly faults: FaultState;
  readonly api: TixApi;
  /** Base latency and jitter (ms) added to every API answer. */
  readonly latencyMs: number;
  readonly jitterMs: number;
  /** The answers the hang fault holds open, ended by the client or by close(). */
  readonly hanging: Set<ServerResponse>;
  loginDelayMs: number;
  /** Known once the API server listens; the login page calls it. */
  apiBase: string;
}

/** The start instant: `now`, else CINERADAR_NOW, else real time. */
function startInstant(opts: SimulatorOptions): Date {
  const envNow = process.env.CINERADAR_NOW;
  const start = opts.now !== undefined ? new Date(opts.now) : envNow ? new Date(envNow) : new Date();
  if (Number.isNaN(start.getTime())) throw new Error(`startSimulator: not an instant: ${String(opts.now ?? envNow)}`);
  return start;
}

/** Step 1: the clock, the world and the services the endpoints answer from. */
function createState(opts: SimulatorOptions): SimState {
  const start = startInstant(opts);
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
  return {
    clock,
    world,
    data,
    credentials,
    tokens,
    stats,
    faults,
    api,
    latencyMs: opts.latencyMs ?? 0,
    jitterMs: opts.jitterMs ?? 0,
    hanging: new Set(),
    loginDelayMs: opts.loginDelayMs ?? 5000,
    apiBase: '',
  };
}

type ControlAnswer = [status: number, body: unknown];

/** The control routes that read or move the simulator's switches: stats, faults, clock (undefined when none matches). */
async function switchRoute(sim: SimState, req: IncomingMessage, path: string): Promise<ControlAnswer | undefined> {
  const { stats, faults, clock } = sim;
  if (path === '/__sim/stats' && req.method === 'GET') return [200, stats.snapshot()];
  if (path === '/__sim/stats/reset' && req.method === 'POST') {
    stats.reset();
    return [200, { ok: true }];
  }
  if (path === '/__sim/faults') {
    if (req.method === 'GET') return [200, faults.get()];
    if (req.method === 'DELETE') {
      faults.clear();
      return [200, faults.get()];
    }
    if (req.method === 'POST') return [200, faults.set(JSON.parse((await readBody(req)) || '{}') as FaultsInput)];
  }
  if (path === '/__sim/faults/clear' && req.method === 'POST') {
    faults.clear();
    return [200, faults.get()];
  }
  if (path === '/__sim/clock') {
    if (req.method === 'POST') {
      const b = ClockBody.parse(JSON.parse((await readBody(req)) || '{}'));
      if ('set' in b) clock.set(b.set);
      else clock.advance(b.advance);
    }
    return [200, { now: clock.now().toISOString() }];
  }
  return undefined;
}

/** The control routes that read the ground truth: a show's, a date's (a bad `?at` is a 400 on any other route too). */
function truthRoute(sim: SimState, req: IncomingMessage, url: URL): ControlAnswer {
  const path = url.pathname;
  const at = atParamOf(url, sim.clock.now());
  const truth = /^\/__sim\/truth\/([^/]+)$/.exec(path);
  if (truth && req.method === 'GET') {
    const t = sim.api.truth(decodeURIComponent(truth[1]!), at);
    return t ? [200, t] : [404, { error: 'unknown showtime' }];
  }
  const day = /^\/__sim\/day\/(\d{4}-\d{2}-\d{2})$/.exec(path);
  if (day && req.method === 'GET')
    return [200, dayTruth(sim.world, day[1]!, url.searchParams.has('at') ? at : undefined)];
  return [404, { error: `no control route ${req.method} ${path}` }];
}

/** Step 2a: /__sim/* on the API host (never counted in stats); bad input is a 400 with its message. */
async function handleControl(sim: SimState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let answer: ControlAnswer;
  try {
    answer = (await switchRoute(sim, req, url.pathname)) ?? truthRoute(sim, req, url);
  } catch (err) {
    answer = [400, { error: err instanceof Error ? err.message : String(err) }];
  }
  send(res, answer[0], JSON.stringify(answer[1]));
}

/** One TIX.id API request on its way: what the fault steps and the answer step need. */
interface ApiCall {
  readonly sim: SimState;
  readonly endpoint: Endpoint | 'other';
  /** undefined for a path that is no endpoint: no fault applies to it. */
  readonly target: RequestTarget | undefined;
  readonly delayMs: number;
  readonly finish: (status: number | 'drop' | 'hang') => void;
}

type Answer = ApiAnswer | { status: number; raw: string; headers?: Record<string, string> };

const FORBIDDEN_PAGE =
  '<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>Access denied.</p></body></html>';

/** Whether fault `name` fires for this call (counted in stats when it does). */
function fired(call: ApiCall, name: FaultName): boolean {
  const hit = call.target !== undefined && call.sim.faults.fires(name, call.target);
  if (hit) call.sim.stats.fault(name);
  return hit;
}

/** The faults that leave no JSON answer: ipBlock (a 403 page), drop (socket destroyed), hang (never answered). True when one did. */
async function cutOff(call: ApiCall, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const { sim, delayMs, finish } = call;
  if (sim.faults.ipBlocked) {
    sim.stats.fault('ipBlock');
    if (delayMs > 0) await sleep(delayMs);
    finish(403);
    send(res, 403, FORBIDDEN_PAGE, { 'content-type': 'text/html; charset=utf-8' });
    return true;
  }
  if (fired(call, 'drop')) {
    if (delayMs > 0) await sleep(delayMs);
    finish('drop');
    req.socket.destroy();
    return true;
  }
  if (fired(call, 'hang')) {
    sim.hanging.add(res);
    res.on('close', () => {
      sim.hanging.delete(res);
      finish('hang');
    });
    return true;
  }
  return false;
}

/** A real 200 answer as a corrupting fault leaves it: successFalse, emptyPage (schedules), malformedJson, wrongType. */
function corrupted(call: ApiCall, endpoint: Endpoint, answer: ApiAnswer): Answer {
  if (fired(call, 'successFalse')) {
    const f = call.sim.faults.param('successFalse');
    return fail(f.status, f.code, f.message);
  }
  if (endpoint === 'schedules' && fired(call, 'emptyPage'))
    return { status: 200, body: { success: true, data: { theaters: [], has_next: true } } };
  if (fired(call, 'malformedJson')) {
    const text = JSON.stringify(answer.body);
    return { status: 200, raw: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
  }
  if (fired(call, 'wrongType')) return { status: 200, body: withWrongType(endpoint, answer) };
  return answer;
}

/** The answer: a refusing fault's (rateLimit, serverError), else the real one as the corrupting faults leave it. */
function answerOf(call: ApiCall, request: ApiRequest): Answer {
  const { faults, api } = call.sim;
  if (fired(call, 'rateLimit'))
    return {
      ...fail(429, 'TOO_MANY_REQUESTS', 'Too many requests'),
      headers: { 'retry-after': String(faults.param('rateLimit').retryAfterSeconds) },
    };
  if (fired(call, 'serverError')) {
    const status = faults.param('serverError').status;
    return status === 500
      ? fail(500, 'INTERNAL_SERVER_ERROR', 'Internal server error')
      : {
          status,
          raw: `<html><body><h1>${status} Service Unavailable</h1></body></html>`,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        };
  }
  const answer = api.handle(call.endpoint, request);
  return call.endpoint !== 'other' && answer.status === 200 ? corrupted(call, call.endpoint, answer) : answer;
}

/** Step 2b: the API host: control routes, CORS preflight, then a TIX.id endpoint through the faults. */
async function handleApi(sim: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  if (url.pathname.startsWith('/__sim/')) return handleControl(sim, req, res, url);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS);
    res.end();
    return;
  }
  const endpoint = classify(req.method ?? 'GET', url.pathname);
  const finish = sim.stats.begin(endpoint, req.headers);
  let body: string;
  try {
    body = await readBody(req);
  } catch {
    finish(413);
    send(res, 413, JSON.stringify(fail(413, 'BAD_REQUEST', 'body too large').body));
    return;
  }
  const { faults, api } = sim;
  const target = endpoint === 'other' ? undefined : { endpoint, cityId: api.cityOf(endpoint, url.searchParams) };
  const delayMs = sim.latencyMs + faults.jitter(sim.jitterMs) + (target ? faults.latencyMs(target) : 0);
  const call: ApiCall = { sim, endpoint, target, delayMs, finish };
  if (await cutOff(call, req, res)) return;
  const request = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
  };
  const answer = answerOf(call, request);
  if (delayMs > 0) await sleep(delayMs);
  finish(answer.status);
  send(res, answer.status, 'raw' in answer ? answer.raw : JSON.stringify(answer.body), answer.headers);
}

function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/** POST /__app/login: the login page's call; the configured credentials get an access and a refresh token. */
async function appLogin(sim: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { credentials, stats, tokens } = sim;
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
    const data = { token: tokens.mint('access'), refresh_token: tokens.mint('refresh') };
    send(res, 200, JSON.stringify({ success: true, data }));
  } else {
    stats.count('loginFailures');
    send(res, 401, JSON.stringify(fail(401, 'INVALID_CREDENTIAL', 'Phone number or password is incorrect').body));
  }
}

/** Step 2c: the app host: the login page and its call, the home page (Jakarta's movie list today). */
async function handleApp(sim: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  if (req.method === 'POST' && url.pathname === '/__app/login') return appLogin(sim, req, res);
  if (req.method !== 'GET') {
    res.writeHead(405).end();
    return;
  }
  if (url.pathname === '/login')
    return sendHtml(res, loginPage({ apiBase: sim.apiBase, loginDelayMs: sim.loginDelayMs }));
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  const idx: DayIndex = sim.api.today();
  const city = idx.day.cities.find((c) => c.name === 'JAKARTA') ?? idx.day.cities[0]!;
  const titles = (idx.moviesByCity.get(city.id) ?? []).map((m) => m.view.title);
  return sendHtml(res, homePage(city.name, titles));
}

/** A handler's thrown error is the simulator's bug: a 500 saying so, when the answer has not started. */
function guard(sim: SimState, handler: (sim: SimState, req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handler(sim, req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed)
        send(res, 500, JSON.stringify({ success: false, error: { message: String(err), code: 'SIMULATOR_BUG' } }));
    });
  };
}

interface Servers {
  api: Server;
  app: Server;
  apiBase: string;
  appBase: string;
}

/** Step 3: both servers listening (the API server closed again when the app's port fails). */
async function startServers(sim: SimState, opts: SimulatorOptions): Promise<Servers> {
  const host = opts.host ?? '127.0.0.1';
  const api = createServer(guard(sim, handleApi));
  const app = createServer(guard(sim, handleApp));
  api.keepAliveTimeout = 5000;
  const apiPort = await listen(api, host, opts.port ?? 0);
  let appPort: number;
  try {
    appPort = await listen(app, host, opts.appPort ?? 0);
  } catch (err) {
    api.close();
    throw err;
  }
  sim.apiBase = `http://${host}:${apiPort}`;
  return { api, app, apiBase: sim.apiBase, appBase: `http://${host}:${appPort}` };
}

/** Ends the hanging answers and every connection, then waits for both servers to close. */
async function stopServers(sim: SimState, servers: Servers): Promise<void> {
  for (const r of sim.hanging) r.destroy();
  const stop = (s: Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  await Promise.all([stop(servers.api), stop(servers.app)]);
}

/** Step 4: the handle a test, the demo or the bench holds. */
function simulatorHandle(sim: SimState, servers: Servers): Simulator {
  const { world, clock, faults, stats, tokens, api } = sim;
  let closed = false;
  return {
    apiBase: servers.apiBase,
    appBase: servers.appBase,
    data: sim.data,
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
    credentials: sim.credentials,
    setLoginDelay: (ms) => {
      sim.loginDelayMs = ms;
    },
    async close() {
      if (closed) return;
      closed = true;
      await stopServers(sim, servers);
    },
  };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const sim = createState(opts);
  const servers = await startServers(sim, opts);
  return simulatorHandle(sim, servers);
}
