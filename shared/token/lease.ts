/**
 * The renewal lease, `auth_tokens/tix_jwt_lease`: across processes (parallel jobs on one
 * Firestore), the one that renews the token holds it, in a store transaction, and the others wait
 * for its fresh token instead of calling the refresh endpoint too. Leases coordinate real
 * processes, so they run on real time (`Date.now()`): two processes pinned to one CINERADAR_NOW
 * but started minutes apart would disagree about an injected clock.
 */
import { randomUUID } from 'node:crypto';
import { iso } from '../clock.js';
import { TokenLeaseDoc } from '../store/documents.js';
import type { DocData, Store } from '../store/store.js';

export const LEASE_DOC = 'auth_tokens/tix_jwt_lease';

export type LeaseResult = { ok: true } | { ok: false; owner: string; purpose: string; until: string };

/** Our lease lapsed during a slow refresh and another process holds it now: wait for that one. */
export class LeaseLost extends Error {
  constructor(readonly lease: Extract<LeaseResult, { ok: false }>) {
    super(`the token lease passed to another process (${lease.purpose} until ${lease.until})`);
  }
}

/** The lease as `owner` sees it: held by another process until some time, or free to take. */
function heldByAnother(data: unknown, owner: string, now: number): LeaseResult | undefined {
  const lease = TokenLeaseDoc.safeParse(data);
  if (!lease.success || lease.data.owner === owner || lease.data.purpose === 'released') return undefined;
  if (Date.parse(lease.data.expires_at) <= now) return undefined;
  return { ok: false, owner: lease.data.owner, purpose: lease.data.purpose, until: lease.data.expires_at };
}

export class TokenLease {
  /** Identifies this manager ("process") as lease owner. */
  readonly id = randomUUID();

  constructor(
    private readonly store: Store,
    /** Lease length for a refresh / a login. */
    private readonly ms: { refresh: number; login: number },
  ) {}

  /** A plain read: the lease when another process holds it (costs no transaction). */
  async heldByOther(): Promise<LeaseResult | undefined> {
    return heldByAnother(await this.store.get(LEASE_DOC), this.id, Date.now());
  }

  /** Take (or extend) the lease for a refresh or a login, unless another process holds it. */
  take(purpose: 'refresh' | 'login'): Promise<LeaseResult> {
    return this.store.transaction<LeaseResult>(LEASE_DOC, (current) => {
      const now = Date.now();
      const held = heldByAnother(current, this.id, now);
      if (held) return { result: held };
      const until = now + this.ms[purpose];
      const write: TokenLeaseDoc = {
        owner: this.id,
        purpose,
        acquired_at: iso(new Date(now)),
        expires_at: iso(new Date(until)),
      };
      return { write: write as DocData, result: { ok: true } };
    });
  }

  /** Mark our lease released (a lease another process took is left alone). */
  release(): Promise<void> {
    return this.store.transaction<void>(LEASE_DOC, (current) => {
      const lease = TokenLeaseDoc.safeParse(current);
      if (!lease.success || lease.data.owner !== this.id) return { result: undefined };
      const now = iso(new Date());
      const write = { owner: this.id, purpose: 'released', acquired_at: lease.data.acquired_at, expires_at: now };
      return { write, result: undefined };
    });
  }
}
