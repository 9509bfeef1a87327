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
import { z } from 'zod';
import { ArgsError, argChoice, argInstant, argInt, argNumber, parseArgs, runMain } from '../../shared/args.js';
import { maskPhone } from '../../shared/log.js';
import { PRESETS } from './data.js';
import type { FaultsInput } from './faults.js';
import { startSimulator } from './index.js';

const SIM_USAGE = `usage: npm run sim -- [--port N] [--app-port N] [--preset tiny|city|national] [--seed S] [--now ISO] [--frozen]
       [--latency MS] [--jitter MS] [--login-delay MS] [--phone P --password W]
       [--fail-rate R] [--rate-limit-rate R] [--drop-rate R] [--hang-rate R] [--ip-block] [--faults JSON]`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs(argv, {
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
  });
  if (values.help) {
    console.log(SIM_USAGE);
    return 0;
  }
  const preset = argChoice(values.preset, '--preset', PRESETS, 'national');
  if ((values.phone === undefined) !== (values.password === undefined)) throw new ArgsError('--phone and --password go together');
  const now = argInstant(values.now) ?? process.env.CINERADAR_NOW;
  if (now !== undefined && Number.isNaN(Date.parse(now))) throw new ArgsError(`CINERADAR_NOW is not an ISO instant: ${now}`);

  let faults: FaultsInput = {};
  if (values.faults) {
    try {
      faults = JSON.parse(values.faults) as FaultsInput;
    } catch {
      throw new ArgsError('--faults must be JSON, e.g. \'{"serverError":{"rate":0.1}}\'');
    }
  }
  const rate = (name: 'fail-rate' | 'rate-limit-rate' | 'drop-rate' | 'hang-rate') => argNumber(values[name], `--${name}`, { min: 0, max: 1 });
  const ms = (name: 'latency' | 'jitter' | 'login-delay') => argNumber(values[name], `--${name}`, { min: 0 });
  const port = (name: 'port' | 'app-port', fallback: number) => argInt(values[name], `--${name}`, { min: 0, max: 65535, fallback });
  const fr = rate('fail-rate');
  if (fr !== undefined) faults.serverError = { rate: fr };
  const rl = rate('rate-limit-rate');
  if (rl !== undefined) faults.rateLimit = { rate: rl };
  const dr = rate('drop-rate');
  if (dr !== undefined) faults.drop = { rate: dr };
  const hr = rate('hang-rate');
  if (hr !== undefined) faults.hang = { rate: hr };
  if (values['ip-block']) faults.ipBlock = true;

  const t0 = performance.now();
  const sim = await startSimulator({
    preset,
    seed: values.seed === undefined ? 1 : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed,
    port: port('port', 8787),
    appPort: port('app-port', 8788),
    now,
    clockMode: values.frozen ? 'frozen' : 'running',
    latencyMs: ms('latency'),
    jitterMs: ms('jitter'),
    loginDelayMs: ms('login-delay'),
    credentials: values.phone && values.password ? { phone: values.phone, password: values.password } : undefined,
    faults,
  }).catch((err: unknown) => {
    throw err instanceof z.ZodError ? new ArgsError(`bad fault switches: ${z.prettifyError(err).replace(/\n/g, '; ')}`) : err;
  });
  const elapsed = performance.now() - t0;
  // Listen for Ctrl-C / SIGTERM before printing the base URLs: whoever reads them may stop us at once.
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  const d = sim.data;
  const wide = d.showtimes.filter((s) => s.movieId === d.wideReleaseId).length;
  console.log(`TIX.id simulator (${preset}, seed ${d.seed}) ready in ${elapsed.toFixed(0)} ms`);
  console.log(`  TIX_API_BASE=${sim.apiBase}`);
  console.log(`  TIX_APP_BASE=${sim.appBase}`);
  console.log(`  day ${d.date}: ${d.cities.length} cities, ${d.movies.length} movies, ${d.theatres.length} theatres, ${d.showtimes.length} showtimes (wide release ${wide})`);
  console.log(`  now ${sim.clock.now().toISOString()} (${values.frozen ? 'frozen' : 'running'})`);
  console.log(`  login: ${sim.appBase}/login with phone ${maskPhone(sim.credentials.phone)}${values.password ? '' : ` / password ${sim.credentials.password} (the built-in fake account)`}`);
  console.log(`  stats: ${sim.apiBase}/__sim/stats   faults: POST ${sim.apiBase}/__sim/faults`);
  // Runs until Ctrl-C (or SIGTERM), then closes the servers.
  await stopped;
  await sim.close();
  return 0;
}

runMain('sim', main);
