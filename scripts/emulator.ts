/**
 * The Firestore emulator for tests, the demo and development.
 *
 * `startEmulator()` uses FIRESTORE_EMULATOR_HOST when it is set (and leaves that emulator
 * running); otherwise it finds the Google emulator (the gcloud SDK's
 * `platform/cloud-firestore-emulator/cloud_firestore_emulator`, or firebase-tools), starts it on a
 * free port with `firestore.rules` when present, waits until it answers, and `stop()` kills its
 * whole process group.
 *
 *   npx tsx scripts/emulator.ts           start one, print FIRESTORE_EMULATOR_HOST=…, run until Ctrl-C
 *   npx tsx scripts/emulator.ts --check   say which emulator would be used (exit 1 when none)
 *   npx tsx scripts/emulator.ts --help    the options (defined once in `command`)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argInt } from '../shared/args.js';
import { defineCommand, isMain, startStandalone, USAGE_EXIT, type Parsed } from '../shared/cli.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LAUNCHER = join('platform', 'cloud-firestore-emulator', 'cloud_firestore_emulator');

export const INSTALL_HELP = [
  'No Firestore emulator found. Install one of:',
  '  Debian/Ubuntu: sudo apt-get install google-cloud-cli-firestore-emulator (Java 11+ needed)',
  '  gcloud SDK:    gcloud components install cloud-firestore-emulator',
  '  firebase-tools: npm install -g firebase-tools (Java 21 needed; downloads the emulator)',
  'or point FIRESTORE_EMULATOR_HOST=host:port at one that is already running.',
].join('\n');

export interface FoundEmulator {
  kind: 'gcloud' | 'firebase';
  /** The launcher (cloud_firestore_emulator) or the firebase CLI. */
  command: string;
}

