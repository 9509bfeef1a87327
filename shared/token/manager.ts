/**
 * The one token manager: where every scraper gets its logged-in TIX.id access token.
 *
 * The token lives in the store at `auth_tokens/tix_jwt` with exactly the contract's fields
 * (token, refresh_token, stored_at, phone (masked), expires_at, refresh_expires_at, source).
 * `getAccessToken()` returns the stored token while it has more than 5 minutes left; otherwise it
 * refreshes through `/v1/users/refresh`; when the refresh token is expired or refused it logs in
 * with Playwright if credentials are configured; else it fails saying what to do.
 *
 * Concurrency:
 *  - in one process, concurrent callers share one in-flight renewal (single flight);
 *  - across processes (parallel GitHub jobs on one Firestore), a renewal first takes a lease,
 *    `auth_tokens/tix_jwt_lease`, in a store transaction. A process that finds the lease held
 *    waits and re-reads the token document until the holder has written a fresh token (or the
 *    lease lapses), so two processes never both call the refresh endpoint nor overwrite each
 *    other's fresh token.
 */
import type { Config } from '../config.js';
import { iso, systemClock, type Clock } from '../clock.js';
import { maskPhone, type Logger } from '../log.js';
import { AuthTokenDoc } from '../store/documents.js';
import type { DocData, Store } from '../store/store.js';
import { TixError, TokenUnavailableError } from '../tix/errors.js';
import type { TixClient, TokenProvider } from '../tix/client.js';
import { jwtExpiry, stripQuotes } from './jwt.js';
import { LeaseLost, TokenLease } from './lease.js';
import type { LoginResult } from './login.js';

export const TOKEN_DOC = 'auth_tokens/tix_jwt';

/** Fallback lifetimes when a JWT carries no `exp` (TIX.id's tokens: 30 minutes, about 91 days). */
export const ACCESS_LIFETIME_MS = 30 * 60_000;
export const REFRESH_LIFETIME_MS = 91 * 86_400_000;

/** Clocks of two machines may differ this much before a stored_at counts as ahead of this clock. */
export const STORED_AHEAD_TOLERANCE_MS = 60_000;

export type LoginFn = (credentials: { phone: string; password: string }) => Promise<LoginResult>;

export interface TokenManagerOptions {
  store: Store;
  /** Only the refresh call is used; it goes through the client's limiter, retries and breaker. */
  client: Pick<TixClient, 'refreshAccessToken'>;
  log: Logger;
  clock?: Clock;
  credentials?: { phone: string; password: string } | undefined;
  /** How to log in (default: Playwright, see login.ts; wired by `createTokenManager`). */
  login?: LoginFn;
  /** A token with less than this left is renewed. Default 5 minutes. */
  minValidityMs?: number;
  /** Lease length for a refresh / a login. Defaults 60 s / 4 min. */
  refreshLeaseMs?: number;
  loginLeaseMs?: number;
  /** How often a waiting process re-reads the documents. Default 500 ms. */
  pollMs?: number;
  /** Give up waiting for another process after this long. Default 5 min. */
  maxWaitMs?: number;
}

export interface TokenStatus {
  exists: boolean;
  source?: 'login' | 'refresh';
  phone?: string;
  storedAt?: string;
  expiresAt?: string;
  refreshExpiresAt?: string;
  /** Age of the access token (since stored_at), ms; 0 when it was stored ahead of this clock. */
  ageMs?: number;
  /**
   * How far stored_at is ahead of this clock, when it is (more than STORED_AHEAD_TOLERANCE_MS):
   * the document was written under a pinned clock (CINERADAR_NOW, e.g. by the demo). Time left
   * is then counted from stored_at, so a token never shows more than its own life.
   */
  storedAheadMs?: number;
  accessLeftMs?: number;
  refreshLeftMs?: number;
  /** Why the document cannot be used, if it cannot. */
  problem?: string;
}

interface Cached {
  token: string;
  expiresAt: number;
}

