import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY,
  backoffCeiling,
  backoffDelay,
  decideRetry,
  isRetryable,
  parseRetryAfter,
} from '../../shared/http/retry.js';

const opts = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, maxRetries: 3, maxRetryAfterMs: 5000 };
const now = new Date('2026-01-19T00:00:00Z');

describe('backoff', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 10, 2000].map((n) => backoffCeiling(n, opts))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });
  it('full jitter: uniform in [0, ceiling)', () => {
    expect(backoffDelay(2, opts, () => 0)).toBe(0);
    expect(backoffDelay(2, opts, () => 0.5)).toBe(200);
    expect(backoffDelay(2, opts, () => 0.999999)).toBe(399);
    const many = Array.from({ length: 2000 }, () => backoffDelay(3, opts));
    expect(Math.min(...many)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...many)).toBeLessThan(800);
    expect(new Set(many).size).toBeGreaterThan(100);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });
  it('reads an HTTP date relative to now, past dates as 0', () => {
    expect(parseRetryAfter('Mon, 19 Jan 2026 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 18 Jan 2026 23:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent and unreadable values', () => {
    for (const v of [undefined, null, '', 'soon', '-5', '1e3']) expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});

describe('decideRetry', () => {
  it('retries network errors, timeouts, 5xx and 429; not other 4xx', () => {
    expect(isRetryable({ kind: 'network' })).toBe(true);
    expect(isRetryable({ kind: 'timeout' })).toBe(true);
    for (const s of [500, 502, 503, 504, 429]) expect(isRetryable({ kind: 'status', status: s })).toBe(true);
    for (const s of [400, 401, 403, 404, 422]) expect(isRetryable({ kind: 'status', status: s })).toBe(false);
  });
  it('waits the jittered backoff, or Retry-After when longer', () => {
    expect(decideRetry({ kind: 'status', status: 503 }, 1, undefined, opts, () => 0.5)).toEqual({
      retry: true,
      delayMs: 50,
    });
    expect(decideRetry({ kind: 'status', status: 429 }, 1, 2000, opts, () => 0.5)).toEqual({
      retry: true,
      delayMs: 2000,
    });
    expect(decideRetry({ kind: 'status', status: 429 }, 3, 10, opts, () => 0.5)).toEqual({ retry: true, delayMs: 200 });
  });
  it('gives up after maxRetries, on a too-long Retry-After and on 4xx', () => {
    expect(decideRetry({ kind: 'timeout' }, 4, undefined, opts).retry).toBe(false);
    expect(decideRetry({ kind: 'timeout' }, 3, undefined, opts).retry).toBe(true);
    expect(decideRetry({ kind: 'status', status: 429 }, 1, 60_000, opts)).toMatchObject({ retry: false });
    expect(decideRetry({ kind: 'status', status: 404 }, 1, undefined, opts)).toMatchObject({
      retry: false,
      reason: 'not retryable',
    });
  });
});
