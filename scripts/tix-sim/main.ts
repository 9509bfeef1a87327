/**
 * `npm run sim -- [options]`: the TIX.id simulator standalone until Ctrl-C; prints its base URLs
 * (use them as TIX_API_BASE and TIX_APP_BASE) and its login account. The clock follows --now,
 * else CINERADAR_NOW, else real time, and runs with real time unless --frozen.
 *
 * The options are defined once in `command`; the simulator (data generation, servers) is
 * imported only once they are good.
 */
import { ArgsError, argChoice, argInstant, argInt, argNumber } from '../../shared/args.js';
import { envNow } from '../../shared/clock.js';
import { defineCommand, isMain, startStandalone, USAGE_EXIT, type Parsed } from '../../shared/cli.js';
import type { FaultsInput } from './faults.js';
import type { SimulatorOptions } from './index.js';
import { SIM_PRESETS } from './presets.js';
import { counted } from '../../shared/words.js';

export { SIM_PRESETS };

const rateOption = (what: string) =>
  ({ type: 'string', value: 'R', description: `share of requests (0..1) answered with ${what}` }) as const;

export const command = defineCommand({
  name: 'sim',
  invoke: 'npm run sim --',
  summary: 'the TIX.id simulator, standalone on 127.0.0.1 until Ctrl-C',
  description: `Serves a generated day (cities, movies, theatres, showtimes, seat maps) with the TIX.id API's shapes,
and a login page. Prints TIX_API_BASE and TIX_APP_BASE to use with the other commands, and the login
account: the built-in one is a fake demo account (not a secret), printed in full so it can be typed
at the login page.`,
  options: {
    port: { type: 'string', value: 'N', default: '8787', description: 'API port (0: any free one)' },
    'app-port': { type: 'string', value: 'N', default: '8788', description: 'login page port (0: any free one)' },
    preset: { type: 'string', value: 'tiny|city|national', default: 'national', description: 'the data set' },
    seed: { type: 'string', value: 'S', default: '1', description: 'generator seed (same seed, same day)' },
    now: {
      type: 'string',
      value: 'ISO',
      defaultText: '$CINERADAR_NOW, else real time',
      description: 'the simulated "now", with a zone',
    },
    frozen: { type: 'boolean', description: 'keep the clock still instead of running with real time' },
    latency: { type: 'string', value: 'MS', defaultText: '0', description: 'added round-trip time per request' },
    jitter: { type: 'string', value: 'MS', defaultText: '0', description: '± jitter on the latency' },
    'login-delay': {
      type: 'string',
      value: 'MS',
      defaultText: '5000',
      description: 'how long the login page takes to answer',
    },
    phone: {
      type: 'string',
      value: 'P',
      defaultText: 'the built-in fake account',
      description: 'account phone for the login page (with --password)',
    },
    password: { type: 'string', value: 'W', description: 'account password (with --phone)' },
    'fail-rate': rateOption('HTTP 500'),
    'rate-limit-rate': rateOption('HTTP 429'),
    'drop-rate': rateOption('a dropped connection'),
    'hang-rate': rateOption('no answer at all'),
    'ip-block': { type: 'boolean', description: 'answer every request with the block page TIX.id shows a banned IP' },
    faults: {
      type: 'string',
      value: 'JSON',
      description: 'fault switches as JSON, e.g. \'{"serverError":{"rate":0.1}}\'',
    },
  },
  env: ['CINERADAR_NOW'],
  exitCodes: { 0: 'stopped with Ctrl-C or SIGTERM', 1: 'could not start (e.g. the port is taken)', ...USAGE_EXIT },
  examples: [
    'npm run sim -- --preset tiny --port 0 --app-port 0',
    'npm run sim -- --preset city --now 2026-01-19T06:00:00+07:00 --frozen --fail-rate 0.05',
  ],
});

export interface SimCliOptions {
  sim: SimulatorOptions & { preset: (typeof SIM_PRESETS)[number] };
  frozen: boolean;
  /** True when the login account is the built-in fake one (printed in full). */
  builtInAccount: boolean;
}

