/**
 * `npm run startup-times -- [--rounds N] [--only NAME]…`: how long the commands take to start,
 * measured side by side in one run (round-robin, median of the rounds, so a busy machine slows
 * every row alike):
 *
 *   node -e 0                          the runtime alone
 *   npm exec -- tsx EMPTY.ts           the baseline: the runner on an empty file
 *   npm exec -- tsx FILE --help        each command's help (target ≤ 1.3× the baseline)
 *   a configuration error              one line and exit 2 (same target as --help)
 *   the first log line of a real run   file store, simulator on 127.0.0.1 (target ≤ 1.5×)
 *
 * Prints a Markdown table (docs/performance.md has the last figures). Exit 1 with --strict when a
 * row misses its target.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argInt } from '../shared/args.js';
import { defineCommand, isMain, startStandalone, USAGE_EXIT, type Parsed } from '../shared/cli.js';
import { commandFiles } from './commands.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HELP_TARGET = 1.3;
export const FIRST_LINE_TARGET = 1.5;

export const command = defineCommand({
  name: 'startup-times',
  invoke: 'npm run startup-times --',
  summary: "measure the commands' start-up (--help, a config error, first log line) against an empty tsx file",
  description: `Runs each probe in turn, round after round, and prints the median per probe with its ratio to
\`npm exec -- tsx\` on an empty file: --help and configuration errors should stay within ${HELP_TARGET}×, the
first log line of a real run (file store, the simulator on 127.0.0.1) within ${FIRST_LINE_TARGET}×.`,
  options: {
    rounds: { type: 'string', value: 'N', default: '3', description: 'measurements per probe (the median is shown)' },
    only: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      defaultText: 'every probe',
      description: 'only the probes whose name contains NAME',
    },
    strict: { type: 'boolean', description: 'exit 1 when a probe misses its target' },
  },
  env: [],
  exitCodes: { 0: 'measured', 1: 'with --strict: a probe missed its target', ...USAGE_EXIT },
  examples: ['npm run startup-times', 'npm run startup-times -- --rounds 5 --only movies'],
});

export interface Probe {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** 'exit': until the process ends; 'line': until its first line of output (then it is stopped). */
  until: 'exit' | 'line';
  /** Ratio to the baseline this probe should stay within (none for the reference rows). */
  target?: number;
  /** The exit code it must end with ('exit' probes). */
  expectCode?: number;
}

export interface Measured {
  probe: Probe;
  ms: number[];
  /** CPU seconds (user + system) of the probe's processes, for 'exit' probes: what a busy machine does not inflate. */
  cpu: number[];
  problem?: string;
}

/** `times` output (bash) → the children's user + system seconds. */
export function childCpuSeconds(timesOutput: string): number | undefined {
  const lines = timesOutput.trim().split('\n').slice(-2);
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[1]?.trim() ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]) : undefined;
}

/**
 * Time one run of a probe: wall ms, and for 'exit' probes the CPU seconds its processes used
 * (bash's `times` after the command). Rejects with what went wrong (wrong exit code, no output).
 */
