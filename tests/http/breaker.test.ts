import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../shared/http/breaker.js';

function setup(threshold = 3, openMs = 1000) {
  let t = 0;
  const opened: string[] = [];
  const b = new CircuitBreaker({ failureThreshold: threshold, openMs }, () => t);
  b.onOpen((r) => opened.push(r));
  return { b, opened, advance: (ms: number) => (t += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after a run of consecutive failures; a success resets the run', () => {
    const { b, opened } = setup(3);
    b.failure('503');
    b.failure('503');
    b.success();
    b.failure('timeout');
    b.failure('timeout');
    expect(b.state).toBe('closed');
    b.failure('timeout');
    expect(b.state).toBe('open');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/3 consecutive failures/);
    const a = b.admit();
    expect(a.ok).toBe(false);
  });

  it('opens at once on a 403 and says blocked', () => {
    const { b, opened } = setup(50);
    b.blocked('GET /v1/cities');
    expect(b.state).toBe('open');
    expect(opened[0]).toMatch(/403/);
    expect(b.snapshot()).toMatchObject({ state: 'open', opened: 1, retryAt: 1000 });
  });

  it('half-opens after openMs, admits exactly one probe, and closes on its success', () => {
    const { b, advance } = setup(1, 1000);
    b.failure('network');
    advance(999);
    expect(b.admit().ok).toBe(false);
    advance(1);
    expect(b.state).toBe('half-open');
    expect(b.admit()).toEqual({ ok: true, probe: true });
    expect(b.admit().ok).toBe(false); // second caller while the probe runs
    b.success();
    expect(b.state).toBe('closed');
    expect(b.admit()).toEqual({ ok: true, probe: false });
  });

  it('re-opens when the probe fails, counting the opening', () => {
    const { b, advance, opened } = setup(2, 500);
    b.failure('x');
    b.failure('x');
    advance(500);
    expect(b.admit().ok).toBe(true);
    b.failure('503');
    expect(b.state).toBe('open');
    expect(opened).toHaveLength(2);
    expect(b.snapshot().reason).toMatch(/probe failed/);
    advance(499);
    expect(b.state).toBe('open');
  });

  it('a cancelled probe lets the next caller probe', () => {
    const { b, advance } = setup(1, 100);
    b.failure('x');
    advance(100);
    expect(b.admit().ok).toBe(true);
    b.release();
    expect(b.admit().ok).toBe(true);
  });

  it('stays open when a request admitted before it opened succeeds afterwards', () => {
    const { b, advance } = setup(50, 1000);
    expect(b.admit().ok).toBe(true); // in flight while the breaker is closed
    b.blocked('GET /v1/movies'); // another request gets a 403
    b.success(); // the earlier request's 200 arrives late
    expect(b.state).toBe('open');
    expect(b.admit().ok).toBe(false);
    advance(1000);
    expect(b.admit()).toEqual({ ok: true, probe: true });
    b.success(); // the probe's success does close it
    expect(b.state).toBe('closed');
  });
});
