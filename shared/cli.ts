/**
 * The one place a command's interface is defined, and the light start every entry point shares.
 *
 * A command is a `CommandDef`: its name (the npm script), what it does, its options (name, type,
 * default, description), the environment it reads, its exit codes and two examples. From that
 * one definition come the parser (`parseCommand`, on shared/args.ts), the `--help` text
 * (`helpText`) and the README command table (`npm run -s help-table`); tests/cli.test.ts checks
 * all three against it.
 *
 * `startCommand` is what makes commands instant: it parses the arguments, answers `--help`,
 * validates the options and loads the configuration (including the credential files) BEFORE any
 * heavy module (firebase-admin, Playwright, the store, the TIX.id client) is imported; the
 * command's `run` imports those with `await import()`. So `--help`, a typo and a configuration
 * error cost little more than starting the runner, and a real run logs its first line early.
 *
 * This module must stay light: node built-ins, shared/args.ts and shared/run/verdict.ts (the exit
 * codes) only; the rest is imported lazily.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArgsError, parseArgs, type FlagSpec } from './args.js';
import type { Config } from './config.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, usageErrorLine } from './run/verdict.js';
import type { Runtime } from './runtime.js';

export interface OptionDef {
  type: 'string' | 'boolean';
  /** Must be given (the parser refuses a command line without it). */
  required?: boolean;
  /** May be given more than once (`--city A --city B`). */
  multiple?: boolean;
  short?: string;
  /** The value's placeholder in the help (`YYYY-MM-DD`, `N`); string options only. */
  value?: string;
  /** The default as the parser applies it (a literal), shown in the help. */
  default?: string | boolean;
  /** A default that is not a literal (`today in Asia/Jakarta`): shown in the help only. */
  defaultText?: string;
  description: string;
}

export type OptionDefs = Record<string, OptionDef>;

export interface CommandDef<O extends OptionDefs = OptionDefs> {
  /** The npm script (`scrape:movies`), or the file for scripts run with tsx directly. */
  name: string;
  /** How to start it: `npm run scrape:movies --` or `npx tsx scripts/emulator.ts`. */
  invoke: string;
  /** One line: what it does (the README table's "does" column). */
  summary: string;
  /** More about it, in a few lines (help only). */
  description?: string;
  /** Words before the options, e.g. `status|refresh|login` (token). */
  positionals?: { usage: string; description: string };
  options: O;
  /** The environment variables it reads (names from ENVIRONMENT). */
  env: readonly string[];
  exitCodes: Readonly<Record<number, string>>;
  /** Two examples (full command lines). */
  examples: readonly string[];
  /** Where to read more (a path from the repo root, e.g. docs/operations.md#geocoding-theatre-coordinates): linked in the README table. */
  docs?: string;
}

/** Every environment variable a command may read, with one line for the help. */
export const ENVIRONMENT: Readonly<Record<string, string>> = {
  TIX_API_BASE: 'TIX.id API host (default https://api-b2b.tix.id)',
  TIX_APP_BASE: 'TIX.id web app with the login page (default https://app.tix.id)',
  TIX_PHONE_NUMBER: 'account for the browser login (with TIX_PASSWORD)',
  TIX_PASSWORD: 'password for the browser login (with TIX_PHONE_NUMBER)',
  TIX_RPS: 'requests per second to TIX.id (default 10)',
  TIX_CONCURRENCY: 'requests in flight to TIX.id (default 4)',
  TIX_TIMEOUT_MS: 'how long one request to TIX.id waits for its answer, in ms (default 10000)',
  CINERADAR_STORE: 'firestore or file (default: firestore when Firebase credentials are set)',
  CINERADAR_DATA_DIR: 'root of the file store (default ./data)',
  FIREBASE_PROJECT_ID: "Firebase project (default: the service account's, else demo-cineradar)",
  FIREBASE_SERVICE_ACCOUNT: 'service-account key as JSON',
  GOOGLE_APPLICATION_CREDENTIALS: 'path of a credentials file (checked at start)',
  FIRESTORE_EMULATOR_HOST: 'host:port of a Firestore emulator (wins over credentials)',
  CINERADAR_NOW: 'ISO instant with a zone that replaces the clock',
  CINERADAR_RETENTION_DAYS:
    'days of dated documents kept in the store, today included; older days are archived and removed by prune (default 14)',
  CHROMIUM_PATH: "a Chromium for Playwright (default: found on PATH or Playwright's own)",
  LOG_LEVEL: 'trace, debug, info, warn, error, fatal or silent (default info)',
  LOG_FORMAT: 'json or pretty (default pretty on a terminal)',
  GITHUB_STEP_SUMMARY: 'file the run appends its Markdown summary to (GitHub Actions)',
  GOOGLE_MAPS_API_KEY: 'Google Places (New) API key for the geocoder (secret; unset: Nominatim only)',
  GOOGLE_PLACES_BASE: 'Google Places host (default https://places.googleapis.com)',
  NOMINATIM_BASE: 'OpenStreetMap Nominatim host (default https://nominatim.openstreetmap.org)',
  MONITORING_BASE:
    "Google Cloud Monitoring host for health's reads used today (default https://monitoring.googleapis.com)",
  GITHUB_TOKEN: "token for the GitHub REST API (the workflow's own; secret)",
  GITHUB_REPOSITORY: 'owner/name of the repository (GitHub Actions)',
  GITHUB_API_URL: 'GitHub REST API base (default https://api.github.com)',
  WORKFLOW_NAME: 'the workflow whose run is reported',
  OUTCOME: 'failure or success: how the reported run ended',
  RUN_URL: "the reported run's page",
  ALERT_NOW: 'ISO instant that replaces the clock (tests)',
  PATH: 'where the Firestore emulator (gcloud or firebase) is looked for',
};

