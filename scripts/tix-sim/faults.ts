/**
 * Fault switches: per run (options, CLI flags), per test (`sim.faults.set`) and over HTTP
 * (`POST /__sim/faults`). Each fault has a `rate` (share of matching requests, default 1) and
 * may be narrowed to some endpoints and/or some city ids (the request's `city_id`, or for a
 * layout the showtime's city).
 *
 * Order of evaluation for a request: ipBlock (403 on every API call) → drop (socket destroyed)
 * → hang (never answered) → rateLimit (429 + Retry-After) → serverError (5xx) → the real answer,
 * which may then be replaced by successFalse / emptyPage (schedules) / malformedJson / wrongType.
 * Latency (plus the run's base latency) delays every answer. `revokeAccess: true` is an action:
 * every access token issued so far answers 401 from then on.
 */
import { z } from 'zod';
import { Rng } from './rng.js';

export const ENDPOINTS = ['auth', 'cities', 'movies', 'schedules', 'layout', 'refresh'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

const target = {
  endpoints: z.array(z.enum(ENDPOINTS)).optional(),
  cityIds: z.array(z.string()).optional(),
};
const rate = z.number().min(0).max(1).default(1);

export const FaultsSchema = z.strictObject({
  latency: z
    .strictObject({ ms: z.number().nonnegative(), jitterMs: z.number().nonnegative().default(0), ...target })
    .nullish(),
  serverError: z.strictObject({ rate, status: z.number().int().min(500).max(599).default(503), ...target }).nullish(),
  rateLimit: z
    .strictObject({ rate, retryAfterSeconds: z.number().int().nonnegative().default(1), ...target })
    .nullish(),
  drop: z.strictObject({ rate, ...target }).nullish(),
  hang: z.strictObject({ rate, ...target }).nullish(),
  successFalse: z
    .strictObject({
      rate,
      status: z.number().int().default(200),
      message: z.string().default('Something went wrong'),
      code: z.string().default('INTERNAL_ERROR'),
      ...target,
    })
    .nullish(),
  emptyPage: z.strictObject({ rate, cityIds: target.cityIds }).nullish(),
  malformedJson: z.strictObject({ rate, ...target }).nullish(),
  wrongType: z.strictObject({ rate, ...target }).nullish(),
  revokeAccess: z.boolean().nullish(),
  ipBlock: z.boolean().nullish(),
});
export type FaultsInput = z.input<typeof FaultsSchema>;
export type Faults = z.output<typeof FaultsSchema>;
export type FaultName = Exclude<keyof Faults, 'revokeAccess' | 'ipBlock'>;

export interface RequestTarget {
  endpoint: Endpoint;
  cityId: string | undefined;
}

/** Holds the current switches and decides, per request, which fault fires. */
export class FaultState {
  private current: Faults = {};
  private readonly rng: Rng;
  constructor(
    seed: number,
    private readonly onRevokeAccess: () => void,
  ) {
    this.rng = new Rng(seed ^ 0x5eed);
  }

  /** Merges switches (a key set to null switches that fault off). Throws a ZodError on bad input. */
  set(partial: FaultsInput): Faults {
    const parsed = FaultsSchema.parse(partial);
    for (const [k, v] of Object.entries(parsed) as [keyof Faults, unknown][]) {
      if (v === null || v === undefined || v === false) delete this.current[k];
      else (this.current as Record<string, unknown>)[k] = v;
    }
    if (parsed.revokeAccess) {
      this.onRevokeAccess();
      delete this.current.revokeAccess;
    }
    return this.get();
  }

  clear(): void {
    this.current = {};
  }

  get(): Faults {
    return structuredClone(this.current);
  }

  get ipBlocked(): boolean {
    return this.current.ipBlock === true;
  }

  /** Whether fault `name` fires for this request (draws from the seeded stream when it applies). */
  fires(name: FaultName, req: RequestTarget): boolean {
    const f = this.current[name] as { rate?: number; endpoints?: Endpoint[]; cityIds?: string[] } | null | undefined;
    if (!f) return false;
    if (name === 'emptyPage' && req.endpoint !== 'schedules') return false;
    if (f.endpoints && !f.endpoints.includes(req.endpoint)) return false;
    if (f.cityIds && (req.cityId === undefined || !f.cityIds.includes(req.cityId))) return false;
    const r = f.rate ?? 1;
    return r >= 1 || (r > 0 && this.rng.next() < r);
  }

  /** Extra latency for this request in ms (0 when none applies). */
  latencyMs(req: RequestTarget): number {
    const l = this.current.latency;
    if (!l || !this.fires('latency', req)) return 0;
    return l.ms + (l.jitterMs > 0 ? this.rng.next() * l.jitterMs : 0);
  }

  param<K extends FaultName>(name: K): NonNullable<Faults[K]> {
    return this.current[name] as NonNullable<Faults[K]>;
  }

  /** A draw for the base (per-run) jitter. */
  jitter(ms: number): number {
    return ms > 0 ? this.rng.next() * ms : 0;
  }
}
