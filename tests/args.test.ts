import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgsError, argChoice, argInstant, argNumber, parseArgs } from '../shared/args.js';
import { parseBenchArgs } from '../scripts/bench/options.js';
import { parseDemoArgs } from '../scripts/demo.js';

function run(
  args: string[],
  { stopOn, env }: { stopOn?: RegExp; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env ?? process.env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (stopOn?.test(out)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

describe('shared/args readers', () => {
  it('argNumber takes fractions within bounds and names the flag otherwise', () => {
    expect(argNumber('0.25', '--fail-rate', { min: 0, max: 1 })).toBe(0.25);
    expect(argNumber(undefined, '--latency', { min: 0, fallback: 80 })).toBe(80);
    expect(() => argNumber('1.5', '--fail-rate', { min: 0, max: 1 })).toThrow(
      '--fail-rate must be a number from 0 to 1 (got "1.5")',
    );
    expect(() => argNumber('0', '--rps', { positive: true })).toThrow(/--rps must be a positive number/);
    for (const bad of ['', ' ', 'abc', 'NaN', 'Infinity']) expect(() => argNumber(bad, '--x'), bad).toThrow(ArgsError);
  });

  it('argChoice and argInstant', () => {
    expect(argChoice(undefined, '--preset', ['tiny', 'city'], 'auto')).toBe('auto');
    expect(argChoice('city', '--preset', ['tiny', 'city'], 'tiny')).toBe('city');
    expect(() => argChoice('huge', '--preset', ['tiny', 'city'], 'tiny')).toThrow(
      '--preset must be one of tiny, city (got "huge")',
    );
    expect(argInstant('2026-01-19T06:00:00+07:00')).toBe('2026-01-18T23:00:00.000Z');
    expect(() => argInstant('2026-01-19T06:00:00')).toThrow(/with a zone/);
  });

  it('parseArgs refuses an unknown flag in one line listing the known ones', () => {
    expect(() => parseArgs(['--nope'], { keep: { type: 'boolean' } })).toThrow('unknown option --nope (known: --keep)');
  });
});

describe('CLIs that build their own runtime refuse a bad flag the shared way', () => {
  it('demo and bench: unknown flags and bad values are ArgsErrors naming the flag', () => {
    expect(() => parseDemoArgs(['--bogus'], {})).toThrow(/unknown option --bogus/);
    expect(() => parseDemoArgs(['--store', 'memory'], {})).toThrow(ArgsError);
    expect(() => parseDemoArgs(['--preset'], {})).toThrow('option --preset needs a value');
    expect(() => parseBenchArgs(['--bogus'], {})).toThrow(/unknown option --bogus/);
    expect(() => parseBenchArgs(['--concurrency', '2.5'], {})).toThrow(/--concurrency must be a whole number/);
    expect(() => parseBenchArgs([], { TIX_RPS: 'fast' })).toThrow(/TIX_RPS must be a positive number/);
    expect(parseBenchArgs(['--latency=0', '--one-process', '-h'], {})).toMatchObject({
      latencyMs: 0,
      mode: 'one-process',
      help: true,
    });
  });

  it('npm run sim: a bad flag is one line on stderr and exit 2; it serves until SIGTERM, then exits 0', async () => {
    const bad = await run(['scripts/tix-sim/main.ts', '--fail-rate', '2']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toEqual(['sim: --fail-rate must be a number from 0 to 1 (got "2")']);

    const ok = await run(
      ['scripts/tix-sim/main.ts', '--preset', 'tiny', '--port', '0', '--app-port', '0', '--frozen'],
      { stopOn: /stats:/ },
    );
    expect(ok.out).toMatch(/TIX_API_BASE=http:\/\/127\.0\.0\.1:\d+/);
    expect(ok.code).toBe(0);
  }, 30_000);

  it('npm run summary: --help prints the usage and exits 0; a bad --date is one line and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cineradar-summary-'));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, CINERADAR_DATA_DIR: dir, LOG_FORMAT: 'json' };
    try {
      const help = await run(['scripts/summary.ts', '--help'], { env });
      expect(help.code).toBe(0);
      expect(help.out).toContain('usage: npm run summary -- [options]');
      expect(help.out).toContain('--date YYYY-MM-DD');
      expect(help.out).toContain('default: today in Asia/Jakarta');
      const bad = await run(['scripts/summary.ts', '--date', '19-01-2026'], { env });
      expect(bad.code).toBe(2);
      expect(bad.err.trim().split('\n')).toEqual([
        'summary: --date must be a date YYYY-MM-DD, e.g. 2026-01-19 (got "19-01-2026")',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('a flag npm took for itself (npm run report --date D, without the lone --)', () => {
  it('the parser names the flag and the command line that works, for every command through the one parser', async () => {
    const { command: report } = await import('../scripts/report/main.js');
    const { command: health } = await import('../scripts/health.js');
    const { parseCommand } = await import('../shared/cli.js');
    const npmEnv = { npm_lifecycle_event: 'report', npm_config_date: 'true' };
    expect(() => parseCommand(report, ['2026-12-08'], npmEnv)).toThrow(
      'unexpected argument 2026-12-08: npm took --date for itself: put the options after a lone --, as in npm run report -- --date 2026-12-08',
    );
    // Without a flag npm kept, it still says where the options go.
    expect(() => parseCommand(health, ['2026'], { npm_lifecycle_event: 'health' })).toThrow(
      /options for the command go after a lone --, as in npm run health -- --date/,
    );
    // Not run by npm: the plain message.
    expect(() => parseCommand(report, ['2026-12-08'], {})).toThrow(
      'unexpected argument 2026-12-08 (options start with --)',
    );
  });

  it('npm run report --date D, for real: one line with the suggestion, exit 2', { timeout: 60_000 }, async () => {
    const r = await new Promise<{ code: number | null; err: string }>((done, fail) => {
      const child = spawn('npm', ['run', '-s', 'report', '--date', '2026-12-08'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      });
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code, err }));
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'report: unexpected argument 2026-12-08: npm took --date for itself: put the options after a lone --, as in npm run report -- --date 2026-12-08',
    );
  });
});
