/**
 * The token manager by hand:
 *
 *   npm run token -- status  [--min-ttl MIN] [--json]   what is stored (ages, time left, source, masked phone)
 *   npm run token -- refresh [--min-ttl MIN]            new access token from the stored refresh token
 *                                                       (falls back to a browser login when that is refused
 *                                                       and TIX_PHONE_NUMBER/TIX_PASSWORD are set)
 *   npm run token -- login   [--min-ttl MIN]            log in with Playwright now
 *
 * `--min-ttl MIN` checks the REFRESH token: after the command, exit 3 when it has less than MIN
 * minutes left (or nothing usable is stored). The access token lives 30 minutes and is renewed
 * on demand from the refresh token, so it is the refresh token's life that says whether the
 * pipeline can run unattended; `--min-ttl 1440` means "good for at least another day".
 *
 * Exit codes: 0 ok; 1 the command failed; 2 usage or configuration error; 3 below --min-ttl.
 * Nothing secret is ever printed. `refresh` and `login` record a `scraper_runs` document
 * (run_type `token`).
 */
import { ArgsError, argInt } from '../shared/args.js';
import {
  defineCommand,
  isMain,
  LOG_ENV,
  LOGIN_ENV,
  parseCommand,
  startCommand,
  STORE_ENV,
  USAGE_EXIT,
  type Parsed,
} from '../shared/cli.js';
import type { ClientRequestStats } from '../shared/run/request-stats.js';
import type { Runtime } from '../shared/runtime.js';
import type { TokenManager, TokenStatus } from '../shared/token/manager.js';