/** What every command using the store reads. */
export const STORE_ENV = [
  'CINERADAR_STORE',
  'CINERADAR_DATA_DIR',
  'FIREBASE_PROJECT_ID',
  'FIREBASE_SERVICE_ACCOUNT',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'FIRESTORE_EMULATOR_HOST',
] as const;
export const LOG_ENV = ['LOG_LEVEL', 'LOG_FORMAT'] as const;
export const TIX_ENV = ['TIX_API_BASE', 'TIX_RPS', 'TIX_CONCURRENCY', 'TIX_TIMEOUT_MS'] as const;
export const LOGIN_ENV = ['TIX_APP_BASE', 'TIX_PHONE_NUMBER', 'TIX_PASSWORD', 'CHROMIUM_PATH'] as const;

/** The exit codes every runtime command shares. */
export const USAGE_EXIT = { [EXIT_USAGE]: 'usage or configuration error (one line on stderr)' } as const;

/** `--help`, which every command has. */
export const HELP_OPTION: OptionDef = { type: 'boolean', short: 'h', description: 'print this help and exit' };

export function defineCommand<const O extends OptionDefs>(def: CommandDef<O>): CommandDef<O> {
  if (def.examples.length < 2) throw new Error(`${def.name}: a command needs two examples`);
  for (const name of def.env)
    if (!(name in ENVIRONMENT)) throw new Error(`${def.name}: unknown environment variable ${name}`);
  return def;
}

type ValueOf<D extends OptionDef> = D['type'] extends 'boolean'
  ? boolean
  : D['multiple'] extends true
    ? string[]
    : string;
export type OptionValues<O extends OptionDefs> = {
  [K in keyof O]: O[K] extends { default: string | boolean } | { required: true }
    ? ValueOf<O[K]>
    : ValueOf<O[K]> | undefined;
};

export interface Parsed<O extends OptionDefs> {
  values: OptionValues<O>;
  positionals: string[];
  /** The options given on the command line (not filled in by a default). */
  given: ReadonlySet<keyof O & string>;
  help: boolean;
}

/** The node `parseArgs` options of a definition (plus --help). */
export function flagSpec(def: CommandDef): FlagSpec {
  const spec: FlagSpec = {};
  for (const [name, o] of Object.entries(def.options)) {
    spec[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  }
  spec.help = { type: 'boolean', short: 'h' };
  return spec;
}

/**
 * The hint for a stray word when npm ran the command: `npm run report --date D` (no lone `--`)
 * gives npm the flag (it sets npm_config_date=true) and the script only the bare value. Names the
 * flags npm took when it can tell, else says where options go. Undefined when npm did not run it.
 */
export function npmHint(def: CommandDef, word: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.npm_lifecycle_event !== def.name) return undefined;
  const taken = Object.entries(def.options)
    .filter(([name]) => env[`npm_config_${name.replace(/-/g, '_')}`] !== undefined)
    .map(([name, o]) => ({ name, o }));
  const strings = taken.filter(({ o }) => o.type === 'string');
  if (strings.length === 1 && taken.length === 1) {
    return `npm took --${strings[0]!.name} for itself: put the options after a lone --, as in ${def.invoke} --${strings[0]!.name} ${word}`;
  }
  const flags = taken.length ? `npm took ${taken.map(({ name }) => `--${name}`).join(', ')} for itself: ` : '';
  const example = def.examples.find((e) => e.startsWith(`${def.invoke} `)) ?? `${def.invoke} --option VALUE`;
  return `${flags}options for the command go after a lone --, as in ${example}`;
}

