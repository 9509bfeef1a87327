/**
 * How the geocoding clients talk HTTP: the machinery of shared/http/ the TIX.id client uses too,
 * not a second copy of it. Every attempt, retries included, waits for a slot of the provider's own
 * `Limiter` (shared/http/limiter.ts); network errors, timeouts, 5xx and 429 are retried with the
 * policy of shared/http/retry.ts (exponential backoff with full jitter, at least what `Retry-After`
 * asks); the transport is shared/http/transport.ts and the counters shared/http/stats.ts's; a
 * run of consecutive failures (network, timeouts, 5xx, 429, after their retries) opens
 * shared/http/breaker.ts's circuit breaker for the rest of the run, so a service that is down
 * costs a few requests, not a few per theatre. What an
 * answer means is the provider client's business: `send` returns the last response, whatever its
 * status; `parseAnswer` reads a 2xx body against the provider's schema (the one way both do it).
 *
 * Requests are described by method, host-less path and query only; the Google key travels in a
 * header and never appears in an error, a log line or the statistics.
 */
import type { z } from 'zod';
import { CircuitBreaker } from '../http/breaker.js';
import { Limiter } from '../http/limiter.js';
import {
  createNodeTransport,
  TransportError,
  type HttpResponse,
  type NodeTransport,
  type Transport,
} from '../http/transport.js';
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
import { RequestStats, type EndpointStats } from '../http/stats.js';
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
  /**
   * The client's requests as shared/http/stats.ts counts the TIX.id client's: attempts (retries
   * included), retries, calls that did not end with a 2xx (`failures`, refusals of the open
   * breaker included), bytes, latency, attempts by outcome.
   */
  stats(): EndpointStats;
  close(): void;
}

/** What one client keeps between requests: its settings, its counters and its breaker. */
interface GeoHttpState {
  provider: GeoProviderName;
  limiter: Limiter;
  log: Logger;
  transport: Transport;
  /** The transport it opened itself (none when given one), closed by `close`. */
  own: NodeTransport | undefined;
  retry: RetryOptions;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  stats: RequestStats<typeof SEARCH>;
  breaker: CircuitBreaker;
}

/** One attempt's result: the response, or how the transport failed. */
interface Attempt {
  res: HttpResponse | undefined;
  outcome: Outcome;
  ms: number;
}

/** The one endpoint a geocoding client calls, as its statistics name it. */
const SEARCH = 'search';

export function createGeoHttp(opts: GeoHttpOptions): GeoHttp {
  const state = openState(opts);
  return {
    send: (req) => sendWithRetries(state, req),
    stats: () => state.stats.snapshot()[SEARCH],
    close: () => state.own?.close(),
  };
}

function openState(opts: GeoHttpOptions): GeoHttpState {
  const own = opts.transport ? undefined : createNodeTransport(opts.limiter.concurrency);
  const random = opts.random ?? Math.random;
  return {
    provider: opts.provider,
    limiter: opts.limiter,
    log: opts.log,
    transport: opts.transport ?? own!.send,
    own,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    timeoutMs: opts.timeoutMs ?? 20_000,
    sleep: opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    random,
    stats: new RequestStats([SEARCH], random),
    // Open for the rest of the run once it opens (a monthly job has no use for a probe later).
    breaker: new CircuitBreaker({ failureThreshold: opts.failureThreshold ?? 8, openMs: Number.MAX_SAFE_INTEGER }),
  };
}

/**
 * One request, as its steps: the breaker admits it, an attempt waits for a limiter slot and is
 * sent, counted and reported to the breaker; a 2xx is returned, a failure retried while the retry
 * policy allows, then the last response returned (or its transport failure thrown).
 */
async function sendWithRetries(s: GeoHttpState, req: GeoRequest): Promise<HttpResponse> {
  s.stats.call(SEARCH);
  for (let attempt = 1; ; attempt++) {
    admit(s, req);
    const a = await attemptOnce(s, req);
    const label = countAttempt(s, a, attempt);
    if (a.res && a.res.status >= 200 && a.res.status < 300) {
      s.breaker.success();
      return a.res;
    }
    if (isServiceFailure(a.outcome)) s.breaker.failure(`${label} on ${req.describe}`);
    else s.breaker.success();

    const retryAfterMs = a.res ? parseRetryAfter(headerValue(a.res.headers, 'retry-after'), new Date()) : undefined;
    const decision = decideRetry(a.outcome, attempt, retryAfterMs, s.retry, s.random);
    if (decision.retry) {
      s.log.debug(
        { provider: s.provider, request: req.describe, outcome: label, attempt, delayMs: decision.delayMs },
        'geocoding request failed, retrying',
      );
      await s.sleep(decision.delayMs);
      continue;
    }
    s.stats.failure(SEARCH);
    if (a.res) return a.res;
    throw gaveUp(s, req, a.outcome, attempt);
  }
}

/** Throws, without sending, once the breaker is open. */
function admit(s: GeoHttpState, req: GeoRequest): void {
  const admission = s.breaker.admit();
  if (admission.ok) return;
  s.stats.blocked(SEARCH);
  s.stats.failure(SEARCH);
  throw new GeoError(
    s.provider,
    req.describe,
    undefined,
    'GAVE_UP',
    `not asked: the service kept failing (${admission.reason})`,
  );
}

/** One HTTP attempt inside a slot of the provider's limiter. */
async function attemptOnce(s: GeoHttpState, req: GeoRequest): Promise<Attempt> {
  const release = await s.limiter.acquire();
  const started = performance.now();
  try {
    const res = await s.transport({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: req.body,
      timeoutMs: s.timeoutMs,
    });
    return { res, outcome: { kind: 'status', status: res.status }, ms: performance.now() - started };
  } catch (err) {
    if (!(err instanceof TransportError)) throw err;
    return { res: undefined, outcome: transportOutcome(err), ms: performance.now() - started };
  } finally {
    release();
  }
}

/** Counts an attempt in the statistics; returns its outcome label (`200`, `503`, `timeout`). */
function countAttempt(s: GeoHttpState, a: Attempt, attempt: number): string {
  const label = outcomeLabel(a.outcome);
  s.stats.attempt(SEARCH, label, a.ms, a.res?.body.length ?? 0, attempt > 1);
  return label;
}

/** The error for a request whose every attempt failed without an answer (timeout or network). */
function gaveUp(s: GeoHttpState, req: GeoRequest, outcome: Outcome, attempts: number): GeoError {
  const what = outcome.kind === 'timeout' ? `timed out after ${s.timeoutMs} ms` : 'network error';
  return new GeoError(
    s.provider,
    req.describe,
    undefined,
    outcome.kind.toUpperCase(),
    `${what} (${attempts} attempts)`,
  );
}

/**
 * A 2xx answer's body read as JSON of `schema`; a body that is not JSON, or does not match, is a
 * GeoError with code SCHEMA naming the first place it does not.
 */
export function parseAnswer<S extends z.ZodType>(
  provider: GeoProviderName,
  describe: string,
  res: HttpResponse,
  schema: S,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new GeoError(provider, describe, res.status, 'SCHEMA', 'the answer is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || '(root)';
    throw new GeoError(
      provider,
      describe,
      res.status,
      'SCHEMA',
      `the answer does not match the schema at ${where}: ${issue.message}`,
    );
  }
  return parsed.data;
}
