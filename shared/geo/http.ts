/**
 * How the geocoding clients talk HTTP: the machinery of shared/http/ the TIX.id client uses too,
 * not a second copy of it. Every attempt, retries included, waits for a slot of the provider's own
 * `Limiter` (shared/http/limiter.ts); network errors, timeouts, 5xx and 429 are retried with the
 * policy of shared/http/retry.ts (exponential backoff with full jitter, at least what `Retry-After`
 * asks); the transport is shared/http/transport.ts; a run of consecutive failures (network,
 * timeouts, 5xx, 429, after their retries) opens shared/http/breaker.ts's circuit breaker for the
 * rest of the run, so a service that is down costs a few requests, not a few per theatre. What an answer means is
 * the provider client's business: `send` returns the last response, whatever its status.
 *
 * Requests are described by method, host-less path and query only; the Google key travels in a
 * header and never appears in an error, a log line or the statistics.
 */
import { CircuitBreaker } from '../http/breaker.js';
import { Limiter } from '../http/limiter.js';
import { createNodeTransport, TransportError, type HttpResponse, type Transport } from '../http/transport.js';
import {
  DEFAULT_RETRY,
  decideRetry,
  headerValue,
  isServiceFailure,
  outcomeLabel,
  parseRetryAfter,
  transportOutcome,
  type Outcome,
  type RetryOptions,
} from '../http/retry.js';
import { percentile } from '../http/stats.js';
import type { Logger } from '../log.js';

export type GeoProviderName = 'google' | 'osm';

/** A request to a geocoding service failed. `request` is `GET /search?q=…` (never a header). */
export class GeoError extends Error {
  constructor(
    readonly provider: GeoProviderName,
    readonly request: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`${provider === 'google' ? 'Google Places' : 'Nominatim'} ${request}: ${message}`);
    this.name = 'GeoError';
  }
}

/** The service refuses our credentials or identity: no later request can succeed, stop the run. */
export class GeoRefusedError extends GeoError {
  constructor(provider: GeoProviderName, request: string, status: number, code: string | undefined, message: string) {
    super(provider, request, status, code, message);
    this.name = 'GeoRefusedError';
  }
}

export interface GeoRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** How errors and logs name the request: method, path and query, no host, no header. */
  describe: string;
}

export interface GeoHttpStats {
  /** HTTP attempts sent (retries included). */
  requests: number;
  retries: number;
  /** Calls that did not end with a 2xx. */
  failures: number;
  bytes: number;
  p50_ms: number;
  p95_ms: number;
  /** Attempts by outcome: HTTP status or timeout/network. */
  status: Record<string, number>;
}

export interface GeoHttpOptions {
  provider: GeoProviderName;
  limiter: Limiter;
  log: Logger;
  transport?: Transport;
  retry?: Partial<RetryOptions>;
  /** Per attempt, whole answer included. Default 20 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Consecutive failed attempts after which no more requests are sent this run. Default 8. */
  failureThreshold?: number;
}

export interface GeoHttp {
  send(req: GeoRequest): Promise<HttpResponse>;
  stats(): GeoHttpStats;
  close(): void;
}

export function createGeoHttp(opts: GeoHttpOptions): GeoHttp {
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...opts.retry };
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = opts.random ?? Math.random;
  const own = opts.transport ? undefined : createNodeTransport(opts.limiter.concurrency);
  const transport = opts.transport ?? own!.send;
  const counts = { requests: 0, retries: 0, failures: 0, bytes: 0, status: {} as Record<string, number> };
  const latencies: number[] = [];
  // Open for the rest of the run once it opens (a monthly job has no use for a probe later).
  const breaker = new CircuitBreaker({ failureThreshold: opts.failureThreshold ?? 8, openMs: Number.MAX_SAFE_INTEGER });

  async function send(req: GeoRequest): Promise<HttpResponse> {
    let attempt = 0;
    for (;;) {
      attempt++;
      const admission = breaker.admit();
      if (!admission.ok) {
        counts.failures++;
        throw new GeoError(opts.provider, req.describe, undefined, 'GAVE_UP', `not asked: the service kept failing (${admission.reason})`);
      }
      const release = await opts.limiter.acquire();
      const started = performance.now();
      let res: HttpResponse | undefined;
      let outcome: Outcome;
      try {
        res = await transport({ method: req.method, url: req.url, headers: req.headers, body: req.body, timeoutMs });
        outcome = { kind: 'status', status: res.status };
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        outcome = transportOutcome(err);
      } finally {
        release();
      }
      const label = outcomeLabel(outcome);
      counts.requests++;
      if (attempt > 1) counts.retries++;
      counts.status[label] = (counts.status[label] ?? 0) + 1;
      counts.bytes += res?.body.length ?? 0;
      if (latencies.length < 20_000) latencies.push(performance.now() - started);
      if (res && res.status >= 200 && res.status < 300) {
        breaker.success();
        return res;
      }
      if (isServiceFailure(outcome)) breaker.failure(`${label} on ${req.describe}`);
      else breaker.success();

      const retryAfterMs = res ? parseRetryAfter(headerValue(res.headers, 'retry-after'), new Date()) : undefined;
      const decision = decideRetry(outcome, attempt, retryAfterMs, retry, random);
      if (decision.retry) {
        opts.log.debug({ provider: opts.provider, request: req.describe, outcome: label, attempt, delayMs: decision.delayMs }, 'geocoding request failed, retrying');
        await sleep(decision.delayMs);
        continue;
      }
      counts.failures++;
      if (res) return res;
      const what = outcome.kind === 'timeout' ? `timed out after ${timeoutMs} ms` : 'network error';
      throw new GeoError(opts.provider, req.describe, undefined, outcome.kind.toUpperCase(), `${what} (${attempt} attempts)`);
    }
  }

  return {
    send,
    stats() {
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        requests: counts.requests,
        retries: counts.retries,
        failures: counts.failures,
        bytes: counts.bytes,
        p50_ms: Math.round(percentile(sorted, 50)),
        p95_ms: Math.round(percentile(sorted, 95)),
        status: { ...counts.status },
      };
    },
    close() {
      own?.close();
    },
  };
}
