/**
 * `npm run demo -- [--preset tiny|city|national] [--now ISO] [--store firestore|file] [--data-dir DIR]`
 *
 * The whole day on this machine, with no credentials and no network beyond 127.0.0.1:
 *  1. starts the TIX.id simulator (default preset `city`: Jakarta, ~1,600 showtimes, about a
 *     minute) with a demo-only fake account on its login page; the day goes to the file store under
 *     ./data/demo (kept, so the other commands can read it afterwards), or with --store firestore
 *     to the Firestore emulator (the one FIRESTORE_EMULATOR_HOST names, or a fresh one);
 *  2. pins the clock at CINERADAR_NOW (default: today 06:00 WIB) for the simulator and the scrapers;
 *  3. runs the day through the pipeline's own steps: token (a real Playwright login in Chromium on
 *     the simulator's login page; a simulator-minted token only when no Chromium exists), movies,
 *     schedules, seats morning; then moves the clock to the busiest JIT tick of the day and runs a
 *     JIT seat pass; then the daily summary, and the monthly geocoding (theatre coordinates) against
 *     the Google Places and Nominatim simulators;
 *  4. prints what was written and where: documents per collection, example paths, run statuses;
 *  5. writes the day's report page (npm run report) and ends with where the data and the page are.
 * Exit 0 when every step ran without failing, 1 otherwise, 2 on a usage or configuration error.
 * The options are defined once in `command`; the heavy modules are imported only once they are good.
 * `runDemo` reads as those steps: `sayPinned`, the simulators, `openDemoStore`, `demoRuntime`,
 * `demoToken`, `runDemoSteps`, `sayOutcome`, the report page and `sayClosing`; `closeDemo` stops
 * what it started.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArgsError, argChoice, argInstant, argInt } from '../shared/args.js';
import { defineCommand, isMain, parseCommand, startStandalone, USAGE_EXIT, type Parsed } from '../shared/cli.js';
import { addDaysToDate, envNow, jakartaDate } from '../shared/clock.js';
import type { Runtime } from '../shared/runtime.js';
import type { Store } from '../shared/store/store.js';
import { sixAmWib } from './bench/options.js';
import type { RunningEmulator } from './emulator.js';
import type { StepRecord } from './pipeline/outcome.js';
import type { Preset, Simulator } from './tix-sim/index.js';
import { SIM_PRESETS as PRESETS } from './tix-sim/presets.js';
import type { DemoGeocode } from './geo-sim/demo-step.js';
import type { GeoSimulators } from './geo-sim/index.js';
import type { DemoClock } from './demo/days.js';
import { counted } from '../shared/words.js';

/** A made-up account that exists only on the simulator's login page. Not a secret. */
export const DEMO_CREDENTIALS = { phone: '81234500001', password: 'demo-only-password' } as const;

export const command = defineCommand({
  name: 'demo',
  invoke: 'npm run demo --',
  summary:
    'the whole day against the simulator on this machine, no credentials; keeps it under ./data/demo and writes its report',
  description: `Starts the TIX.id simulator (a demo-only fake account on its login page), pins the clock, and runs
the day through the pipeline's own steps: token (a real Playwright login in Chromium), movies,
schedules, seats morning, a JIT pass at the busiest tick, the daily summary; then lists what was
written, writes the day's report page and ends with where the data and the page are. With --days N
it runs N days of the simulator's season, one after the other (JIT passes through each day, each
day's summary against the day before and a week before). The simulator's clock is frozen at each
pinned instant, so the same seed gives the same figures. The day goes to the file store (kept, so
the other commands can read it), or with --store firestore to the Firestore emulator. Nothing
leaves 127.0.0.1.`,
  options: {
    preset: {
      type: 'string',
      value: 'tiny|city|national',
      default: 'city',
      description: 'the simulated day (city: Jakarta, ~1,600 showtimes, about a minute)',
    },
    now: {
      type: 'string',
      value: 'ISO',
      defaultText: '$CINERADAR_NOW, else today 06:00 WIB',
      description: 'the pinned "now", with a zone (the first day\'s morning)',
    },
    days: {
      type: 'string',
      value: 'N',
      default: '1',
      description: 'days of the season to run, one after the other (8: a week and a day)',
    },
    seed: {
      type: 'string',
      value: 'N',
      default: '1',
      description: "the simulator's seed (same seed and --now, same figures)",
    },
    store: { type: 'string', value: 'firestore|file', default: 'file', description: 'where the day is written' },
    'data-dir': {
      type: 'string',
      value: 'DIR',
      default: 'data/demo',
      description: "the file store's directory (a previous demo's day there is replaced)",
    },
    report: {
      type: 'string',
      value: 'FILE',
      defaultText: 'reports/cineradar-{date}.html',
      description: 'where the report page goes',
    },
    'no-browser': { type: 'boolean', description: 'skip the Playwright login: the simulator mints the tokens' },
  },
  env: ['CINERADAR_NOW', 'CHROMIUM_PATH', 'FIRESTORE_EMULATOR_HOST', 'LOG_LEVEL', 'LOG_FORMAT', 'PATH'],
  exitCodes: { 0: 'every step ran without failing', 1: 'a step failed', ...USAGE_EXIT },
  examples: [
    'npm run demo',
    'npm run demo -- --preset tiny --no-browser --report /tmp/day.html',
    'npm run demo -- --preset tiny --days 8',
  ],
});

