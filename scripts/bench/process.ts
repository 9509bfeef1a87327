/**
 * The bench's scraper process: the parent forks `scripts/bench/child.ts` (through tsx) so peak
 * RSS and CPU seconds are the scraper's own, not the simulator's or the emulator's. The two talk
 * over the IPC channel: before each phase the child asks to start and waits until the parent has
 * reset the simulator's statistics; after it, the child sends its measurement and the parent reads
 * the child's VmHWM from /proc as a cross-check.
 */
import { fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { PhaseMeasure, PhaseName } from './report.js';

/** Parent → child: start the named phases. */
export interface ChildPlan {
  phases: PhaseName[];
  /** Extra, phase-specific settings (JIT instant, seat mode…), passed through as JSON. */
  settings: ChildSettings;
}

export interface ChildSettings {
  /** The instant the JIT pass runs at (the parent moves the simulator's clock to it first). */
  jitAt?: string;
  jitWindowMinutes?: number;
  date: string;
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'start'; phase: PhaseName }
  | { type: 'end'; measure: PhaseMeasure }
  | { type: 'fatal'; error: string };

export type ParentMessage = { type: 'plan'; plan: ChildPlan } | { type: 'go'; phase: PhaseName };

export interface ProcessHooks {
  /** Called before a phase starts (reset simulator statistics, move clocks). */
  beforePhase(phase: PhaseName): Promise<void>;
  /** Called with the child's measurement and the parent's /proc reading, while the child still lives. */
  afterPhase(measure: PhaseMeasure, vmHwmMb: number | null): Promise<void>;
}

/** VmHWM (peak resident set) of a live process from /proc, in MB; null off Linux or once it exited. */
export async function vmHwmMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export interface ChildRun {
  exitCode: number | null;
  fatal: string | undefined;
  measures: PhaseMeasure[];
}

/**
 * Run `plan` in a fresh scraper process with `env`; stderr (the scrapers' logs) goes to `logPath`.
 * Resolves when the child exits.
 */
export function runScraperProcess(
  plan: ChildPlan,
  env: NodeJS.ProcessEnv,
  hooks: ProcessHooks,
  logPath: string,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const logStream = createWriteStream(logPath, { flags: 'a' });
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.pipe(logStream, { end: false });
    child.stderr?.pipe(logStream, { end: false });
    const measures: PhaseMeasure[] = [];
    let fatal: string | undefined;
    let chain = Promise.resolve();
    const send = (m: ParentMessage) => {
      if (child.connected) child.send(m);
    };
    child.on('message', (raw) => {
      const msg = raw as ChildMessage;
      // Handle messages one after another: a phase's hooks finish before the next message.
      chain = chain
        .then(async () => {
          if (msg.type === 'ready') send({ type: 'plan', plan });
          else if (msg.type === 'start') {
            await hooks.beforePhase(msg.phase);
            send({ type: 'go', phase: msg.phase });
          } else if (msg.type === 'end') {
            const hwm = child.pid ? await vmHwmMb(child.pid) : null;
            measures.push(msg.measure);
            await hooks.afterPhase(msg.measure, hwm);
            send({ type: 'go', phase: msg.measure.phase });
          } else if (msg.type === 'fatal') fatal = msg.error;
        })
        .catch((err: unknown) => {
          fatal = `bench parent: ${err instanceof Error ? err.message : String(err)}`;
          child.kill('SIGTERM');
        });
    });
    child.on('error', (err) => {
      logStream.end();
      reject(err);
    });
    child.on('exit', (code) => {
      void chain.finally(() => {
        logStream.end();
        resolve({ exitCode: code, fatal, measures });
      });
    });
  });
}
