import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress, progressBar, progressFigures, progressText } from '../shared/progress.js';
import { captureLog } from './helpers/log-capture.js';

class FakeStream {
  chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 200,
  ) {}
  write(s: string) {
    this.chunks.push(s);
    return true;
  }
  get text() {
    return this.chunks.join('');
  }
}

describe('progress figures (pure)', () => {
  it('computes percent, request rate and ETA from done/failed/total and elapsed time', () => {
    const f = progressFigures({ label: 'x', done: 30, failed: 10, total: 160, elapsedMs: 20_000, requests: 300 });
    expect(f.finished).toBe(40);
    expect(f.pct).toBe(25);
    expect(f.reqPerSec).toBe(15);
    // 120 left at 2 per second → 60 s
    expect(f.etaMs).toBe(60_000);
  });

  it('has no ETA before anything finished, zero ETA when all is done, no rate without a request counter', () => {
    expect(
      progressFigures({ label: 'x', done: 0, failed: 0, total: 10, elapsedMs: 5000, requests: 4 }).etaMs,
    ).toBeUndefined();
    expect(progressFigures({ label: 'x', done: 10, failed: 0, total: 10, elapsedMs: 5000, requests: 4 }).etaMs).toBe(0);
    expect(
      progressFigures({ label: 'x', done: 1, failed: 0, total: 10, elapsedMs: 5000, requests: undefined }).reqPerSec,
    ).toBeUndefined();
    expect(progressFigures({ label: 'x', done: 0, failed: 0, total: 0, elapsedMs: 0, requests: 0 }).pct).toBe(100);
  });

  it('never counts a failure as done: every unit failed reads 0 done, not 83/83', () => {
    const all = { label: 'movies: cities', done: 0, failed: 83, total: 83, elapsedMs: 4000, requests: 3 };
    expect(progressText(all, true)).toBe('movies: cities 0/83 done, 83 failed (100% through) 0.8 req/s in 4.0s');
    expect(progressText(all, true)).not.toMatch(/83\/83/);
  });

  it('renders text and a bar that fits the terminal', () => {
    const s = { label: 'schedules', done: 50, failed: 2, total: 104, elapsedMs: 10_000, requests: 142 };
    expect(progressText(s)).toBe('schedules 50/104 done, 2 failed (50% through) 14.2 req/s ETA 10s');
    expect(progressText(s, true)).toBe('schedules 50/104 done, 2 failed (50% through) 14.2 req/s in 10s');
    expect(progressText({ ...s, failed: 0 })).toBe('schedules 50/104 (48%) 14.2 req/s ETA 11s');
    const bar = progressBar(s, 10);
    expect(bar.startsWith('[█████░░░░░] schedules 50/104 done, 2 failed')).toBe(true);
    expect(progressBar(s, 10, 30).length).toBeLessThanOrEqual(29);
  });
});

describe('createProgress', () => {
  let t = 0;
  const now = () => t;
  beforeEach(() => {
    vi.useFakeTimers();
    t = 1_000_000;
  });
  afterEach(() => vi.useRealTimers());

  it('logs a line every interval when not on a TTY, with done/total, req/s and ETA, and a final line on stop', () => {
    const { log, lines } = captureLog('info');
    const stream = new FakeStream(false);
    let requests = 500; // requests made before the progress started do not count
    const p = createProgress({
      label: 'cities',
      total: 83,
      log,
      intervalMs: 5000,
      requests: () => requests,
      stream,
      now,
    });

    for (let i = 0; i < 20; i++) p.tick();
    requests += 100;
    t += 5000;
    vi.advanceTimersByTime(5000);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ progress: 'cities', done: 20, total: 83, pct: 24, req_per_s: 20, eta_s: 16 });
    expect(lines()[0]!.msg).toBe('cities 20/83 (24%) 20.0 req/s ETA 16s');

    p.fail(3);
    p.addTotal(7);
    for (let i = 0; i < 67; i++) p.tick();
    requests += 200;
    t += 10_000;
    vi.advanceTimersByTime(4999);
    expect(lines()).toHaveLength(1); // not yet: the next line is due 5 s after the first
    vi.advanceTimersByTime(1);
    expect(lines()).toHaveLength(2);
    expect(lines()[1]!.msg).toBe('cities 87/90 done, 3 failed (100% through) 20.0 req/s ETA 0.0s');
    p.stop();
    expect(lines()).toHaveLength(3);
    expect(lines()[2]).toMatchObject({
      progress: 'cities',
      done: 87,
      failed: 3,
      total: 90,
      elapsed_ms: 15_000,
      req_per_s: 20,
    });
    expect(lines()[2]!.msg).toBe('cities 87/90 done, 3 failed (100% through) 20.0 req/s in 15s');
    expect(stream.text).toBe(''); // nothing drawn on a non-terminal

    // stopped: no more lines, stop is idempotent
    vi.advanceTimersByTime(60_000);
    p.stop();
    expect(lines()).toHaveLength(3);
  });

  it('draws a live single-line bar on a TTY and ends it with a newline', () => {
    const { log, lines } = captureLog('info');
    const stream = new FakeStream(true);
    const p = createProgress({ label: 'seats', total: 4, log, stream, now });
    expect(stream.chunks).toHaveLength(1);
    expect(stream.chunks[0]).toBe(`\r\x1b[2K[${'░'.repeat(24)}] seats 0/4 (0%) ETA ?`);

    t += 1000;
    p.tick();
    t += 1000;
    p.tick();
    const last = stream.chunks.at(-1)!;
    expect(last.startsWith('\r\x1b[2K')).toBe(true);
    expect(last).toContain('seats 2/4 (50%)');
    expect(last).not.toContain('\n');

    t += 1000;
    vi.advanceTimersByTime(1000); // redrawn every second even without ticks (ETA moves)
    expect(stream.chunks.at(-1)).toContain('seats 2/4 (50%) ETA 3.0s');

    p.tick(2);
    p.stop();
    expect(stream.chunks.at(-1)).toMatch(/seats 4\/4 \(100%\).*\n$/);
    expect(stream.text.split('\n')).toHaveLength(2); // one line, redrawn in place, then the newline
    expect(lines().at(-1)!.msg).toBe('seats 4/4 (100%) in 3.0s');
  });

  it('throttles redraws on a TTY to avoid flooding the terminal', () => {
    const { log } = captureLog('info');
    const stream = new FakeStream(true);
    const p = createProgress({ label: 'pairs', total: 10_000, log, stream, now });
    for (let i = 0; i < 10_000; i++) p.tick();
    expect(stream.chunks.length).toBeLessThan(5);
    p.stop();
    expect(stream.chunks.at(-1)).toContain('pairs 10000/10000 (100%)');
  });
});