export class TokenManager implements TokenProvider {
  private readonly store: Store;
  private readonly client: Pick<TixClient, 'refreshAccessToken'>;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly credentials: { phone: string; password: string } | undefined;
  private readonly loginFn: LoginFn | undefined;
  private readonly minValidityMs: number;
  private readonly lease: TokenLease;
  /** Identifies this manager ("process") as lease owner. */
  get id(): string {
    return this.lease.id;
  }
  private readonly pollMs: number;
  private readonly maxWaitMs: number;
  private cached: Cached | undefined;
  private inflight: Promise<string> | undefined;
  private counts = { refreshes: 0, logins: 0, waits: 0, storeReads: 0 };

  constructor(opts: TokenManagerOptions) {
    this.store = opts.store;
    this.client = opts.client;
    this.log = opts.log;
    this.clock = opts.clock ?? systemClock;
    this.credentials = opts.credentials;
    this.loginFn = opts.login;
    this.minValidityMs = opts.minValidityMs ?? 5 * 60_000;
    this.lease = new TokenLease(opts.store, {
      refresh: opts.refreshLeaseMs ?? 60_000,
      login: opts.loginLeaseMs ?? 4 * 60_000,
    });
    this.pollMs = opts.pollMs ?? 500;
    this.maxWaitMs = opts.maxWaitMs ?? 5 * 60_000;
  }

  /** What this manager did: refresh calls, logins, waits for another process. */
  stats(): { refreshes: number; logins: number; waits: number; storeReads: number } {
    return { ...this.counts };
  }

