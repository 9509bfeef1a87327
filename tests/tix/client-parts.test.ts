import { describe, expect, it } from 'vitest';
import { formatIssuePath, toLayoutPath } from '../../shared/tix/client.js';
import { percentile, RequestStats } from '../../shared/http/stats.js';
import { ENDPOINTS } from '../../shared/tix/errors.js';
import { formatSpan, minTtlCheck, renderStatus } from '../../scripts/token.js';

describe('client helpers', () => {
  it('formats a zod issue path like a property access', () => {
    expect(formatIssuePath(['data', 'theaters', 3, 'price_groups', 0, 'show_time', 2, 'id'])).toBe(
      'data.theaters[3].price_groups[0].show_time[2].id',
    );
    expect(formatIssuePath([])).toBe('');
    expect(formatIssuePath([0, 'a'])).toBe('[0].a');
  });
  it('maps every merchant spelling to its layout path', () => {
    expect(['XXI', 'CGV', 'Cinépolis', 'CINEPOLIS', ' cinepolis ', 'xxi', 'cgv'].map(toLayoutPath)).toEqual([
      'xxi',
      'cgv',
      'cinepolis',
      'cinepolis',
      'cinepolis',
      'xxi',
      'cgv',
    ]);
    expect(toLayoutPath('IMAX')).toBeUndefined();
  });
});

describe('request stats', () => {
  it('nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([], 50)).toBe(0);
    expect(percentile([7], 95)).toBe(7);
  });
  it('counts per endpoint and in total', () => {
    const s = new RequestStats(ENDPOINTS);
    s.call('movies');
    s.attempt('movies', '503', 10, 5, false);
    s.attempt('movies', '200', 30, 100, true);
    s.call('cities');
    s.attempt('cities', 'timeout', 50, 0, false);
    s.failure('cities');
    const snap = s.snapshot();
    expect(snap.movies).toMatchObject({
      calls: 1,
      requests: 2,
      retries: 1,
      failures: 0,
      bytes: 105,
      status: { '503': 1, '200': 1 },
    });
    expect(snap.movies.latencyMs).toEqual({ p50: 10, p95: 30, max: 30, mean: 20 });
    expect(snap.total).toMatchObject({
      calls: 2,
      requests: 3,
      retries: 1,
      failures: 1,
      bytes: 105,
      status: { '503': 1, '200': 1, timeout: 1 },
    });
    expect(snap.layout.requests).toBe(0);
  });
});

describe('token CLI helpers', () => {
  const base = {
    exists: true,
    source: 'refresh' as const,
    phone: '62812****789',
    storedAt: '2026-01-19T00:00:00.000Z',
    expiresAt: '2026-01-19T00:30:00.000Z',
    refreshExpiresAt: '2026-04-20T00:00:00.000Z',
    ageMs: 65_000,
    accessLeftMs: 25 * 60_000,
    refreshLeftMs: 2 * 86_400_000 + 3 * 3_600_000,
  };
  it('formats spans', () => {
    expect(formatSpan(45_000)).toBe('45 s');
    expect(formatSpan(125 * 60_000)).toBe('2 h 5 min');
    expect(formatSpan(-3 * 60_000)).toBe('-3 min');
    expect(formatSpan(3 * 86_400_000 + 7_200_000)).toBe('3 d 2 h');
  });
  it('--min-ttl compares against the refresh token', () => {
    expect(minTtlCheck(base, undefined)).toEqual({ ok: true });
    expect(minTtlCheck(base, 24 * 60).ok).toBe(true);
    expect(minTtlCheck(base, 3 * 24 * 60)).toMatchObject({ ok: false });
    expect(minTtlCheck({ ...base, accessLeftMs: -1 }, 60).ok).toBe(true); // an expired access token is renewed on demand
    expect(minTtlCheck({ exists: false, problem: 'missing' }, 1).ok).toBe(false);
  });
  it('renders the status without anything but times, source and the masked phone', () => {
    const lines = renderStatus(base).join('\n');
    expect(lines).toContain('62812****789');
    expect(lines).toContain('25 min left');
    expect(lines).toContain('2 d 3 h left');
    expect(renderStatus({ ...base, accessLeftMs: -120_000 }).join('\n')).toContain('expired 2 min ago');
  });
});