export function timeProbe(p: Probe, baseEnv: NodeJS.ProcessEnv): Promise<{ ms: number; cpu?: number }> {
  const argv = p.until === 'exit' ? ['bash', '-c', '"$@"; c=$?; times >&2; exit $c', 'probe', ...p.command] : p.command;
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: ROOT,
      env: { ...baseEnv, ...p.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let err = '';
    let seen: number | undefined;
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const onData = (b: Buffer) => {
      out += b.toString();
      if (p.until === 'line' && seen === undefined && out.includes('\n')) {
        seen = performance.now() - t0;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (p.until === 'line') {
        if (seen === undefined) fail(new Error(`no output (exit ${code})`));
        else done({ ms: seen });
        return;
      }
      if (p.expectCode !== undefined && code !== p.expectCode)
        fail(new Error(`exit ${code}, expected ${p.expectCode}: ${out.trim().split('\n')[0] ?? ''}`));
      else done({ ms, cpu: childCpuSeconds(err) });
    });
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const tsx = (file: string, ...args: string[]) => ['npm', 'exec', '--', 'tsx', file, ...args];

/** Every probe, given the empty file and the simulator's base URLs. */
export function probes(empty: string, world: { apiBase: string; appBase: string; dataDir: string }): Probe[] {
  const list: Probe[] = [
    { name: 'node -e 0', command: ['node', '-e', '0'], until: 'exit', expectCode: 0 },
    { name: 'npm exec -- tsx (empty file)', command: tsx(empty), until: 'exit', expectCode: 0 },
  ];
  for (const c of commandFiles(ROOT)) {
    list.push({
      name: `${c.script} --help`,
      command: tsx(c.file, '--help'),
      until: 'exit',
      target: HELP_TARGET,
      expectCode: 0,
    });
  }
  const fileStore = {
    CINERADAR_STORE: 'file',
    CINERADAR_DATA_DIR: world.dataDir,
    LOG_FORMAT: 'json',
    TIX_API_BASE: world.apiBase,
    TIX_APP_BASE: world.appBase,
  };
  list.push(
    {
      name: 'scrape:movies, CINERADAR_NOW=abc (exit 2)',
      command: tsx('scrapers/movies/main.ts'),
      env: { ...fileStore, CINERADAR_NOW: 'abc' },
      until: 'exit',
      target: HELP_TARGET,
      expectCode: 2,
    },
    {
      name: 'demo, CINERADAR_NOW=abc (exit 2)',
      command: tsx('scripts/demo.ts'),
      env: { CINERADAR_NOW: 'abc' },
      until: 'exit',
      target: HELP_TARGET,
      expectCode: 2,
    },
    {
      name: 'scrape:movies: first log line',
      command: tsx('scrapers/movies/main.ts'),
      env: fileStore,
      until: 'line',
      target: FIRST_LINE_TARGET,
    },
    {
      name: 'scrape:seats --mode morning: first log line',
      command: tsx('scrapers/seats/main.ts', '--mode', 'morning'),
      env: fileStore,
      until: 'line',
      target: FIRST_LINE_TARGET,
    },
    {
      name: 'pipeline: first log line',
      command: tsx('scripts/pipeline.ts'),
      env: fileStore,
      until: 'line',
      target: FIRST_LINE_TARGET,
    },
    {
      name: 'summary: first log line',
      command: tsx('scripts/summary.ts'),
      env: fileStore,
      until: 'line',
      target: FIRST_LINE_TARGET,
    },
  );
  return list;
}

/** The figures as a Markdown table, ratios to the empty-file baseline. */
export function resultTable(results: readonly Measured[], baselineMs: number, baselineCpu: number | undefined): string {
  const rows = results.map((r) => {
    if (r.problem)
      return `| ${r.probe.name} | – | – | – | – | ${r.probe.target ? `≤ ${r.probe.target}×` : ''} | FAILED: ${r.problem} |`;
    const ms = median(r.ms);
    const ratio = ms / baselineMs;
    const cpu = r.cpu.length ? median(r.cpu) : undefined;
    const cpuCells =
      cpu === undefined ? '– | –' : `${cpu.toFixed(2)} | ${baselineCpu ? `${(cpu / baselineCpu).toFixed(2)}×` : '–'}`;
    const verdict = r.probe.target === undefined ? '' : ratio <= r.probe.target ? 'ok' : 'MISSED';
    return `| ${r.probe.name} | ${Math.round(ms)} | ${ratio.toFixed(2)}× | ${cpuCells} | ${r.probe.target ? `≤ ${r.probe.target}×` : ''} | ${verdict} |`;
  });
  return [
    '| probe | wall ms (median) | wall vs empty tsx | CPU s | CPU vs empty tsx | target (wall) | |',
    '|---|--:|--:|--:|--:|---|---|',
    ...rows,
  ].join('\n');
}

interface StartupOptions {
  rounds: number;
  only: string[] | undefined;
  strict: boolean;
}

async function main(o: StartupOptions): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'cineradar-startup-'));
  const empty = join(work, 'empty.ts');
  writeFileSync(empty, '');
  const { startSimulator } = await import('./tix-sim/index.js');
  const sim = await startSimulator({ preset: 'tiny', loginDelayMs: 0 });
  try {
    const all = probes(empty, { apiBase: sim.apiBase, appBase: sim.appBase, dataDir: join(work, 'data') });
    const chosen = all.filter((p, i) => i < 2 || !o.only || o.only.some((w) => p.name.includes(w)));
    const results: Measured[] = chosen.map((probe) => ({ probe, ms: [], cpu: [] }));
    // The machine's own environment, minus anything that would point a command elsewhere.
    const baseEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      npm_config_update_notifier: 'false',
    };
    // One warm-up of the empty file so tsx's transform cache is in place for every row alike.
    await timeProbe(chosen[1]!, baseEnv).catch(() => undefined);
    for (let round = 0; round < o.rounds; round++) {
      for (const r of results) {
        if (r.problem) continue;
        try {
          const t = await timeProbe(r.probe, baseEnv);
          r.ms.push(t.ms);
          if (t.cpu !== undefined) r.cpu.push(t.cpu);
        } catch (err) {
          r.problem = err instanceof Error ? err.message : String(err);
        }
      }
      process.stderr.write(`startup-times: round ${round + 1} of ${o.rounds} done\n`);
    }
    const baseline = median(results[1]!.ms);
    const baselineCpu = results[1]!.cpu.length ? median(results[1]!.cpu) : undefined;
    const c = cpus();
    const load = loadavg()[0]!.toFixed(1);
    process.stdout.write(
      `Start-up times, median of ${o.rounds} rounds, ${c.length} × ${c[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, load average ${load}\n\n` +
        `${resultTable(results, baseline, baselineCpu)}\n`,
    );
    const missed = results.some(
      (r) => r.problem || (r.probe.target !== undefined && median(r.ms) / baseline > r.probe.target),
    );
    return o.strict && missed ? 1 : 0;
  } finally {
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function options({ values }: Parsed<typeof command.options>): StartupOptions {
  return {
    rounds: argInt(values.rounds, '--rounds', { min: 1, max: 50 })!,
    only: values.only,
    strict: values.strict ?? false,
  };
}

if (isMain(import.meta.url)) void startStandalone({ def: command, options, main });
