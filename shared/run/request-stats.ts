/**
 * A run's own HTTP requests, from the client's cumulative statistics: what `TixClient.stats()`
 * returns at the end minus what it returned at the run's start (a pipeline shares one client
 * across its steps), reduced to the figures the run record and the step summary show.
 */

/** One endpoint's cumulative counters as the TIX client reports them (shared/http/stats.ts). */
export interface EndpointCounters {
  requests: number;
  retries: number;
  failures: number;
  bytes: number;
  /** Latency percentiles: not summable, so a run's share keeps the later (cumulative) figures. */
  latencyMs?: { p50: number; p95: number };
}

/**
 * What a run reads of its client's statistics: per endpoint and the total. `TixClient.stats()`
 * is one as it is; the geocoder keeps no total (the endpoints' sum is taken).
 */
export interface ClientRequestStats {
  endpoints: Readonly<Record<string, EndpointCounters>>;
  total?: EndpointCounters;
}

/** Per-endpoint request statistics of one run, as stored. */
export interface EndpointStats {
  requests: number;
  retries: number;
  failures: number;
  bytes: number;
  p50_ms?: number;
  p95_ms?: number;
}

export interface RequestTotals {
  requests: number;
  retries: number;
  failures: number;
  bytes: number;
  per_second: number;
  endpoints: Record<string, EndpointStats>;
}

const COUNTERS = ['requests', 'retries', 'failures', 'bytes'] as const;

function subtractCounters(end: EndpointCounters, start: EndpointCounters | undefined): EndpointCounters {
  const out: EndpointCounters = { requests: 0, retries: 0, failures: 0, bytes: 0 };
  for (const k of COUNTERS) out[k] = Math.max(0, end[k] - (start?.[k] ?? 0));
  if (end.latencyMs) out.latencyMs = { p50: end.latencyMs.p50, p95: end.latencyMs.p95 };
  return out;
}

/**
 * `end − start` of two cumulative statistics of one client (counts subtracted, latency
 * percentiles kept from `end`): a step's own share of a shared client's totals.
 */
export function subtractStats(end: ClientRequestStats, start: ClientRequestStats): ClientRequestStats {
  const endpoints: Record<string, EndpointCounters> = {};
  for (const [name, e] of Object.entries(end.endpoints)) endpoints[name] = subtractCounters(e, start.endpoints[name]);
  return end.total ? { endpoints, total: subtractCounters(end.total, start.total) } : { endpoints };
}

function endpointStats(e: EndpointCounters): EndpointStats {
  const out: EndpointStats = {
    requests: Math.round(e.requests),
    retries: Math.round(e.retries),
    failures: Math.round(e.failures),
    bytes: Math.round(e.bytes),
  };
  if (e.latencyMs) {
    out.p50_ms = Math.round(e.latencyMs.p50);
    out.p95_ms = Math.round(e.latencyMs.p95);
  }
  return out;
}

function sumOf(endpoints: readonly EndpointStats[]): EndpointStats {
  const sum: EndpointStats = { requests: 0, retries: 0, failures: 0, bytes: 0 };
  for (const e of endpoints) for (const k of COUNTERS) sum[k] += e[k];
  return sum;
}

/**
 * The run's request figures: the endpoints it called (never-called ones left out), the total
 * (the client's, else the endpoints' sum) and the rate over `durationMs`. Undefined when there
 * are no statistics, or neither a total nor a called endpoint.
 */
export function normaliseRequestStats(
  stats: ClientRequestStats | undefined,
  durationMs: number,
): RequestTotals | undefined {
  if (!stats) return undefined;
  const endpoints: Record<string, EndpointStats> = {};
  for (const [name, e] of Object.entries(stats.endpoints)) if (e.requests > 0) endpoints[name] = endpointStats(e);
  const called = Object.values(endpoints);
  if (!stats.total && called.length === 0) return undefined;
  const t = stats.total ? endpointStats(stats.total) : sumOf(called);
  const seconds = durationMs / 1000;
  return {
    requests: t.requests,
    retries: t.retries,
    failures: t.failures,
    bytes: t.bytes,
    per_second: seconds > 0 ? Math.round((t.requests / seconds) * 10) / 10 : 0,
    endpoints,
  };
}