/** Parse `argv` against a definition: unknown options and stray words are ArgsErrors. */
export function parseCommand<O extends OptionDefs>(
  def: CommandDef<O>,
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Parsed<O> {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const { values, positionals } = parseFlags(def, args, env);
  const raw = values as Record<string, unknown>;
  const given = new Set(Object.keys(raw).filter((k) => k !== 'help' && raw[k] !== undefined)) as Set<keyof O & string>;
  const out: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(def.options)) {
    if (o.required && raw[name] === undefined && raw.help !== true)
      throw new ArgsError(`--${name} ${o.value ?? ''} is required (see --help)`.replace('  ', ' '));
    out[name] = raw[name] ?? o.default;
  }
  return { values: out as OptionValues<O>, positionals, given, help: raw.help === true };
}

function parseFlags(def: CommandDef, args: string[], env: NodeJS.ProcessEnv): ReturnType<typeof parseArgs> {
  try {
    return parseArgs(args, flagSpec(def), { positionals: def.positionals !== undefined });
  } catch (err) {
    const hint =
      err instanceof ArgsError && err.unexpected !== undefined ? npmHint(def, err.unexpected, env) : undefined;
    if (hint) throw new ArgsError(`unexpected argument ${err instanceof ArgsError ? err.unexpected : ''}: ${hint}`);
    throw err;
  }
}

function optionLabel(name: string, o: OptionDef): string {
  const flag = `${o.short ? `-${o.short}, ` : ''}--${name}`;
  return o.type === 'string' ? `${flag} ${o.value ?? 'VALUE'}` : flag;
}

/** The default as the help shows it, or undefined when there is none. */
export function defaultOf(o: OptionDef): string | undefined {
  if (o.defaultText !== undefined) return o.defaultText;
  if (o.default === undefined || o.default === false) return undefined;
  return String(o.default);
}

function table(rows: [string, string][], indent = '  '): string {
  const width = Math.min(30, Math.max(...rows.map(([a]) => a.length)));
  return rows
    .map(([a, b]) =>
      a.length > width ? `${indent}${a}\n${indent}${' '.repeat(width + 2)}${b}` : `${indent}${a.padEnd(width)}  ${b}`,
    )
    .join('\n');
}

/** The usage line: `npm run scrape:movies -- [options]`. */
export function usageLine(def: CommandDef): string {
  const words = [def.invoke, def.positionals?.usage, Object.keys(def.options).length ? '[options]' : ''].filter(
    Boolean,
  );
  return `usage: ${words.join(' ')}`;
}

