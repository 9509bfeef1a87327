/**
 * What every entry point starts with: the configuration (parsed once), the clock, the logger and
 * the store, and `runCli`, which runs a command's main function with them and exits promptly with
 * its code.
 *
 *   runCli('scrape:movies', async (rt, argv) => { …; return 0; });
 *
 * A configuration error prints one line (`configuration error: VAR: expected …`) and exits 2; a
 * usage error (ArgsError) prints one line and exits 2; any other error is logged (message only,
 * scrubbed of secrets) and exits 1. The store is always closed before exiting.
 */
import { clockFromEnv, jakartaDate, type Clock } from './clock.js';
import { checkCredentialFiles, loadConfig, type Config } from './config.js';
import { createLogger, scrubString, type Logger } from './log.js';
import { EXIT_FAILED, EXIT_USAGE, usageErrorLine } from './run/verdict.js';
import type { Store } from './store/store.js';

export interface Runtime {
  config: Config;
  clock: Clock;
  log: Logger;
  store: Store;
  /** Close what the runtime opened (the store it created; a store passed in stays open). */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** The environment to read (process.env by default). */
  env?: Record<string, string | undefined>;
  /** A configuration already loaded (and checked) from `env`. */
  config?: Config;
  /** A line to log as soon as the logger exists (before the store's modules are loaded). */
  starting?: (config: Config) => string;
  /** The command talks to TIX.id: the start-up line names its host and limits (default true). */
  tix?: boolean;
  store?: Store;
  clock?: Clock;
  log?: Logger;
}

/**
 * The start-up line every command logs: which store (and project or directory), which date
 * (Asia/Jakarta, by the clock) and, for a command that talks to TIX.id (`tix`), its API host and
 * limits. No secret: hosts and ids only.
 */
export function startupLine(config: Config, clock: Clock, tix = true): string {
  const s = config.store;
  const store =
    s.kind === 'file'
      ? `file store ${s.dataDir}`
      : `firestore project ${s.projectId}${s.emulatorHost ? ` (emulator ${s.emulatorHost})` : ''}`;
  let host = config.tix.apiBase;
  try {
    host = new URL(config.tix.apiBase).host;
  } catch {
    // keep the configured text
  }
  const now = clock.now();
  const date = `date: ${jakartaDate(now)} (Asia/Jakarta)${config.now ? `, clock pinned to ${config.now}` : ''}`;
  if (!tix) return `store: ${store}; ${date}`;
  return `store: ${store}; API host: ${host}; ${date}; limits: ${config.tix.rps} req/s, ${config.tix.concurrency} concurrent`;
}

/** Build a runtime. Throws ConfigError naming the first bad variable. */
export async function createRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const env = opts.env ?? process.env;
  const config = opts.config ?? loadConfig(env);
  if (!opts.config) checkCredentialFiles(config, env);
  const clock = opts.clock ?? clockFromEnv(config.now);
  let log = opts.log;
  if (!log) {
    log = createLogger({ level: config.log.level, format: config.log.format });
  }
  if (opts.starting) log.info(opts.starting(config));
  log.info(
    { store: config.store.kind, project: config.store.kind === 'firestore' ? config.store.projectId : undefined },
    startupLine(config, clock, opts.tix ?? true),
  );
  const ownStore = !opts.store;
  const store = opts.store ?? (await (await import('./store/index.js')).createStore(config, log));
  let closed = false;
  return {
    config,
    clock,
    log,
    store,
    async close() {
      if (closed) return;
      closed = true;
      if (ownStore) await store.close();
    },
  };
}

function messageOf(err: unknown): string {
  return scrubString(err instanceof Error ? err.message : String(err));
}

/** Wait for a promise, but no longer than `ms`. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** A command's error: a usage or configuration error is one line on stderr (exit 2), any other is logged (exit 1). */
function reportError(rt: Runtime, name: string, err: unknown): number {
  const usage = usageErrorLine(err, name);
  if (usage !== undefined) {
    process.stderr.write(`${usage}\n`);
    return EXIT_USAGE;
  }
  rt.log.fatal({ error: err instanceof Error ? err.name : 'Error' }, `${name} failed: ${messageOf(err)}`);
  if (err instanceof Error && err.stack) rt.log.debug({ stack: err.stack }, 'stack');
  return EXIT_FAILED;
}

export type CliMain = (rt: Runtime, argv: string[]) => Promise<number>;

/**
 * Run a command: build the runtime, call `main` with the arguments after the script name, close
 * the store, and exit with main's code. Never returns.
 */
export async function runCli(
  name: string,
  main: CliMain,
  opts: RuntimeOptions & { argv?: string[] } = {},
): Promise<never> {
  let rt: Runtime;
  try {
    rt = await createRuntime(opts);
  } catch (err) {
    const usage = usageErrorLine(err, name);
    process.stderr.write(`${usage ?? `${name}: cannot start: ${messageOf(err)}`}\n`);
    process.exit(usage === undefined ? EXIT_FAILED : EXIT_USAGE);
  }
  let code: number;
  try {
    code = await main(rt, opts.argv ?? process.argv.slice(2));
  } catch (err) {
    code = reportError(rt, name, err);
  }
  await within(rt.close(), 5000);
  rt.log.flush?.();
  process.exit(code);
}