export const command = defineCommand({
  name: 'token',
  invoke: 'npm run token --',
  summary: 'the token manager by hand: status, refresh, or a browser login now',
  description: `status shows what is stored (ages, time left, source, masked phone); refresh gets a new access
token from the stored refresh token (a browser login when that is refused and TIX_PHONE_NUMBER and
TIX_PASSWORD are set); login logs in with Playwright now. refresh and login record a scraper_runs
document (run_type token). Nothing secret is ever printed.`,
  positionals: { usage: 'status|refresh|login', description: 'what to do (one of them)' },
  options: {
    'min-ttl': {
      type: 'string',
      value: 'MINUTES',
      description: 'afterwards, exit 3 when the refresh token has less than this left (1440: a day)',
    },
    json: { type: 'boolean', description: 'print the status as JSON' },
  },
  env: ['TIX_API_BASE', ...LOGIN_ENV, ...STORE_ENV, 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'],
  exitCodes: {
    0: 'ok',
    1: 'the command failed',
    ...USAGE_EXIT,
    3: 'the refresh token has less than --min-ttl left, or none is stored',
  },
  examples: ['npm run token -- status', 'npm run token -- refresh --min-ttl 1440'],
});

export type TokenCommand = 'status' | 'refresh' | 'login';

export interface TokenCliOptions {
  command: TokenCommand;
  minTtl: number | undefined;
  json: boolean;
}

export function tokenOptions({ values, positionals }: Parsed<typeof command.options>): TokenCliOptions {
  const word = positionals[0];
  if (positionals.length !== 1 || !['status', 'refresh', 'login'].includes(word ?? '')) {
    throw new ArgsError(
      `say what to do: status, refresh or login${positionals.length ? ` (got ${positionals.map((p) => JSON.stringify(p)).join(' ')})` : ''}`,
    );
  }
  return {
    command: word as TokenCommand,
    minTtl: argInt(values['min-ttl'], '--min-ttl', { min: 0 }),
    json: values.json ?? false,
  };
}

/** "2 h 5 min", "-3 min" (expired), "45 s". */
export function formatSpan(ms: number): string {
  const neg = ms < 0;
  let s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = d ? [`${d} d`, `${h} h`] : h ? [`${h} h`, `${m} min`] : m ? [`${m} min`] : [`${s} s`];
  return `${neg ? '-' : ''}${parts.join(' ')}`;
}

/** The status as plain lines (no secret can be in a TokenStatus). */
export function renderStatus(s: TokenStatus): string[] {
  if (!s.exists || s.problem) return [`token: ${s.problem ?? 'none stored'}`];
  const ahead = s.storedAheadMs !== undefined;
  const left = (ms: number | undefined) =>
    ms === undefined
      ? '?'
      : ms <= 0
        ? `expired ${formatSpan(-ms)} ago`
        : `${formatSpan(ms)} left${ahead ? ' when stored' : ''}`;
  const stored = ahead
    ? `stored at ${s.storedAt}, ${formatSpan(s.storedAheadMs!)} ahead of this clock: written under a pinned clock (CINERADAR_NOW, e.g. by npm run demo), so time left is counted from when it was stored`
    : `stored ${formatSpan(s.ageMs ?? 0)} ago, at ${s.storedAt}`;
  return [
    `source:         ${s.source} (${stored})`,
    `phone:          ${s.phone || '(unknown)'}`,
    `access token:   ${left(s.accessLeftMs)} (expires ${s.expiresAt})`,
    `refresh token:  ${left(s.refreshLeftMs)} (expires ${s.refreshExpiresAt})`,
  ];
}

/** Exit 3 when the stored refresh token has less than `minTtl` minutes left. */
export function minTtlCheck(s: TokenStatus, minTtl: number | undefined): { ok: boolean; line?: string } {
  if (minTtl === undefined) return { ok: true };
  const left = s.refreshLeftMs;
  if (!s.exists || s.problem || left === undefined)
    return { ok: false, line: `--min-ttl ${minTtl}: no usable token is stored` };
  if (left < minTtl * 60_000) {
    return {
      ok: false,
      line: `--min-ttl ${minTtl}: the refresh token has only ${formatSpan(left)} left; run: npm run token -- login`,
    };
  }
  return { ok: true, line: `--min-ttl ${minTtl}: ok, the refresh token has ${formatSpan(left)} left` };
}

export async function runToken(
  rt: Runtime,
  o: TokenCliOptions,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  const [{ createTixClient }, { createTokenManager }] = await Promise.all([
    import('../shared/tix/client.js'),
    import('../shared/token/manager.js'),
  ]);
  const client = createTixClient({ config: rt.config, log: rt.log, clock: rt.clock });
  try {
    const manager = await createTokenManager({
      config: rt.config,
      store: rt.store,
      client,
      log: rt.log,
      clock: rt.clock,
    });
    const renewed = o.command === 'status' ? undefined : await renew(rt, manager, o.command, client.stats.bind(client));
    const code = renewed?.code ?? 0;
    const status = renewed?.status ?? (await manager.status());
    if (o.json) out(JSON.stringify(status));
    else renderStatus(status).forEach((l) => out(l));
    const check = minTtlCheck(status, o.minTtl);
    if (check.line) out(check.line);
    if (code !== 0) return code;
    return check.ok ? 0 : 3;
  } finally {
    client.close();
  }
}

/** Parse `argv` and run (for callers holding a runtime, e.g. tests). */
export async function tokenMain(rt: Runtime, argv: string[], out?: (line: string) => void): Promise<number> {
  return runToken(rt, tokenOptions(parseCommand(command, argv)), out);
}

/** Refresh or log in and record a `token` run; the status read for the record, when it succeeded. */
async function renew(
  rt: Runtime,
  manager: TokenManager,
  command: 'refresh' | 'login',
  requestStats: () => ClientRequestStats,
): Promise<{ code: number; status?: TokenStatus }> {
  const [{ RunRecorder }, { jakartaDate }] = await Promise.all([
    import('../shared/run/recorder.js'),
    import('../shared/clock.js'),
  ]);
  const run = new RunRecorder({
    runType: 'token',
    store: rt.store,
    clock: rt.clock,
    log: rt.log,
    date: jakartaDate(rt.clock.now()),
    stepSummaryPath: rt.config.githubStepSummary,
    requestStats,
  });
  run.set({ action: command });
  try {
    if (command === 'refresh') await manager.forceRefresh();
    else await manager.forceLogin();
    const done = manager.stats();
    const status = await manager.status();
    run.set({ source: status.source, refreshes: done.refreshes, logins: done.logins });
    run.set({ refresh_expires_at: status.refreshExpiresAt, expires_at: status.expiresAt });
    const summary = await run.finish({ published: true });
    return { code: summary.exitCode, status };
  } catch (err) {
    run.fail('token', command, err);
    const summary = await run.finish({ published: false });
    rt.log.error(`token ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
    return { code: summary.exitCode || 1 };
  }
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, TokenCliOptions>({
    def: command,
    options: tokenOptions,
    run: (rt, o) => runToken(rt, o),
    talksToTix: (o) => o.command !== 'status',
  });
}