  /** A logged-in access token with more than 5 minutes left. */
  async getAccessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - this.now() > this.minValidityMs) return this.cached.token;
    return this.singleFlight(undefined);
  }

  /** `token` got a 401: unless someone already replaced it, force a renewal; return the new token. */
  async onUnauthorized(token: string): Promise<string> {
    if (this.cached && this.cached.token !== token && this.cached.expiresAt - this.now() > this.minValidityMs) {
      return this.cached.token;
    }
    if (this.cached?.token === token) this.cached = undefined;
    const next = await this.singleFlight(token);
    // A renewal already running when the 401 came may have returned the refused token itself.
    return next === token ? this.singleFlight(token) : next;
  }

  /** Renew now, whatever the stored token's age (`npm run token -- refresh`). */
  async forceRefresh(): Promise<string> {
    const doc = await this.readDoc();
    this.cached = undefined;
    return this.singleFlight(doc?.token ?? '', 'refresh');
  }

  /** Log in now with the browser (`npm run token -- login`). */
  async forceLogin(): Promise<string> {
    const doc = await this.readDoc();
    this.cached = undefined;
    return this.singleFlight(doc?.token ?? '', 'login');
  }

  /** The stored state, without secrets. */
  async status(): Promise<TokenStatus> {
    const raw = await this.store.get(TOKEN_DOC);
    if (!raw) return { exists: false, problem: `${TOKEN_DOC} does not exist` };
    const parsed = AuthTokenDoc.safeParse(raw);
    if (!parsed.success) {
      return {
        exists: true,
        problem: `${TOKEN_DOC} is not valid: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
      };
    }
    const d = parsed.data;
    const now = this.now();
    const stored = Date.parse(d.stored_at);
    const ahead = stored - now > STORED_AHEAD_TOLERANCE_MS ? stored - now : undefined;
    // A token stored "in the future" has at most its own life left: judged from when it was stored.
    const from = ahead === undefined ? now : stored;
    return {
      exists: true,
      source: d.source,
      phone: d.phone,
      storedAt: d.stored_at,
      expiresAt: d.expires_at,
      refreshExpiresAt: d.refresh_expires_at,
      ageMs: Math.max(0, now - stored),
      ...(ahead === undefined ? {} : { storedAheadMs: ahead }),
      accessLeftMs: Date.parse(d.expires_at) - from,
      refreshLeftMs: Date.parse(d.refresh_expires_at) - from,
    };
  }

  // ------------------------------------------------------------------ internals

  /** Token lifetimes are judged on the injected clock (the simulated one in a demo). */
  private now(): number {
    return this.clock.now().getTime();
  }

  /**
   * Leases coordinate real processes, so they run on real time: two processes pinned to one
   * CINERADAR_NOW but started minutes apart would disagree about an injected clock.
   */
  private realNow(): number {
    return Date.now();
  }

  private singleFlight(refused: string | undefined, force?: 'refresh' | 'login'): Promise<string> {
    if (!this.inflight) {
      this.inflight = this.obtain(refused, force).finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private async readDoc(): Promise<AuthTokenDoc | undefined> {
    this.counts.storeReads++;
    const raw = await this.store.get(TOKEN_DOC);
    if (!raw) return undefined;
    const parsed = AuthTokenDoc.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.log.warn(
        { doc: TOKEN_DOC, field: issue?.path.join('.'), problem: issue?.message },
        'stored token document is not valid; ignoring it',
      );
      return undefined;
    }
    return parsed.data;
  }

  /** The stored token, if it is not the refused one and has enough time left. */
  private usable(doc: AuthTokenDoc | undefined, refused: string | undefined): Cached | undefined {
    if (!doc || doc.token === refused) return undefined;
    const expiresAt = Date.parse(doc.expires_at);
    if (!(expiresAt - this.now() > this.minValidityMs)) return undefined;
    return { token: doc.token, expiresAt };
  }

  private async obtain(refused: string | undefined, force?: 'refresh' | 'login'): Promise<string> {
    const deadline = this.realNow() + this.maxWaitMs;
    let waitingLogged = false;
    for (;;) {
      const doc = await this.readDoc();
      const ok = force === 'login' ? undefined : this.usable(doc, refused);
      if (ok) {
        this.cached = ok;
        return ok.token;
      }
      const purpose = force === 'login' || !this.refreshPossible(doc) ? 'login' : 'refresh';
      // A plain read first: when another process already holds the lease, waiting costs no
      // transaction (contended transactions on one document are slow and retried with backoff).
      const lease = (await this.lease.heldByOther()) ?? (await this.lease.take(purpose));
      if (!lease.ok) {
        if (this.realNow() > deadline) {
          throw new TokenUnavailableError(
            `gave up after ${Math.round(this.maxWaitMs / 1000)} s waiting for another process to renew the TIX.id token (lease held for ${lease.purpose} until ${lease.until})`,
          );
        }
        if (!waitingLogged) {
          this.counts.waits++;
          this.log.info(
            { purpose: lease.purpose, until: lease.until },
            'another process is renewing the TIX.id token; waiting for it',
          );
          waitingLogged = true;
        }
        await new Promise((r) => setTimeout(r, this.pollMs));
        continue;
      }
      try {
        // Someone may have finished a renewal between our read and our lease.
        const again = await this.readDoc();
        const fresh = this.usable(again, refused);
        if (fresh && force !== 'login') {
          this.cached = fresh;
          return fresh.token;
        }
        const renewed = await this.renew(again, force);
        this.cached = { token: renewed.token, expiresAt: Date.parse(renewed.expires_at) };
        return renewed.token;
      } catch (err) {
        if (!(err instanceof LeaseLost)) throw err;
        this.log.info(
          { purpose: err.lease.purpose, until: err.lease.until },
          'the TIX.id token lease lapsed during a refresh and another process took it; waiting for that one',
        );
        continue;
      } finally {
        await this.lease
          .release()
          .catch((e: unknown) => this.log.warn({ err: e }, 'could not release the token lease (it lapses on its own)'));
      }
    }
  }

  private refreshPossible(doc: AuthTokenDoc | undefined): boolean {
    return !!doc && Date.parse(doc.refresh_expires_at) - this.now() > 60_000;
  }

  /** Refresh (or log in) while holding the lease, and store the result. */
  private async renew(doc: AuthTokenDoc | undefined, force?: 'refresh' | 'login'): Promise<AuthTokenDoc> {
    let why: string;
    if (force === 'login') why = 'a login was asked for';
    else if (!doc) why = `${TOKEN_DOC} does not exist`;
    else if (!this.refreshPossible(doc)) why = `the refresh token expired at ${doc.refresh_expires_at}`;
    else {
      try {
        this.counts.refreshes++;
        const token = stripQuotes(await this.client.refreshAccessToken(doc.refresh_token));
        if (!token) throw new TokenUnavailableError('the refresh endpoint returned an empty token');
        const next = this.document(token, doc.refresh_token, 'refresh', doc.phone);
        await this.store.set(TOKEN_DOC, next as unknown as DocData);
        this.log.info({ expires_at: next.expires_at, source: 'refresh' }, 'TIX.id access token refreshed');
        return next;
      } catch (err) {
        if (!(err instanceof TixError) || err.status !== 401) throw err;
        why = `the refresh token was refused (HTTP 401${err.code ? ` ${err.code}` : ''})`;
        this.log.warn({ reason: why }, 'TIX.id token refresh refused');
      }
    }
    if (!this.credentials || !this.loginFn) {
      throw new TokenUnavailableError(
        `no usable TIX.id token: ${why}, and no login is possible here. ` +
          'Set TIX_PHONE_NUMBER and TIX_PASSWORD so the token manager can log in with Playwright, ' +
          'or run the token workflow (npm run token -- login, where those are set) to store a fresh token.',
      );
    }
    // The login takes longer: extend our lease. If it lapsed during a slow refresh and another
    // process holds it now, that one is renewing: two browser logins at once would race.
    const extended = await this.lease.take('login');
    if (!extended.ok) throw new LeaseLost(extended);
    this.log.info({ reason: why, phone: maskPhone(this.credentials.phone) }, 'logging in to TIX.id with Playwright');
    this.counts.logins++;
    const result = await this.loginFn(this.credentials);
    const token = stripQuotes(result.token);
    const refresh = stripQuotes(result.refreshToken);
    if (!token || !refresh) throw new TokenUnavailableError('the login finished without both tokens in localStorage');
    const next = this.document(token, refresh, 'login', maskPhone(this.credentials.phone));
    await this.store.set(TOKEN_DOC, next as unknown as DocData);
    this.log.info(
      { expires_at: next.expires_at, refresh_expires_at: next.refresh_expires_at, source: 'login' },
      'TIX.id tokens stored after login',
    );
    return next;
  }

  private document(token: string, refreshToken: string, source: 'login' | 'refresh', phone: string): AuthTokenDoc {
    return tokenDocument({
      token,
      refreshToken,
      source,
      phone: this.credentials ? maskPhone(this.credentials.phone) : phone,
      storedAt: new Date(this.now()),
    });
  }
}

/**
 * The `auth_tokens/tix_jwt` document for a pair of tokens (quotes already stripped): expiries from
 * each JWT's `exp`, or the known lifetimes when a token carries none. `phone` must already be masked.
 */
export function tokenDocument(t: {
  token: string;
  refreshToken: string;
  source: 'login' | 'refresh';
  phone: string;
  storedAt: Date;
}): AuthTokenDoc {
  const now = t.storedAt.getTime();
  const exp = jwtExpiry(t.token)?.getTime() ?? now + ACCESS_LIFETIME_MS;
  const rexp = jwtExpiry(t.refreshToken)?.getTime() ?? now + REFRESH_LIFETIME_MS;
  return {
    token: t.token,
    refresh_token: t.refreshToken,
    stored_at: iso(t.storedAt),
    phone: t.phone,
    expires_at: iso(new Date(exp)),
    refresh_expires_at: iso(new Date(rexp)),
    source: t.source,
  };
}

/** The manager as the scrapers use it: login through Playwright when credentials are configured. */
export async function createTokenManager(opts: {
  config: Pick<Config, 'tix' | 'credentials' | 'chromiumPath'>;
  store: Store;
  client: Pick<TixClient, 'refreshAccessToken'>;
  log: Logger;
  clock?: Clock;
}): Promise<TokenManager> {
  const { config, log } = opts;
  const login: LoginFn = async (credentials) => {
    const { loginWithBrowser } = await import('./login.js');
    return loginWithBrowser({ appBase: config.tix.appBase, ...credentials, chromiumPath: config.chromiumPath, log });
  };
  return new TokenManager({ ...opts, credentials: config.credentials, login });
}
