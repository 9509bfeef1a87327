/**
 * Progress of a long pass (cities, pairs, showtimes): a live one-line bar on a terminal, and in CI
 * (no TTY) a log line every few seconds with done/total, requests per second and the ETA. `stop()`
 * prints the final line either way.
 */
import type { Logger } from 'pino';
import { formatDuration } from './run/report.js';

export interface ProgressOptions {
  label: string;
  total: number;
  log: Logger;
  /** Time between log lines when not on a TTY, in ms (default 5000). */
  intervalMs?: number;
  /** The client's cumulative request count, for req/s. */
  requests?: () => number;
  /** Where the live bar goes and whose `isTTY` decides the mode (default process.stderr). */
  stream?: { isTTY?: boolean; write(s: string): unknown; columns?: number };
  /** Milliseconds now (default Date.now); tests pass a fake. */
  now?: () => number;
}

export interface Progress {
  /** `n` units done. */
  tick(n?: number): void;
  /** `n` units failed (they count towards done/total, and are shown). */
  fail(n?: number): void;
  /** More work discovered (e.g. another schedule page). */
  addTotal(n: number): void;
  /** Stop the timer and print the final line. Idempotent. */
  stop(): void;
}

export interface ProgressState {
  label: string;
  done: number;
  failed: number;
  total: number;
  elapsedMs: number;
  /** Requests made since the progress started, when known. */
  requests: number | undefined;
}

export interface ProgressFigures {
  finished: number;
  pct: number;
  reqPerSec: number | undefined;
  etaMs: number | undefined;
}

/** The numbers shown, from the state: pure. */
export function progressFigures(s: ProgressState): ProgressFigures {
  const finished = s.done + s.failed;
  const pct = s.total > 0 ? Math.min(100, Math.floor((finished / s.total) * 100)) : 100;
  const secs = s.elapsedMs / 1000;
  const reqPerSec = s.requests === undefined ? undefined : secs > 0 ? s.requests / secs : 0;
  const remaining = Math.max(0, s.total - finished);
  const etaMs =
    remaining === 0 ? 0 : finished > 0 && s.elapsedMs > 0 ? (remaining * s.elapsedMs) / finished : undefined;
  return { finished, pct, reqPerSec, etaMs };
}

/**
 * `schedules 120/480 (25%) 14.2 req/s ETA 1m 5s`; with failures, done and failed apart (a failure
 * is never counted as done): `schedules 117/480 done, 3 failed (25% through) 14.2 req/s ETA 1m 5s`.
 */
export function progressText(s: ProgressState, final = false): string {
  const f = progressFigures(s);
  const parts = [
    s.failed
      ? `${s.label} ${s.done}/${s.total} done, ${s.failed} failed (${f.pct}% through)`
      : `${s.label} ${s.done}/${s.total} (${f.pct}%)`,
  ];
  if (f.reqPerSec !== undefined) parts.push(`${f.reqPerSec.toFixed(1)} req/s`);
  if (final) parts.push(`in ${formatDuration(s.elapsedMs)}`);
  else parts.push(`ETA ${f.etaMs === undefined ? '?' : formatDuration(f.etaMs)}`);
  return parts.join(' ');
}

/** The terminal bar: `[██████░░░░░░] ` followed by the text, cut to the terminal's width. */
export function progressBar(s: ProgressState, width = 24, columns = 120): string {
  const { finished } = progressFigures(s);
  const filled = s.total > 0 ? Math.min(width, Math.round((finished / s.total) * width)) : width;
  const line = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${progressText(s)}`;
  return line.length > columns - 1 ? line.slice(0, Math.max(10, columns - 1)) : line;
}

const TTY_REDRAW_MS = 100;

/** The fields every progress log line carries. */
function progressFields(s: ProgressState, f: ReturnType<typeof progressFigures>): Record<string, unknown> {
  const reqPerSec = f.reqPerSec === undefined ? undefined : Math.round(f.reqPerSec * 10) / 10;
  return { progress: s.label, done: s.done, failed: s.failed, total: s.total, req_per_s: reqPerSec };
}

export function createProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const tty = Boolean(stream.isTTY);
  const intervalMs = opts.intervalMs ?? 5000;
  const start = now();
  const requestsAtStart = opts.requests?.() ?? 0;
  let done = 0;
  let failed = 0;
  let total = Math.max(0, opts.total);
  let stopped = false;
  let lastDraw = -Infinity;

  const state = (): ProgressState => ({
    label: opts.label,
    done,
    failed,
    total,
    elapsedMs: Math.max(0, now() - start),
    requests: opts.requests ? opts.requests() - requestsAtStart : undefined,
  });

  const draw = (force = false) => {
    const t = now();
    if (!force && t - lastDraw < TTY_REDRAW_MS) return;
    lastDraw = t;
    stream.write(`\r\x1b[2K${progressBar(state(), 24, stream.columns ?? 120)}`);
  };

  const logLine = () => {
    const s = state();
    const f = progressFigures(s);
    const etaS = f.etaMs === undefined ? undefined : Math.round(f.etaMs / 1000);
    opts.log.info({ ...progressFields(s, f), pct: f.pct, eta_s: etaS }, progressText(s));
  };

  const timer = setInterval(() => (tty ? draw(true) : logLine()), tty ? 1000 : intervalMs);
  timer.unref?.();
  if (tty) draw(true);

  const changed = () => {
    if (tty && !stopped) draw();
  };

  return {
    tick(n = 1) {
      done += n;
      changed();
    },
    fail(n = 1) {
      failed += n;
      changed();
    },
    addTotal(n: number) {
      total += n;
      changed();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      const s = state();
      if (tty) stream.write(`\r\x1b[2K${progressBar(s, 24, stream.columns ?? 120)}\n`);
      opts.log.info({ ...progressFields(s, progressFigures(s)), elapsed_ms: s.elapsedMs }, progressText(s, true));
    },
  };
}