export interface DemoOptions {
  preset: Preset;
  now: string;
  /** Days of the season, from the date of `now` (1: the single day). */
  days: number;
  seed: number;
  store: 'firestore' | 'file';
  dataDir: string;
  browser: boolean;
  /** Where the report page goes (default reports/cineradar-{date}.html). */
  report?: string;
  help: boolean;
}

/** @deprecated the shared usage error; kept as a name for existing importers. */
export const DemoUsageError = ArgsError;

export function parseDemoArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  today = new Date(),
): DemoOptions {
  return demoOptions(
    parseCommand(
      command,
      argv.filter((a) => a !== '--'),
    ),
    env,
    today,
  );
}

/** The parsed arguments and the environment → the demo's options (a bad CINERADAR_NOW is a ConfigError). */
export function demoOptions(
  { values, help }: Parsed<typeof command.options>,
  env: Record<string, string | undefined>,
  today = new Date(),
): DemoOptions {
  const now = envNow(env) ?? sixAmWib(today);
  if (values['data-dir'] === '') throw new ArgsError('--data-dir needs a directory');
  return {
    preset: argChoice(values.preset, '--preset', PRESETS, 'city'),
    now: argInstant(values.now) ?? now,
    days: argInt(values.days, '--days', { min: 1, max: 31, fallback: 1 })!,
    seed: argInt(values.seed, '--seed', { min: 0, fallback: 1 })!,
    store: argChoice(values.store, '--store', ['firestore', 'file'], 'file'),
    dataDir: values['data-dir'],
    browser: !values['no-browser'],
    report: values.report,
    help,
  };
}

/** The collections the day writes, for the final listing (`{date}` filled in). */
export function demoCollections(date: string): string[] {
  return [
    'auth_tokens',
    'snapshots',
    `snapshots/${date}/cities`,
    `schedules/${date}/movies`,
    `schedules/${date}/showtimes`,
    'theatres',
    'seat_snapshots',
    `seat_days/${date}/slots`,
    'seat_index',
    'daily_summaries',
    `daily_admissions/${date}/movies`,
    'box_office',
    'scraper_runs',
    'run_log',
  ];
}

export interface CollectionListing {
  collection: string;
  count: number;
  examples: string[];
}

export async function listWritten(store: Store, date: string, examples = 2): Promise<CollectionListing[]> {
  const out: CollectionListing[] = [];
  for (const collection of demoCollections(date)) {
    // Only the paths are shown: no field is read (a day has ~12,800 seat snapshots with their layouts).
    const docs = await store.list(collection, { fields: [] });
    out.push({ collection, count: docs.length, examples: docs.slice(0, examples).map((d) => d.path) });
  }
  return out;
}