export function simOptions({ values }: Parsed<typeof command.options>, env: NodeJS.ProcessEnv): SimCliOptions {
  const preset = argChoice(values.preset, '--preset', SIM_PRESETS, 'national');
  if ((values.phone === undefined) !== (values.password === undefined))
    throw new ArgsError('--phone and --password go together');
  const pinned = envNow(env); // a bad CINERADAR_NOW is refused even when --now overrides it, as before
  const now = argInstant(values.now) ?? pinned;
  let faults: FaultsInput = {};
  if (values.faults) {
    try {
      faults = JSON.parse(values.faults) as FaultsInput;
    } catch {
      throw new ArgsError('--faults must be JSON, e.g. \'{"serverError":{"rate":0.1}}\'');
    }
  }
  const rate = (name: 'fail-rate' | 'rate-limit-rate' | 'drop-rate' | 'hang-rate') =>
    argNumber(values[name], `--${name}`, { min: 0, max: 1 });
  const ms = (name: 'latency' | 'jitter' | 'login-delay') => argNumber(values[name], `--${name}`, { min: 0 });
  const port = (name: 'port' | 'app-port') => argInt(values[name], `--${name}`, { min: 0, max: 65535 });
  const fr = rate('fail-rate');
  if (fr !== undefined) faults.serverError = { rate: fr };
  const rl = rate('rate-limit-rate');
  if (rl !== undefined) faults.rateLimit = { rate: rl };
  const dr = rate('drop-rate');
  if (dr !== undefined) faults.drop = { rate: dr };
  const hr = rate('hang-rate');
  if (hr !== undefined) faults.hang = { rate: hr };
  if (values['ip-block']) faults.ipBlock = true;
  return {
    sim: {
      preset,
      seed: /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed,
      port: port('port'),
      appPort: port('app-port'),
      now,
      clockMode: values.frozen ? 'frozen' : 'running',
      latencyMs: ms('latency'),
      jitterMs: ms('jitter'),
      loginDelayMs: ms('login-delay'),
      credentials: values.phone && values.password ? { phone: values.phone, password: values.password } : undefined,
      faults,
    },
    frozen: values.frozen ?? false,
    builtInAccount: values.phone === undefined,
  };
}

/**
 * The login line. The built-in account is a made-up demo credential that works only on this
 * simulator, so it is printed in full (it must be typed at the login page); a phone given with
 * --phone may be someone's real number, so it stays masked.
 */
export function loginLine(
  appBase: string,
  credentials: { phone: string; password: string },
  builtIn: boolean,
  maskPhone: (phone: string) => string,
): string {
  return builtIn
    ? `  login: ${appBase}/login with phone ${credentials.phone} / password ${credentials.password} ` +
        '(the built-in fake demo account, not a secret: it exists only on this simulator)'
    : `  login: ${appBase}/login with phone ${maskPhone(credentials.phone)} and the --password you gave`;
}

async function serve(o: SimCliOptions): Promise<number> {
  const [{ z }, { startSimulator }, { maskPhone }] = await Promise.all([
    import('zod'),
    import('./index.js'),
    import('../../shared/log.js'),
  ]);
  const t0 = performance.now();
  const sim = await startSimulator(o.sim).catch((err: unknown) => {
    throw err instanceof z.ZodError
      ? new ArgsError(`bad fault switches: ${z.prettifyError(err).replace(/\n/g, '; ')}`)
      : err;
  });
  const elapsed = performance.now() - t0;
  // Listen for Ctrl-C / SIGTERM before printing the base URLs: whoever reads them may stop us at once.
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  const d = sim.data;
  const wide = d.showtimes.filter((s) => s.movieId === d.wideReleaseId).length;
  console.log(`TIX.id simulator (${o.sim.preset}, seed ${d.seed}) ready in ${elapsed.toFixed(0)} ms`);
  console.log(`  TIX_API_BASE=${sim.apiBase}`);
  console.log(`  TIX_APP_BASE=${sim.appBase}`);
  console.log(
    `  day ${d.date}: ${counted(d.cities.length, 'city', 'cities')}, ${d.movies.length} movies, ${d.theatres.length} theatres, ${d.showtimes.length} showtimes (wide release ${wide})`,
  );
  console.log(`  now ${sim.clock.now().toISOString()} (${o.frozen ? 'frozen' : 'running'})`);
  console.log(loginLine(sim.appBase, sim.credentials, o.builtInAccount, maskPhone));
  console.log(`  stats: ${sim.apiBase}/__sim/stats   faults: POST ${sim.apiBase}/__sim/faults`);
  // Runs until Ctrl-C (or SIGTERM), then closes the servers.
  await stopped;
  await sim.close();
  return 0;
}

if (isMain(import.meta.url)) void startStandalone({ def: command, options: simOptions, main: serve });