/** The whole `--help` text, generated from the definition. */
export function helpText(def: CommandDef): string {
  const options: [string, string][] = Object.entries(def.options).map(([name, o]) => {
    const dflt = defaultOf(o);
    const extra = [
      o.required ? 'required' : '',
      o.multiple ? 'repeatable' : '',
      dflt !== undefined ? `default: ${dflt}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return [optionLabel(name, o), `${o.description}${extra ? ` (${extra})` : ''}`];
  });
  options.push([optionLabel('help', HELP_OPTION), HELP_OPTION.description]);
  const parts = [`${def.name}: ${def.summary}`, '', usageLine(def)];
  if (def.description) parts.push('', def.description.trim());
  if (def.docs) parts.push('', `More: ${def.docs}`);
  if (def.positionals) parts.push('', 'Arguments:', table([[def.positionals.usage, def.positionals.description]]));
  parts.push('', 'Options:', table(options));
  if (def.env.length) parts.push('', 'Environment:', table(def.env.map((n) => [n, ENVIRONMENT[n]!])));
  parts.push('', 'Exit codes:', table(Object.entries(def.exitCodes).map(([c, t]) => [c, t])));
  parts.push('', 'Examples:', ...def.examples.map((e) => `  ${e}`));
  return `${parts.join('\n')}\n`;
}

/** The README table's header (see tableRow). */
export const TABLE_HEADER = ['| command | does | options (`--help` for the details) |', '|---|---|---|'];

/** One README table row: the command with its required words, what it does, its other options. */
export function tableRow(def: CommandDef): string {
  const required = Object.entries(def.options)
    .filter(([, o]) => o.required)
    .map(([name, o]) => (o.type === 'string' ? `--${name} ${o.value ?? 'VALUE'}` : `--${name}`));
  const words = [def.positionals?.usage, ...required].filter(Boolean);
  const cmd = [words.length ? def.invoke : def.invoke.replace(/ --$/, ''), ...words].join(' ');
  const optional = Object.entries(def.options)
    .filter(([, o]) => !o.required)
    .map(([name, o]) => `\`--${name}\`${o.multiple ? '…' : ''}`);
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  const more = def.docs ? ` ([${def.docs.replace(/#.*$/, '')}](${def.docs}))` : '';
  return `| \`${cell(cmd)}\` | ${cell(def.summary)}${more} | ${optional.join(' ')} |`;
}

/** True when the module at `metaUrl` is the script node was started with (`npx tsx file.ts`). */
export function isMain(metaUrl: string): boolean {
  return Boolean(process.argv[1]) && metaUrl === pathToFileURL(resolve(process.argv[1]!)).href;
}

export interface CommandSpec<O extends OptionDefs, T> {
  def: CommandDef<O>;
  /** The parsed arguments → the command's options; throws ArgsError on bad usage. Light. */
  options(parsed: Parsed<O>): T;
  /** Does the work with the runtime (config, clock, logger, store); imports heavy modules lazily. */
  run(rt: Runtime, opts: T): Promise<number>;
  /** Checks that need the configuration's clock (CINERADAR_NOW or real time); throws ArgsError. */
  check?(opts: T, now: Date): void;
  /** A line logged as soon as the runtime's logger exists, before the heavy imports. */
  starting?(opts: T, config: Config): string;
  /**
   * Whether this run talks to TIX.id (its start-up line then names the host and limits); default:
   * the command reads TIX_API_BASE.
   */
  talksToTix?(opts: T): boolean;
}

export interface StandaloneSpec<O extends OptionDefs, T> {
  def: CommandDef<O>;
  options(parsed: Parsed<O>, env: NodeJS.ProcessEnv): T;
  /** Does the work without the shared runtime (demo, sim, bench, emulator). */
  main(opts: T): Promise<number>;
}

function fail(line: string, code: number): never {
  process.stderr.write(`${line}\n`);
  process.exit(code);
}

/** A usage or configuration error: its one line and exit 2 (shared/run/verdict.ts); any other error returns. */
function failOnUsageError(err: unknown, command: string): void {
  const line = usageErrorLine(err, command);
  if (line !== undefined) fail(line, EXIT_USAGE);
}

/**
 * Parse, answer --help, validate; returns the options, or exits (0 after the help, 2 on a usage
 * error with one line `name: message`).
 */
export function parseOrExit<O extends OptionDefs, T>(
  def: CommandDef<O>,
  options: (p: Parsed<O>) => T,
  argv: readonly string[],
): T {
  try {
    const parsed = parseCommand(def, argv);
    if (parsed.help) {
      process.stdout.write(helpText(def));
      process.exit(EXIT_OK);
    }
    return options(parsed);
  } catch (err) {
    failOnUsageError(err, def.name);
    throw err;
  }
}

/**
 * The entry point of a command that uses the runtime: arguments, then configuration (one line
 * and exit 2 on either error), then the runtime and `run`, which imports the heavy modules.
 * Never returns.
 */
export async function startCommand<O extends OptionDefs, T>(
  spec: CommandSpec<O, T>,
  argv = process.argv.slice(2),
): Promise<never> {
  const opts = parseOrExit(spec.def, spec.options, argv);
  const { loadConfig, checkCredentialFiles } = await import('./config.js');
  let config: Config;
  try {
    config = loadConfig(process.env);
    checkCredentialFiles(config);
    spec.check?.(opts, config.now ? new Date(config.now) : new Date());
  } catch (err) {
    failOnUsageError(err, spec.def.name);
    throw err;
  }
  const { runCli } = await import('./runtime.js');
  const tix = spec.talksToTix ? spec.talksToTix(opts) : spec.def.env.includes('TIX_API_BASE');
  return runCli(spec.def.name, (rt) => spec.run(rt, opts), {
    config,
    tix,
    starting: spec.starting ? (c) => spec.starting!(opts, c) : undefined,
  });
}

/**
 * The entry point of a command that builds its own world (demo, sim, bench, emulator): exit with
 * `main`'s code; a usage or configuration error is one line and exit 2, any other error one line
 * (its stack with `stack`) and exit 1.
 */
export async function startStandalone<O extends OptionDefs, T>(
  spec: StandaloneSpec<O, T>,
  opts: { argv?: string[]; stack?: boolean } = {},
): Promise<never> {
  const o = parseOrExit(spec.def, (p) => spec.options(p, process.env), opts.argv ?? process.argv.slice(2));
  let code: number;
  try {
    code = await spec.main(o);
  } catch (err) {
    failOnUsageError(err, spec.def.name);
    const text = err instanceof Error ? ((opts.stack ? err.stack : undefined) ?? err.message) : String(err);
    fail(`${spec.def.name}: ${text}`, EXIT_FAILED);
  }
  process.exit(code);
}
