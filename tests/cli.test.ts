/**
 * The command definitions (shared/cli.ts) against what is built from them: every command's
 * --help (generated, and printed by the real process), its parser, the README command table;
 * and the start-up promise: --help, usage and configuration errors answer without loading
 * firebase-admin, Playwright, the store, the client or the simulator (a module hook makes any such
 * import fail the process), one line and exit 2 for every error.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgsError } from '../shared/args.js';
import {
  defaultOf,
  ENVIRONMENT,
  flagSpec,
  helpText,
  parseCommand,
  tableRow,
  usageLine,
  type CommandDef,
} from '../shared/cli.js';
import { ENV_VARIABLES } from '../shared/config.js';
import { ConfigError } from '../shared/config-error.js';
import { command as simCommand, simOptions } from '../scripts/tix-sim/main.js';
import { command as demoCommand, demoOptions } from '../scripts/demo.js';
import { command as benchCommand, benchOptions } from '../scripts/bench/options.js';
import { maskPhone } from '../shared/log.js';
import { loadCommands, type CommandModule } from '../scripts/commands.js';
import { commandTable, readmeTable } from '../scripts/help-table.js';
import { command as moviesCommand, checkMoviesDate } from '../scrapers/movies/main.js';
import { DEFAULT_MAX_FAILED_SHARE } from '../scrapers/movies/scrape.js';
import { command as seatsCommand } from '../scrapers/seats/main.js';
import { DEFAULT_JIT_WINDOW_MINUTES } from '../scrapers/seats/select.js';
import { command as pipelineCommand } from '../scripts/pipeline.js';
import { PRESETS } from '../scripts/tix-sim/data.js';
import { DEFAULT_CREDENTIALS } from '../scripts/tix-sim/index.js';
import { loginLine, SIM_PRESETS } from '../scripts/tix-sim/main.js';

const ROOT = process.cwd();
type Loaded = CommandModule & { def: CommandDef };
let commands: Loaded[];

beforeAll(async () => {
  commands = await loadCommands(ROOT);
});

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** Run a command file as its own process, with the heavy-import guard; stop it at `stopOn`. */
function runFile(
  file: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  stopOn?: RegExp,
): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './tests/helpers/no-heavy-imports.mjs', file, ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_FORMAT: 'json', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
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

