/**
 * What the simulator saw: requests per endpoint and status, requests in flight (max), requests
 * per second (the busiest sliding one-second window, and the average between the first and the
 * last request), logins and refreshes, and requests that lacked the captured web headers.
 * Wall-clock time (not the simulated clock) is used for rates.
 */
import { TIX_HEADERS } from '../../shared/tix/schemas.js';

export interface SimStats {
  /** ISO instant (wall clock) of the last reset. */
  since: string;
  requests: number;
  byEndpoint: Record<string, number>;
  /** endpoint → status → count; `drop` and `hang` stand for connections never answered. */
  byEndpointStatus: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  /** Most requests that arrived within any one-second window. */
  maxRps: number;
  /** requests ÷ seconds between the first and the last request (requests when under a second). */
  avgRps: number;
  guestTokens: number;
  logins: number;
  loginFailures: number;
  refreshes: number;
  /** Requests without `platform: web` (counted, never refused). */
  missingPlatformHeader: number;
  /** Per captured header name: requests that did not send it. */
  missingHeaders: Record<string, number>;
  /** Fault name → times it fired. */
  faults: Record<string, number>;
}

const CHECKED_HEADERS = Object.keys(TIX_HEADERS).filter((h) => h !== 'content-type');

export class StatsCollector {
  private s!: SimStats;
  private window: number[] = [];
  private first = 0;
  private last = 0;

  constructor(private readonly wallNow: () => number = Date.now) {
    this.reset();
  }

  reset(): void {
    const inFlight = this.s?.inFlight ?? 0;
    this.s = {
      since: new Date(this.wallNow()).toISOString(),
      requests: 0,
      byEndpoint: {},
      byEndpointStatus: {},
      byStatus: {},
      inFlight,
      maxInFlight: inFlight,
      maxRps: 0,
      avgRps: 0,
      guestTokens: 0,
      logins: 0,
      loginFailures: 0,
      refreshes: 0,
      missingPlatformHeader: 0,
      missingHeaders: {},
      faults: {},
    };
    this.window = [];
    this.first = 0;
    this.last = 0;
  }

  /** A request arrived; returns the function to call once when it is finished (answered or not). */
  begin(
    endpoint: string,
    headers: Record<string, string | string[] | undefined>,
  ): (status: number | 'drop' | 'hang') => void {
    const t = this.wallNow();
    const s = this.s;
    s.requests++;
    s.byEndpoint[endpoint] = (s.byEndpoint[endpoint] ?? 0) + 1;
    if (this.first === 0) this.first = t;
    this.last = t;
    this.window.push(t);
    while (this.window.length > 0 && this.window[0]! <= t - 1000) this.window.shift();
    s.maxRps = Math.max(s.maxRps, this.window.length);
    const span = (this.last - this.first) / 1000;
    s.avgRps = span >= 1 ? s.requests / span : s.requests;
    if (headers.platform !== 'web') s.missingPlatformHeader++;
    for (const h of CHECKED_HEADERS) if (headers[h] === undefined) s.missingHeaders[h] = (s.missingHeaders[h] ?? 0) + 1;
    s.inFlight++;
    s.maxInFlight = Math.max(s.maxInFlight, s.inFlight);
    let done = false;
    return (status) => {
      if (done) return;
      done = true;
      // A reset while the request was in flight starts a new record: count the end there.
      const cur = this.s;
      cur.inFlight = Math.max(0, cur.inFlight - 1);
      const byStatus = (cur.byEndpointStatus[endpoint] ??= {});
      byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
      cur.byStatus[String(status)] = (cur.byStatus[String(status)] ?? 0) + 1;
    };
  }

  count(what: 'guestTokens' | 'logins' | 'loginFailures' | 'refreshes'): void {
    this.s[what]++;
  }

  fault(name: string): void {
    this.s.faults[name] = (this.s.faults[name] ?? 0) + 1;
  }

  snapshot(): SimStats {
    return structuredClone(this.s);
  }
}