/** The listing as aligned text. */
export function listingText(rows: readonly CollectionListing[]): string {
  const width = Math.max(...rows.map((r) => r.collection.length));
  return rows
    .map(
      (r) =>
        `  ${r.collection.padEnd(width)}  ${String(r.count).padStart(6)}${r.examples.length ? `   e.g. ${r.examples.join(', ')}` : ''}`,
    )
    .join('\n');
}

/** The runs, one line each; more than 30 (several days) as one line per run type and status. */
export function runLines(runs: readonly { id: string; data: Record<string, unknown> }[]): string[] {
  if (runs.length <= 30) {
    const idWidth = Math.max(0, ...runs.map((r) => r.id.length));
    return runs.map((r) => `  ${r.id.padEnd(idWidth)}  ${String(r.data.status)}`);
  }
  const byKind = new Map<string, number>();
  for (const r of runs) {
    const key = `${String(r.data.run_type ?? r.id.replace(/^[\dT-]+_/, ''))} ${String(r.data.status)}`;
    byKind.set(key, (byKind.get(key) ?? 0) + 1);
  }
  return [...byKind].map(([k, n]) => `  ${String(n).padStart(4)} × ${k}`);
}

/** A Chromium Playwright can launch: CHROMIUM_PATH, `chromium` on PATH, or Playwright's own download. */
export async function chromiumAvailable(configured: string | undefined): Promise<string | undefined> {
  const { findChromium } = await import('../shared/token/login.js');
  try {
    const found = findChromium(configured);
    if (found) return found;
  } catch {
    return undefined;
  }
  try {
    const { chromium } = await import('playwright');
    const own = chromium.executablePath();
    return own && existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}

const sayOut = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

export interface DemoResult {
  exitCode: number;
  records: StepRecord[];
  written: CollectionListing[];
  storeKind: 'firestore' | 'file';
  login: 'browser' | 'minted';
  /** The day's report page (absolute path). */
  reportPath: string;
  /** The geocoding step (theatre coordinates from the geocoding simulators), when it ran. */
  geocode?: DemoGeocode;
  /** The simulator's clock at the end: the last instant the demo pinned (it stands still between pins). */
  simulatorClock: string;
}

/** The demo's last lines: where its day is and how the other commands read it. */
export function whereItIs(
  kind: 'firestore' | 'file',
  at: { dataDir: string; host?: string; owned?: boolean; projectId: string; date: string },
): string[] {
  if (kind === 'firestore' && at.owned) {
    return [
      `The emulator the demo started stops now, and the day's documents with it (the report below keeps the day).`,
      'To keep them: start an emulator (npx tsx scripts/emulator.ts), run the demo with FIRESTORE_EMULATOR_HOST set, or leave out --store firestore.',
    ];
  }
  const env =
    kind === 'firestore'
      ? `FIRESTORE_EMULATOR_HOST=${at.host} FIREBASE_PROJECT_ID=${at.projectId}`
      : `CINERADAR_DATA_DIR=${at.dataDir}`;
  return [
    kind === 'firestore'
      ? `Data: project ${at.projectId} of the Firestore emulator at ${at.host} (kept while it runs). The other commands read it with:`
      : `Data: JSON files under ${resolve(at.dataDir)} (kept until the next demo). The other commands read it with:`,
    `  ${env} npm run token -- status`,
    `  ${env} npm run report -- --date ${at.date}`,
  ];
}

async function seedMintedToken(store: Store, sim: Simulator): Promise<void> {
  const { TOKEN_DOC, tokenDocument } = await import('../shared/token/manager.js');
  const token = sim.tokens.mintAccess();
  const refresh = sim.tokens.mintRefresh();
  const doc = tokenDocument({ token, refreshToken: refresh, source: 'login', phone: '', storedAt: sim.clock.now() });
  await store.set(TOKEN_DOC, doc);
}

/** The heavy modules (simulator, emulator, store, scrapers, report), loaded once the options are good. */
async function loadDemoModules() {
  const [log, runtime, days, emulator, outcome, steps, report, tixSim] = await Promise.all([
    import('../shared/log.js'),
    import('../shared/runtime.js'),
    import('./demo/days.js'),
    import('./emulator.js'),
    import('./pipeline/outcome.js'),
    import('./pipeline/steps.js'),
    import('./report/write.js'),
    import('./tix-sim/index.js'),
  ]);
  const [geoSim, geoStep] = await Promise.all([import('./geo-sim/index.js'), import('./geo-sim/demo-step.js')]);
  return {
    createLogger: log.createLogger,
    maskPhone: log.maskPhone,
    createRuntime: runtime.createRuntime,
    DemoClock: days.DemoClock,
    runBusiestDay: days.runBusiestDay,
    runDays: days.runDays,
    daysTable: days.daysTable,
    clearEmulator: emulator.clearEmulator,
    startEmulator: emulator.startEmulator,
    pipelineExitCode: outcome.pipelineExitCode,
    stepTable: outcome.stepTable,
    verdict: outcome.verdict,
    steps,
    defaultReportPath: report.defaultReportPath,
    writeReport: report.writeReport,
    startSimulator: tixSim.startSimulator,
    startGeoSimulators: geoSim.startGeoSimulators,
    geocodeForDemo: geoStep.geocodeForDemo,
  };
}

type DemoModules = Awaited<ReturnType<typeof loadDemoModules>>;

/** What the demo's steps share: the options, the loaded modules, the simulators and the days' dates. */
interface DemoContext {
  o: DemoOptions;
  env: Record<string, string | undefined>;
  say: (line: string) => void;
  m: DemoModules;
  t0: number;
  /** The first day (the date of `now`) and the last: the report, the listing and the closing lines are about the last. */
  first: string;
  date: string;
  sim: Simulator;
  clock: DemoClock;
  geo: GeoSimulators;
  projectId: string;
  /** Set by `openDemoStore` with --store firestore, stopped by `closeDemo`. */
  emulator?: RunningEmulator;
  /** Set by `demoRuntime`, closed by `closeDemo`. */
  rt?: Runtime;
}

/** The demo's steps (the file's header lists them); everything it started is closed at the end. */
export async function runDemo(
  o: DemoOptions,
  env: Record<string, string | undefined> = process.env,
  say: (line: string) => void = sayOut,
): Promise<DemoResult> {
  const t0 = performance.now();
  const m = await loadDemoModules();
  const first = jakartaDate(new Date(o.now));
  const date = addDaysToDate(first, o.days - 1);
  sayPinned(o, first, date, say);
  const sim = await m.startSimulator({
    preset: o.preset,
    seed: o.seed,
    now: o.now,
    clockMode: 'frozen',
    loginDelayMs: 1500,
    credentials: { ...DEMO_CREDENTIALS },
  });
  const clock = new m.DemoClock(sim.clock, new Date(o.now));
  const geo = await m.startGeoSimulators({ day: sim.data }).catch(async (err: unknown) => {
    await sim.close();
    throw err;
  });
  const projectId = `demo-cineradar-${Date.now().toString(36)}`;
  const c: DemoContext = { o, env, say, m, t0, first, date, sim, clock, geo, projectId };
  try {
    return await demoDay(c);
  } finally {
    await closeDemo(c);
  }
}

/** The opening lines: the preset, the pinned clock and seed, and the days. */
function sayPinned(o: DemoOptions, first: string, date: string, say: (line: string) => void): void {
  say(
    `CineRadar demo: the ${o.preset} preset, clock pinned at ${o.now} (${first} in Asia/Jakarta)${o.days > 1 ? `, ${o.days} days to ${date}` : ''}, everything on 127.0.0.1.`,
  );
  say(
    `Pinned: the clock at ${o.now}${o.days > 1 ? ' and at the same time on each following day' : ''} (the simulator's clock stands still at each ` +
      `pinned instant), and the simulator's seed ${o.seed}: the same seed and --now give the same figures.`,
  );
}

/** Steps 1–5 once the simulators run: the store, the runtime, the token, the days, what was written, the report page. */
async function demoDay(c: DemoContext): Promise<DemoResult> {
  const { o, sim, m } = c;
  c.say(
    `Simulator: API ${sim.apiBase}, app ${sim.appBase}: ${counted(sim.data.cities.length, 'city', 'cities')}, ${sim.data.movies.length} movies, ` +
      `${sim.data.theatres.length} theatres, ${sim.data.showtimes.length} showtimes.`,
  );
  const storeKind = await openDemoStore(c);
  const browser = o.browser ? await chromiumAvailable(c.env.CHROMIUM_PATH) : undefined;
  const rt = await demoRuntime(c, storeKind, browser);
  await demoToken(c, rt.store, browser);
  const { records, geocode } = await runDemoSteps(c, rt);
  const written = await sayOutcome(c, rt.store, storeKind, records, geocode);
  const page = await m.writeReport(
    { store: rt.store, clock: rt.clock, log: rt.log },
    { date: c.date, out: o.report ?? m.defaultReportPath(c.date) },
  );
  sayClosing(c, storeKind, page.path);
  return {
    exitCode: m.pipelineExitCode(records) || (geocode?.status === 'failed' ? 1 : 0),
    records,
    written,
    storeKind,
    login: browser ? 'browser' : 'minted',
    reportPath: page.path,
    geocode,
    simulatorClock: sim.clock.now().toISOString(),
  };
}

/** The store: the Firestore emulator (the one named, or a fresh one), or an emptied file store directory. */
async function openDemoStore(c: DemoContext): Promise<'firestore' | 'file'> {
  const { o, say } = c;
  if (o.store === 'firestore') {
    const emulator = (c.emulator = await c.m.startEmulator({ env: c.env }));
    say(
      `Firestore emulator: ${emulator.host} (${emulator.owned ? 'started for the demo' : 'from FIRESTORE_EMULATOR_HOST'}), project ${c.projectId}.`,
    );
    return 'firestore';
  }
  rmSync(o.dataDir, { recursive: true, force: true });
  mkdirSync(o.dataDir, { recursive: true });
  say(`File store: JSON files under ${resolve(o.dataDir)} (a previous demo's day there is replaced).`);
  return 'file';
}

/** Only what the demo needs: nothing from the caller's environment can point it at real services. */
function demoEnvironment(
  c: DemoContext,
  storeKind: 'firestore' | 'file',
  browser: string | undefined,
): Record<string, string | undefined> {
  const { o, env, sim } = c;
  return {
    TIX_API_BASE: sim.apiBase,
    TIX_APP_BASE: sim.appBase,
    TIX_RPS: '50',
    TIX_CONCURRENCY: '16',
    CINERADAR_NOW: o.now,
    CINERADAR_STORE: storeKind,
    CINERADAR_DATA_DIR: o.dataDir,
    FIRESTORE_EMULATOR_HOST: c.emulator?.host,
    FIREBASE_PROJECT_ID: c.projectId,
    CHROMIUM_PATH: browser && env.CHROMIUM_PATH ? browser : undefined,
    TIX_PHONE_NUMBER: browser ? DEMO_CREDENTIALS.phone : undefined,
    TIX_PASSWORD: browser ? DEMO_CREDENTIALS.password : undefined,
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    LOG_FORMAT: env.LOG_FORMAT,
    ...c.geo.env,
  };
}

/** The pipeline's runtime on the demo's environment and pinned clock. */
async function demoRuntime(c: DemoContext, storeKind: 'firestore' | 'file', browser: string | undefined) {
  const demoEnv = demoEnvironment(c, storeKind, browser);
  c.rt = await c.m.createRuntime({
    env: demoEnv,
    clock: c.clock,
    log: c.m.createLogger({
      level: demoEnv.LOG_LEVEL,
      format: (demoEnv.LOG_FORMAT as 'json' | 'pretty' | undefined) ?? undefined,
    }),
  });
  return c.rt;
}

/** The token: a real Playwright login when a Chromium exists, else one the simulator mints. */
async function demoToken({ o, sim, say, m }: DemoContext, store: Store, browser: string | undefined): Promise<void> {
  if (browser) {
    say(
      `Token: a real Playwright login in Chromium (${browser}) on ${sim.appBase}/login with the demo-only account +${m.maskPhone(DEMO_CREDENTIALS.phone)}.`,
    );
    return;
  }
  say(
    o.browser
      ? 'Token: NO CHROMIUM FOUND (set CHROMIUM_PATH or install chromium), so the login is skipped: the simulator mints the tokens a login would have stored.'
      : 'Token: --no-browser, so the login is skipped: the simulator mints the tokens a login would have stored.',
  );
  await seedMintedToken(store, sim);
}

/** A step's line as it finishes: name, status, seconds, detail. */
function stepLine(r: StepRecord): string {
  return `  ${r.step.padEnd(13)} ${r.status.padEnd(8)} ${(r.durationMs / 1000).toFixed(1).padStart(5)} s  ${r.detail}`;
}

/** The day (or days) through the pipeline's steps, then the monthly geocoding when every step ran and none failed. */
async function runDemoSteps(c: DemoContext, rt: Runtime) {
  const { o, m, say } = c;
  const deps = { config: rt.config, store: rt.store, clock: rt.clock, log: rt.log };
  const session = await m.steps.openSession(deps);
  const records: StepRecord[] = [];
  let geocode: DemoGeocode | undefined;
  try {
    const ctx = {
      sim: c.sim,
      clock: c.clock,
      deps,
      session,
      steps: m.steps,
      say,
      report: (r: StepRecord) => say(stepLine(r)),
    };
    records.push(
      ...(o.days === 1 ? await m.runBusiestDay(ctx, c.first) : await m.runDays(ctx, new Date(o.now), o.days)),
    );
    if (m.pipelineExitCode(records) === 0 && !records.some((r) => r.status === 'not run')) {
      say('\nThe monthly theatre coordinates (npm run geocode, against the Google Places and Nominatim simulators):');
      geocode = await m.geocodeForDemo(deps, say);
    }
  } finally {
    session.close();
  }
  return { records, geocode };
}

/** The step table and verdict, what was written where, and the runs. */
async function sayOutcome(
  c: DemoContext,
  store: Store,
  storeKind: 'firestore' | 'file',
  records: StepRecord[],
  geocode: DemoGeocode | undefined,
): Promise<CollectionListing[]> {
  const { o, m, say } = c;
  // The table and verdict cover every step that ran, the geocoding too (its requests went to the geocoding simulators).
  const table = o.days === 1 ? records : m.daysTable(records, o.days);
  const rows = geocode ? [...table, geocode.row] : table;
  say(`\n${m.stepTable(rows)}\n\n${m.verdict(rows)}`);
  const written = await listWritten(store, c.date);
  const where =
    storeKind === 'firestore'
      ? `the Firestore emulator at ${c.emulator!.host}, project ${c.projectId}`
      : `JSON files under ${resolve(o.dataDir)}`;
  say(`\nWritten to ${where}:\n${listingText(written)}`);
  const runs = await store.list('run_log');
  say('\nRuns (run_log; the admin sees the movies run and the JIT hours in scraper_runs):');
  for (const line of runLines(runs)) say(line);
  return written;
}

/** The closing lines: how long it took, where the day is, where the report page is. */
function sayClosing(c: DemoContext, storeKind: 'firestore' | 'file', reportPath: string): void {
  const { o, say, emulator } = c;
  say(`\nDemo finished in ${((performance.now() - c.t0) / 1000).toFixed(0)} s.`);
  const at = { dataDir: o.dataDir, host: emulator?.host, owned: emulator?.owned, projectId: c.projectId, date: c.date };
  for (const line of whereItIs(storeKind, at)) say(line);
  say(`Report: ${reportPath}`);
}

/** Close what the demo started: the runtime, the emulator (its project cleared if the demo started it), the simulators. */
async function closeDemo({ rt, emulator, m, projectId, sim, geo }: DemoContext): Promise<void> {
  await rt?.close();
  if (emulator?.owned) await m.clearEmulator(emulator.host, projectId).catch(() => {});
  await emulator?.stop();
  await sim.close();
  await geo.close();
}

if (isMain(import.meta.url)) {
  void startStandalone({
    def: command,
    options: (parsed, env) => demoOptions(parsed, env),
    main: async (o) => (await runDemo(o)).exitCode,
  });
}
