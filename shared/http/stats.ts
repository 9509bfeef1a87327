/**
 * Per-endpoint request counters of an HTTP client (the TIX.id client keys them by its endpoints;
 * a geocoding client, shared/geo/http.ts, has one, `search`): what the run bookkeeping stores in
 * `scraper_runs` and the bench prints. `snapshot()` returns plain JSON-safe data.
 */

export interface EndpointStats {
  /** Logical calls (one per client function call). */
  calls: number;
  /** HTTP attempts actually sent (calls + retries + token-refresh retries). */
  requests: number;
  /** Attempts after the first of a call. */
  retries: number;
  /** Calls that ended in an error (any kind). */
  failures: number;
  /** Responses that did not match their schema. */
  schemaErrors: number;
  /** Calls refused at once by the open breaker. */
  blocked: number;
  /** Attempts by outcome: HTTP status (`"200"`, `"503"`) or `timeout` / `network`. */
  status: Record<string, number>;
  /** Response body bytes received. */
  bytes: number;
  latencyMs: { p50: number; p95: number; max: number; mean: number };
}

export type ClientStats<E extends string> = Record<E, EndpointStats> & { total: EndpointStats };

/** Nearest-rank percentile of an ascending array; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Latency samples kept per endpoint; past this, reservoir sampling keeps a uniform sample. */
const MAX_SAMPLES = 20_000;

class Counter {
  calls = 0;
  requests = 0;
  retries = 0;
  failures = 0;
  schemaErrors = 0;
  blocked = 0;
  bytes = 0;
  status: Record<string, number> = {};
  samples: number[] = [];
  seen = 0;
  sum = 0;
  max = 0;

  latency(ms: number, random: () => number): void {
    this.seen++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
    if (this.samples.length < MAX_SAMPLES) this.samples.push(ms);
    else {
      const j = Math.floor(random() * this.seen);
      if (j < MAX_SAMPLES) this.samples[j] = ms;
    }
  }

  snapshot(): EndpointStats {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const r = (n: number) => Math.round(n * 10) / 10;
    return {
      calls: this.calls,
      requests: this.requests,
      retries: this.retries,
      failures: this.failures,
      schemaErrors: this.schemaErrors,
      blocked: this.blocked,
      status: { ...this.status },
      bytes: this.bytes,
      latencyMs: {
        p50: r(percentile(sorted, 50)),
        p95: r(percentile(sorted, 95)),
        max: r(this.max),
        mean: this.seen ? r(this.sum / this.seen) : 0,
      },
    };
  }
}

export class RequestStats<E extends string> {
  private readonly counters: Map<E, Counter>;
  private readonly all = new Counter();

  constructor(
    endpoints: readonly E[],
    private readonly random: () => number = Math.random,
  ) {
    this.counters = new Map(endpoints.map((e) => [e, new Counter()]));
  }

  private both(e: E): Counter[] {
    return [this.counters.get(e)!, this.all];
  }

  call(e: E): void {
    for (const c of this.both(e)) c.calls++;
  }
  /** One attempt finished with `outcome` (status code or timeout/network) after `ms`. */
  attempt(e: E, outcome: string, ms: number, bytes: number, isRetry: boolean): void {
    for (const c of this.both(e)) {
      c.requests++;
      if (isRetry) c.retries++;
      c.status[outcome] = (c.status[outcome] ?? 0) + 1;
      c.bytes += bytes;
      c.latency(ms, this.random);
    }
  }
  failure(e: E): void {
    for (const c of this.both(e)) c.failures++;
  }
  schemaError(e: E): void {
    for (const c of this.both(e)) c.schemaErrors++;
  }
  blocked(e: E): void {
    for (const c of this.both(e)) c.blocked++;
  }

  /** HTTP attempts sent so far, all endpoints: the count alone, without a snapshot's sorting. */
  requests(): number {
    return this.all.requests;
  }

  snapshot(): ClientStats<E> {
    const out: Record<string, EndpointStats> = { total: this.all.snapshot() };
    for (const [e, c] of this.counters) out[e] = c.snapshot();
    return out as ClientStats<E>;
  }
}
