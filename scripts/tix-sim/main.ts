/**
 * `npm run sim -- [--port N] [--app-port N] [--preset tiny|city|national] [--seed S] [--now ISO]
 *   [--frozen] [--latency MS] [--jitter MS] [--login-delay MS] [--phone P --password W]
 *   [--fail-rate R] [--rate-limit-rate R] [--drop-rate R] [--hang-rate R] [--ip-block]
 *   [--faults JSON]`
 *
 * Runs the TIX.id simulator standalone until Ctrl-C and prints its base URLs (use them as
 * TIX_API_BASE and TIX_APP_BASE). The clock follows --now, else CINERADAR_NOW, else real time,
 * and runs with real time unless --frozen.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { maskPhone } from '../../shared/log.js';
import { PRESETS, type Preset } from './data.js';
import type { FaultsInput } from './faults.js';
import { startSimulator } from './index.js';

function die(message: string): never {
  console.error(`sim: ${message}`);
  process.exit(2);
}

function num(name: string, v: string | undefined, { min = 0, max = Infinity } = {}): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) die(`--${name} must be a number between ${min} and ${max}, got ${JSON.stringify(v)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'app-port': { type: 'string' },
      preset: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      frozen: { type: 'boolean' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      'login-delay': { type: 'string' },
      phone: { type: 'string' },
      password: { type: 'string' },
      'fail-rate': { type: 'string' },
      'rate-limit-rate': { type: 'string' },
      'drop-rate': { type: 'string' },
      'hang-rate': { type: 'string' },
      'ip-block': { type: 'boolean' },
      faults: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: npm run sim -- [--port N] [--app-port N] [--preset tiny|city|national] [--seed S] [--now ISO] [--frozen]');
    console.log('       [--latency MS] [--jitter MS] [--login-delay MS] [--phone P --password W]');
    console.log('       [--fail-rate R] [--rate-limit-rate R] [--drop-rate R] [--hang-rate R] [--ip-block] [--faults JSON]');
    return;
  }
  const preset = (values.preset ?? 'national') as Preset;
  if (!PRESETS.includes(preset)) die(`--preset must be one of ${PRESETS.join(', ')}`);
  if ((values.phone === undefined) !== (values.password === undefined)) die('--phone and --password go together');
  const now = values.now ?? process.env.CINERADAR_NOW;
  if (now !== undefined && Number.isNaN(Date.parse(now))) die(`--now / CINERADAR_NOW is not an ISO instant: ${now}`);

  let faults: FaultsInput = {};
  if (values.faults) {
    try {
      faults = JSON.parse(values.faults) as FaultsInput;
    } catch {
      die('--faults must be JSON, e.g. \'{"serverError":{"rate":0.1}}\'');
    }
  }
  const rate = (name: string, v: string | undefined) => num(name, v, { max: 1 });
  const fr = rate('fail-rate', values['fail-rate']);
  if (fr !== undefined) faults.serverError = { rate: fr };
  const rl = rate('rate-limit-rate', values['rate-limit-rate']);
  if (rl !== undefined) faults.rateLimit = { rate: rl };
  const dr = rate('drop-rate', values['drop-rate']);
  if (dr !== undefined) faults.drop = { rate: dr };
  const hr = rate('hang-rate', values['hang-rate']);
  if (hr !== undefined) faults.hang = { rate: hr };
  if (values['ip-block']) faults.ipBlock = true;

  const t0 = performance.now();
  const sim = await startSimulator({
    preset,
    seed: values.seed === undefined ? 1 : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed,
    port: num('port', values.port, { max: 65535 }) ?? 8787,
    appPort: num('app-port', values['app-port'], { max: 65535 }) ?? 8788,
    now,
    clockMode: values.frozen ? 'frozen' : 'running',
    latencyMs: num('latency', values.latency),
    jitterMs: num('jitter', values.jitter),
    loginDelayMs: num('login-delay', values['login-delay']),
    credentials: values.phone && values.password ? { phone: values.phone, password: values.password } : undefined,
    faults,
  }).catch((err: unknown) =>
    die(err instanceof z.ZodError ? `bad fault switches: ${z.prettifyError(err).replace(/\n/g, '; ')}` : err instanceof Error ? err.message : String(err)),
  );
  const ms = performance.now() - t0;
  const d = sim.data;
  const wide = d.showtimes.filter((s) => s.movieId === d.wideReleaseId).length;
  console.log(`TIX.id simulator (${preset}, seed ${d.seed}) ready in ${ms.toFixed(0)} ms`);
  console.log(`  TIX_API_BASE=${sim.apiBase}`);
  console.log(`  TIX_APP_BASE=${sim.appBase}`);
  console.log(`  day ${d.date}: ${d.cities.length} cities, ${d.movies.length} movies, ${d.theatres.length} theatres, ${d.showtimes.length} showtimes (wide release ${wide})`);
  console.log(`  now ${sim.clock.now().toISOString()} (${values.frozen ? 'frozen' : 'running'})`);
  console.log(`  login: ${sim.appBase}/login with phone ${maskPhone(sim.credentials.phone)}${values.password ? '' : ` / password ${sim.credentials.password} (the built-in fake account)`}`);
  console.log(`  stats: ${sim.apiBase}/__sim/stats   faults: POST ${sim.apiBase}/__sim/faults`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
