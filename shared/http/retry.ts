/**
 * Retry policy of the HTTP clients (TIX.id and the geocoders), as pure functions: what one attempt
 * ended with, which outcomes are worth another attempt, how long to wait (exponential backoff with
 * full jitter, at least what `Retry-After` asks), and how to read `Retry-After` (delta-seconds or
 * an HTTP date).
 */
import type { HttpResponse, TransportError } from './transport.js';

export interface RetryOptions {
  /** Attempts after the first one. */
  maxRetries: number;
  /** First backoff ceiling; attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs·2ⁿ)). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** What one attempt ended with, as far as the retry decision cares. */
export type Outcome =
  | { kind: 'status'; status: number; code?: string }
  | { kind: 'timeout' }
  | { kind: 'network' }
  /** A 2xx whose body is truncated, not JSON or not of the documented shape: retried like a 5xx. */
  | { kind: 'malformed' };

/** The outcome of an attempt the transport could not complete. */
export function transportOutcome(err: TransportError): Outcome {
  return err.code === 'TIMEOUT' ? { kind: 'timeout' } : { kind: 'network' };
}

/** How statistics and logs name an outcome: the HTTP status (`"503"`), `timeout`, `network` or `malformed`. */
export function outcomeLabel(o: Outcome): string {
  return o.kind === 'status' ? String(o.status) : o.kind;
}

/** A response header's first value. */
export function headerValue(h: HttpResponse['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** True when another attempt can succeed: network errors, timeouts, malformed 2xx bodies, 5xx, 429 (and 408). */
export function isRetryable(o: Outcome): boolean {
  if (o.kind !== 'status') return true;
  return o.status >= 500 || o.status === 429 || o.status === 408;
}

/** True when the outcome counts toward the breaker's run of consecutive failures. */
export function isServiceFailure(o: Outcome): boolean {
  return isRetryable(o);
}

/**
 * The backoff ceiling of attempt `n` (0 = the wait before the first retry): base·2ⁿ capped at max.
 */
export function backoffCeiling(n: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  const exp = opts.baseDelayMs * 2 ** Math.max(0, n);
  return Math.min(opts.maxDelayMs, Number.isFinite(exp) ? exp : opts.maxDelayMs);
}

/** "Full jitter": a uniform random wait in [0, ceiling). `random` is injectable for tests. */
export function backoffDelay(
  n: number,
  opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(n, opts));
}

/**
 * Milliseconds a `Retry-After` header asks for, or undefined when absent or unreadable.
 * Accepts delta-seconds (`120`, `1.5` tolerated) and an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`),
 * the latter relative to `now`. A date in the past means 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return undefined; // "-5", "1e3": not a delta nor a date
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now.getTime());
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Whether to retry after attempt `attempt` (1-based count of attempts made so far) ended with
 * `outcome`, and how long to wait: the jittered backoff, but never less than `Retry-After`.
 */
export function decideRetry(
  outcome: Outcome,
  attempt: number,
  retryAfterMs: number | undefined,
  opts: RetryOptions,
  random: () => number = Math.random,
): RetryDecision {
  if (!isRetryable(outcome)) return { retry: false, reason: 'not retryable' };
  if (attempt > opts.maxRetries) return { retry: false, reason: `gave up after ${attempt} attempts` };
  if (retryAfterMs !== undefined && retryAfterMs > opts.maxRetryAfterMs) {
    return { retry: false, reason: `Retry-After of ${Math.round(retryAfterMs / 1000)} s is longer than we wait` };
  }
  const jitter = backoffDelay(attempt - 1, opts, random);
  return { retry: true, delayMs: Math.max(jitter, retryAfterMs ?? 0) };
}