/** Run jobs two at a time (the machine has two cores). */
async function inPairs<T, R>(items: readonly T[], job: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

const RUNTIME_COMMANDS = ['scrape:movies', 'scrape:schedules', 'scrape:seats', 'pipeline', 'summary', 'token'];
const fileOf = (name: string) => commands.find((c) => c.def.name === name)!.file;
/** Arguments that pass the parser, so the configuration is what fails. */
const VALID_ARGS: Record<string, string[]> = { 'scrape:seats': ['--mode', 'morning'], token: ['status'] };

describe('every command has one definition, and the help, parser and table come from it', () => {
  it('the npm scripts that run a file, and scripts/emulator.ts, each export a definition with two examples', () => {
    const names = commands.map((c) => c.def.name);
    for (const expected of [
      ...RUNTIME_COMMANDS,
      'demo',
      'sim',
      'bench',
      'emulator',
      'lint-workflows',
      'coverage-summary',
      'help-table',
      'startup-times',
    ]) {
      expect(names).toContain(expected);
    }
    for (const c of commands) {
      if (c.script !== c.file) expect(c.def.name).toBe(c.script);
      expect(c.def.examples.length).toBeGreaterThanOrEqual(2);
      expect(Object.keys(c.def.exitCodes)).toContain('2');
    }
  });

  it('--help lists what it does, every option with its placeholder, default and description, the environment, exit codes and examples', () => {
    for (const { def } of commands) {
      const help = helpText(def);
      const lines = help.split('\n');
      expect(lines[0], def.name).toBe(`${def.name}: ${def.summary}`);
      expect(help).toContain(usageLine(def));
      for (const [name, o] of Object.entries(def.options)) {
        const line = lines.find((l) => new RegExp(`^\\s+(-\\w, )?--${name}( |$)`).test(l));
        expect(line, `${def.name} --${name}`).toBeDefined();
        const block = lines.slice(lines.indexOf(line!), lines.indexOf(line!) + 2).join(' ');
        if (o.type === 'string') expect(line).toContain(`--${name} ${o.value ?? 'VALUE'}`);
        expect(block).toContain(o.description);
        const dflt = defaultOf(o);
        if (dflt !== undefined) expect(block, `${def.name} --${name} default`).toContain(`default: ${dflt}`);
        if (o.required) expect(block).toContain('required');
      }
      expect(help).toMatch(/-h, --help\s+print this help and exit/);
      for (const v of def.env)
        expect(help).toMatch(new RegExp(`\\n  ${v}\\s+${ENVIRONMENT[v]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      for (const [code, text] of Object.entries(def.exitCodes))
        expect(help).toMatch(new RegExp(`\\n  ${code}\\s+${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      for (const e of def.examples) expect(help).toContain(`\n  ${e}`);
    }
  });

  it('the parser knows exactly the defined options (plus --help), applies the defaults, and refuses anything else', () => {
    for (const { def } of commands) {
      expect(Object.keys(flagSpec(def)).sort()).toEqual([...Object.keys(def.options), 'help'].sort());
      const base = def.positionals ? ['status'] : [];
      const required = Object.entries(def.options).flatMap(([n, o]) => (o.required ? [`--${n}`, 'x'] : []));
      for (const [name, o] of Object.entries(def.options)) {
        const argv = [
          ...base,
          ...required.filter((_, i, a) => a[i - (i % 2)] !== `--${name}`),
          `--${name}`,
          ...(o.type === 'string' ? ['v1'] : []),
        ];
        const parsed = parseCommand(def, argv);
        const value = (parsed.values as Record<string, unknown>)[name];
        expect(value, `${def.name} --${name}`).toEqual(o.type === 'boolean' ? true : o.multiple ? ['v1'] : 'v1');
        expect(parsed.given.has(name)).toBe(true);
      }
      if (!required.length) {
        const none = parseCommand(def, base).values as Record<string, unknown>;
        for (const [name, o] of Object.entries(def.options))
          expect(none[name], `${def.name} --${name} default`).toEqual(o.default);
      }
      expect(() => parseCommand(def, [...base, ...required, '--no-such-option']), def.name).toThrow(ArgsError);
      expect(parseCommand(def, ['--help']).help).toBe(true);
    }
  });

  it('the defaults the help shows are the ones the code uses', () => {
    expect(Number(moviesCommand.options['max-failed-share'].default)).toBe(DEFAULT_MAX_FAILED_SHARE);
    expect(Number(seatsCommand.options['window-minutes'].default)).toBe(DEFAULT_JIT_WINDOW_MINUTES);
    expect(Number(pipelineCommand.options['jit-window'].defaultText)).toBe(DEFAULT_JIT_WINDOW_MINUTES);
    expect([...SIM_PRESETS]).toEqual([...PRESETS]);
    for (const v of ENV_VARIABLES) expect(ENVIRONMENT, v).toHaveProperty(v);
  });

  it('the README command table is the generated one', async () => {
    const table = await commandTable(ROOT);
    for (const { def } of commands) expect(table).toContain(tableRow(def));
    expect(
      readmeTable(readFileSync(join(ROOT, 'README.md'), 'utf8')),
      'README.md: run npm run -s help-table -- --write',
    ).toBe(table);
  });
});

describe('commands answer --help and bad input before loading anything heavy', () => {
  it('each command, spawned with --help, prints its generated help and exits 0 without loading zod, pino, the config or the logger', async () => {
    const runs = await inPairs(commands, (c) => runFile(c.file, ['--help'], { NO_HEAVY_HELP: '1' }));
    commands.forEach((c, i) => {
      const r = runs[i]!;
      expect(r.err, c.file).toBe('');
      expect(r.code, c.file).toBe(0);
      expect(r.out, c.file).toBe(helpText(c.def));
    });
  }, 240_000);

  it('a usage error is one line naming the option, exit 2', async () => {
    const runs = await inPairs(RUNTIME_COMMANDS, (name) =>
      runFile(fileOf(name), [...(VALID_ARGS[name] ?? []), '--bogus']),
    );
    RUNTIME_COMMANDS.forEach((name, i) => {
      expect(runs[i]!.code, name).toBe(2);
      expect(runs[i]!.err.trim().split('\n'), name).toEqual([
        expect.stringMatching(new RegExp(`^${name}: unknown option --bogus`)),
      ]);
    });
  }, 240_000);

  it('CINERADAR_NOW=abc is one configuration line and exit 2 for every command that reads it (the demo said "Invalid time value", exit 1)', async () => {
    const names = [...RUNTIME_COMMANDS, 'demo', 'sim', 'bench'];
    const runs = await inPairs(names, (name) =>
      runFile(fileOf(name), VALID_ARGS[name] ?? [], { CINERADAR_NOW: 'abc' }),
    );
    names.forEach((name, i) => {
      expect(runs[i]!.code, name).toBe(2);
      expect(runs[i]!.err.trim().split('\n'), name).toEqual([
        expect.stringMatching(/^configuration error: CINERADAR_NOW: must be an ISO-8601 instant/),
      ]);
    });
  }, 240_000);

  it('a bad CINERADAR_NOW is refused by the tools even when --now overrides it', () => {
    const now = ['--now', '2026-01-19T06:00:00+07:00'];
    const env = { CINERADAR_NOW: 'abc' };
    expect(() => simOptions(parseCommand(simCommand, now), env)).toThrow(ConfigError);
    expect(() => demoOptions(parseCommand(demoCommand, now), env)).toThrow(ConfigError);
    expect(() => benchOptions(parseCommand(benchCommand, now), env)).toThrow(ConfigError);
  });

  describe('credentials are checked at start, before any work', () => {
    let dir: string;
    let key: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'cineradar-cli-'));
      key = generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('GOOGLE_APPLICATION_CREDENTIALS naming no file, or not a credentials file: one line, exit 2', async () => {
      const notJson = join(dir, 'not.json');
      writeFileSync(notJson, 'hello');
      const cases = [
        {
          env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent.json' },
          line: 'configuration error: GOOGLE_APPLICATION_CREDENTIALS: cannot read /nonexistent.json (no such file)',
        },
        {
          env: { GOOGLE_APPLICATION_CREDENTIALS: notJson },
          line: `configuration error: GOOGLE_APPLICATION_CREDENTIALS: ${notJson} is not JSON (expected a service-account or credentials file)`,
        },
      ];
      const runs = await inPairs(cases, (c) => runFile('scrapers/movies/main.ts', [], c.env));
      cases.forEach((c, i) => {
        expect(runs[i]!.code).toBe(2);
        expect(runs[i]!.err.trim().split('\n')).toEqual([c.line]);
      });
    }, 120_000);

    it('a FIREBASE_SERVICE_ACCOUNT whose private_key is cut short: one line naming the field (never the key), exit 2', async () => {
      const account = (privateKey: string) =>
        JSON.stringify({
          type: 'service_account',
          project_id: 'p-1234',
          client_email: 'a@p-1234.iam.gserviceaccount.com',
          private_key: privateKey,
        });
      const cut = key.slice(0, Math.floor(key.length / 2)) + key.slice(-30);
      const runs = await inPairs(['scrapers/movies/main.ts', 'scripts/token.ts'], (file) =>
        runFile(file, file.endsWith('token.ts') ? ['status'] : [], { FIREBASE_SERVICE_ACCOUNT: account(cut) }),
      );
      for (const r of runs) {
        expect(r.code).toBe(2);
        expect(r.err.trim().split('\n')).toEqual([
          'configuration error: FIREBASE_SERVICE_ACCOUNT: private_key is not a readable PEM private key (cut short, or its line breaks lost?)',
        ]);
        expect(r.err).not.toContain(key.split('\n')[1]!.slice(0, 20));
      }
    }, 120_000);
  });
});

describe('small dead ends', () => {
  it("scrape:movies refuses a --date that is not today (TIX.id lists only today's movies), except for a merge", async () => {
    const now = new Date('2026-11-02T06:00:00+07:00');
    expect(() => checkMoviesDate({ date: '2026-11-01', mergeShards: false }, now)).toThrow(
      /--date 2026-11-01 is not today \(2026-11-02 in Asia\/Jakarta\)/,
    );
    expect(() => checkMoviesDate({ date: '2026-11-03', mergeShards: false }, now)).toThrow(ArgsError);
    expect(() => checkMoviesDate({ date: '2026-11-02', mergeShards: false }, now)).not.toThrow();
    expect(() => checkMoviesDate({ date: undefined, mergeShards: false }, now)).not.toThrow();
    expect(() => checkMoviesDate({ date: '2026-11-01', mergeShards: true }, now)).not.toThrow();
    // 23:30 WIB on 1 November is still the 1st in Jakarta although it is the 1st 16:30 UTC.
    expect(() =>
      checkMoviesDate({ date: '2026-11-01', mergeShards: false }, new Date('2026-11-01T23:30:00+07:00')),
    ).not.toThrow();

    const dir = mkdtempSync(join(tmpdir(), 'cineradar-movies-date-'));
    try {
      const r = await runFile('scrapers/movies/main.ts', ['--date', '2026-11-01'], {
        CINERADAR_NOW: '2026-11-02T06:00:00+07:00',
        CINERADAR_STORE: 'file',
        CINERADAR_DATA_DIR: dir,
        TIX_API_BASE: 'http://127.0.0.1:9',
      });
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toEqual([
        expect.stringMatching(/^scrape:movies: --date 2026-11-01 is not today \(2026-11-02 in Asia\/Jakarta\)/),
      ]);
      expect(r.out).toBe(''); // refused before the run started: nothing logged, nothing stored
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("pipeline refuses a --date that is not today like scrape:movies (its movies step would store today's list under that day)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cineradar-pipeline-date-'));
    try {
      const r = await runFile('scripts/pipeline.ts', ['--date', '2026-11-01'], {
        CINERADAR_NOW: '2026-11-02T06:00:00+07:00',
        CINERADAR_STORE: 'file',
        CINERADAR_DATA_DIR: dir,
        TIX_API_BASE: 'http://127.0.0.1:9',
      });
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toEqual([
        expect.stringMatching(/^pipeline: --date 2026-11-01 is not today \(2026-11-02 in Asia\/Jakarta\)/),
      ]);
      expect(r.out).toBe('');
      expect(readdirSync(dir)).toEqual([]); // nothing stored
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the simulator prints its built-in fake account in full (so it can be typed at its login page), and says it is not a secret', async () => {
    const r = await new Promise<Ran>((done, fail) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/tix-sim/main.ts',
          '--preset',
          'tiny',
          '--port',
          '0',
          '--app-port',
          '0',
          '--frozen',
        ],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (/stats:/.test(out)) child.kill('SIGTERM');
      });
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code, out, err }));
    });
    expect(r.code).toBe(0);
    const line = r.out.split('\n').find((l) => l.includes('login:'))!;
    expect(line).toContain(`phone ${DEFAULT_CREDENTIALS.phone} / password ${DEFAULT_CREDENTIALS.password}`);
    expect(line).toMatch(/fake demo account, not a secret/);
    // A phone given with --phone may be a real number: masked.
    const given = loginLine('http://127.0.0.1:1', { phone: '81299887766', password: 'pw' }, false, maskPhone);
    expect(given).not.toContain('81299887766');
    expect(given).not.toContain('pw');
  }, 60_000);
});