export interface RunningEmulator {
  /** host:port, the value of FIRESTORE_EMULATOR_HOST. */
  host: string;
  /** True when we started it (stop() ends it); false for an emulator given by FIRESTORE_EMULATOR_HOST. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Rules file to load; false for none. Default: firestore.rules at the repo root when it exists. */
  rules?: string | false;
  port?: number;
  /** Give up when it does not answer within this time (ms). */
  timeoutMs?: number;
  /** Ignore FIRESTORE_EMULATOR_HOST and always start a new emulator. */
  fresh?: boolean;
  env?: NodeJS.ProcessEnv;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function gcloudSdkRoot(env: NodeJS.ProcessEnv): string | undefined {
  if (!onPath('gcloud', env)) return undefined;
  try {
    const out = execFileSync('gcloud', ['info', '--format=value(installation.sdk_root)'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000,
    }).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}

/** Where an emulator can be started from, or undefined. */
export function findEmulator(env: NodeJS.ProcessEnv = process.env): FoundEmulator | undefined {
  const roots = ['/usr/lib/google-cloud-sdk', '/usr/share/google-cloud-sdk'];
  for (const root of roots) {
    const launcher = join(root, LAUNCHER);
    if (existsSync(launcher)) return { kind: 'gcloud', command: launcher };
  }
  const sdk = gcloudSdkRoot(env);
  if (sdk && existsSync(join(sdk, LAUNCHER))) return { kind: 'gcloud', command: join(sdk, LAUNCHER) };
  const firebase = onPath('firebase', env);
  if (firebase) return { kind: 'firebase', command: firebase };
  return undefined;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolvePort(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function answers(host: string): Promise<boolean> {
  try {
    const res = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1000) });
    await res.text();
    return res.ok;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Start (or reuse) an emulator; resolves once it answers HTTP. */
export async function startEmulator(opts: StartOptions = {}): Promise<RunningEmulator> {
  const env = opts.env ?? process.env;
  if (env.FIRESTORE_EMULATOR_HOST && !opts.fresh) {
    const host = env.FIRESTORE_EMULATOR_HOST;
    if (!(await answers(host))) {
      throw new Error(`FIRESTORE_EMULATOR_HOST=${host} does not answer; start it or unset the variable`);
    }
    return { host, owned: false, stop: async () => {} };
  }
  const found = findEmulator(env);
  if (!found) throw new Error(INSTALL_HELP);

  const port = opts.port ?? (await freePort());
  const host = `127.0.0.1:${port}`;
  const defaultRules = join(REPO_ROOT, 'firestore.rules');
  const rules =
    opts.rules === false ? undefined : (opts.rules ?? (existsSync(defaultRules) ? defaultRules : undefined));

  let args: string[];
  let tmpDir: string | undefined;
  if (found.kind === 'gcloud') {
    args = ['start', '--host=127.0.0.1', `--port=${port}`];
    if (rules) args.push(`--rules=${rules}`);
  } else {
    tmpDir = mkdtempSync(join(tmpdir(), 'cineradar-emulator-'));
    const config = {
      firestore: rules ? { rules } : {},
      emulators: { firestore: { host: '127.0.0.1', port }, ui: { enabled: false }, logging: { level: 'WARN' } },
    };
    writeFileSync(join(tmpDir, 'firebase.json'), JSON.stringify(config));
    args = [
      'emulators:start',
      '--only',
      'firestore',
      '--project',
      'demo-cineradar',
      '--config',
      join(tmpDir, 'firebase.json'),
    ];
  }

  const child = spawn(found.command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, FIRESTORE_EMULATOR_HOST: undefined },
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 40) output.splice(0, output.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exitedPromise = new Promise<void>((r) =>
    child.on('exit', () => {
      exited = true;
      r();
    }),
  );
  child.on('error', (err) => output.push(`spawn error: ${err.message}`));
  // Never leave an emulator behind if this process ends without calling stop().
  const onExit = () => killGroup(child, 'SIGKILL');
  process.on('exit', onExit);

  const cleanup = () => {
    process.off('exit', onExit);
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  };

  const stop = async () => {
    if (!exited) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exitedPromise;
      clearTimeout(timer);
      // The launcher may exit before its java child; make sure the group is gone.
      killGroup(child, 'SIGKILL');
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
    cleanup();
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (!(await answers(host))) {
    if (exited || Date.now() > deadline) {
      const why = exited
        ? `exited with code ${child.exitCode}`
        : `did not answer within ${opts.timeoutMs ?? 60_000} ms`;
      await stop();
      throw new Error(`Firestore emulator (${found.command}) ${why}:\n${output.slice(-15).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { host, owned: true, stop };
}

/** Delete every document of a project in the emulator. */
export async function clearEmulator(host: string, projectId: string): Promise<void> {
  const res = await fetch(`http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`, {
    method: 'DELETE',
  });
  await res.text();
  if (!res.ok) throw new Error(`clearing emulator project ${projectId} at ${host} failed: HTTP ${res.status}`);
}

export const command = defineCommand({
  name: 'emulator',
  invoke: 'npx tsx scripts/emulator.ts',
  summary: 'start a Firestore emulator on a free port and print FIRESTORE_EMULATOR_HOST=… until Ctrl-C',
  description: `Finds the Google Firestore emulator (the gcloud SDK's cloud-firestore-emulator, or firebase-tools),
starts it with firestore.rules, prints FIRESTORE_EMULATOR_HOST=host:port once it answers, and stops
it (its whole process group) on Ctrl-C or SIGTERM.`,
  options: {
    check: { type: 'boolean', description: 'only say which emulator would be used (exit 1 when none)' },
    port: { type: 'string', value: 'N', defaultText: 'a free port', description: 'the port to listen on' },
  },
  env: ['FIRESTORE_EMULATOR_HOST', 'PATH'],
  exitCodes: {
    0: 'stopped with Ctrl-C or SIGTERM (--check: one was found)',
    1: 'no emulator found, or it did not start',
    ...USAGE_EXIT,
  },
  examples: ['npx tsx scripts/emulator.ts', 'npx tsx scripts/emulator.ts --check'],
});

export interface EmulatorCliOptions {
  check: boolean;
  port: number | undefined;
}

export function emulatorOptions({ values }: Parsed<typeof command.options>): EmulatorCliOptions {
  return { check: values.check ?? false, port: argInt(values.port, '--port', { min: 1, max: 65535 }) };
}

async function main(o: EmulatorCliOptions): Promise<number> {
  if (o.check) {
    if (process.env.FIRESTORE_EMULATOR_HOST) {
      console.log(`Firestore emulator: FIRESTORE_EMULATOR_HOST=${process.env.FIRESTORE_EMULATOR_HOST}`);
      return 0;
    }
    const found = findEmulator();
    if (!found) {
      console.error(INSTALL_HELP);
      return 1;
    }
    console.log(`Firestore emulator: ${found.command} (${found.kind})`);
    return 0;
  }
  const emulator = await startEmulator({ fresh: true, port: o.port });
  // Listen before printing the host: whoever reads it may stop us at once.
  const stopped = new Promise<void>((r) => {
    process.once('SIGINT', r);
    process.once('SIGTERM', r);
  });
  console.log(`FIRESTORE_EMULATOR_HOST=${emulator.host}`);
  console.error('Firestore emulator running; Ctrl-C stops it.');
  await stopped;
  await emulator.stop();
  return 0;
}

if (isMain(import.meta.url)) void startStandalone({ def: command, options: emulatorOptions, main });
