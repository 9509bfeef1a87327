/**
 * The token manager on the Firestore emulator with the simulator's refresh endpoint over HTTP:
 * reuse while fresh, refresh when close to expiry, single flight in a process, one refresh across
 * two "processes" (separate store instances), a revoked token mid-run, and the clear error when
 * nothing can renew the token. The simulator's refresh counter is the witness.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../scripts/tix-sim/index.js';
import { AuthTokenDoc } from '../../shared/store/documents.js';
import type { Store } from '../../shared/store/store.js';
import { TixError, TokenUnavailableError } from '../../shared/tix/errors.js';
import { createTixClient, type TixClient } from '../../shared/tix/client.js';
import { Limiter } from '../../shared/http/limiter.js';
import { jwtExpiry } from '../../shared/token/jwt.js';
import { LEASE_DOC } from '../../shared/token/lease.js';
import { TOKEN_DOC, TokenManager, type TokenManagerOptions, tokenDocument } from '../../shared/token/manager.js';
import { clearProject, emulatorStore, testProject } from '../helpers/firestore.js';
import { captureLog, JWT_SHAPE } from '../helpers/log-capture.js';

const NOW = '2026-01-19T06:00:00+07:00';
const project = testProject('token-manager');
let sim: Simulator;
let store: Store;
const extraStores: Store[] = [];
const clients: TixClient[] = [];
const captured = captureLog();
const knownTokens: string[] = [];

function mint(kind: 'access' | 'refresh', ttlSeconds?: number): string {
  const t =
    kind === 'access'
      ? sim.tokens.mintAccess(ttlSeconds ? { ttlSeconds } : {})
      : sim.tokens.mintRefresh(ttlSeconds ? { ttlSeconds } : {});
  knownTokens.push(t);
  return t;
}

/** Store a token document as a previous run would have left it. */
async function seed(access: string, refresh: string, source: 'login' | 'refresh' = 'login') {
  const storedAt = new Date(sim.clock.now().getTime() - 25 * 60_000);
  const doc = tokenDocument({ token: access, refreshToken: refresh, source, phone: '62812****000', storedAt });
  await store.set(TOKEN_DOC, doc);
}

function client(tokens?: TokenManager): TixClient {
  const c = createTixClient({
    config: { tix: { apiBase: sim.apiBase, appBase: sim.appBase, rps: 500, concurrency: 8, timeoutMs: 20_000 } },
    log: captured.log,
    clock: sim.clock,
    limiter: new Limiter({ rps: 500, concurrency: 8 }),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    tokens,
  });
  clients.push(c);
  return c;
}

function manager(opts: Partial<TokenManagerOptions> = {}): TokenManager {
  return new TokenManager({ store, client: client(), log: captured.log, clock: sim.clock, pollMs: 50, ...opts });
}

async function storedDoc() {
  return AuthTokenDoc.parse(await store.get(TOKEN_DOC));
}

beforeAll(async () => {
  sim = await startSimulator({ preset: 'tiny', now: NOW, loginDelayMs: 0 });
  store = emulatorStore(project);
});

beforeEach(async () => {
  await clearProject(project);
  sim.resetStats();
});

afterEach(() => {
  sim.faults.clear();
  sim.clock.set(NOW);
});

afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of extraStores) await s.close();
  await store.close();
  await sim.close();
  const text = captured.text();
  expect(text.length).toBeGreaterThan(0);
  for (const t of knownTokens) expect(text.includes(t)).toBe(false);
  expect(text).not.toMatch(JWT_SHAPE);
});

describe('TokenManager', () => {
  it('uses the stored token while it has more than 5 minutes left, from memory after the first read', async () => {
    const access = mint('access');
    await seed(access, mint('refresh'));
    const m = manager();
    expect(await m.getAccessToken()).toBe(access);
    expect(await m.getAccessToken()).toBe(access);
    expect(sim.stats().refreshes).toBe(0);
    expect(m.stats().storeReads).toBe(1);
  });

  it('refreshes a token with 5 minutes or less left and stores exactly the contract fields', async () => {
    const refresh = mint('refresh');
    await seed(mint('access', 299), refresh);
    const m = manager();
    const token = await m.getAccessToken();
    knownTokens.push(token);
    expect(sim.stats().refreshes).toBe(1);
    const doc = await storedDoc();
    expect(Object.keys(doc).sort()).toEqual([
      'expires_at',
      'phone',
      'refresh_expires_at',
      'refresh_token',
      'source',
      'stored_at',
      'token',
    ]);
    expect(doc).toMatchObject({ token, refresh_token: refresh, source: 'refresh', phone: '62812****000' });
    expect(doc.expires_at).toBe(jwtExpiry(token)!.toISOString());
    expect(doc.refresh_expires_at).toBe(jwtExpiry(refresh)!.toISOString());
    expect(doc.stored_at).toBe(sim.clock.now().toISOString());
    expect(doc.token.startsWith('"')).toBe(false);
    // the new token is accepted by TIX.id
    const s = sim.data.showtimes[0]!;
    const merchant = sim.data.theatres.find((t) => t.id === s.theatreId)!.merchant;
    await expect(client(m).layout(merchant, s.id)).resolves.toMatchObject({ data: { seat_map: expect.any(Array) } });
  });

  it('100 concurrent callers with an expiring token cause exactly one refresh', async () => {
    await seed(mint('access', 60), mint('refresh'));
    const m = manager();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => m.getAccessToken()));
    knownTokens.push(tokens[0]!);
    expect(new Set(tokens).size).toBe(1);
    expect(sim.stats().refreshes).toBe(1);
    expect(m.stats().refreshes).toBe(1);
    expect((await storedDoc()).token).toBe(tokens[0]);
  });

  it('two processes refreshing at once make one refresh call and end with the same valid token', async () => {
    await seed(mint('access', 60), mint('refresh'));
    sim.faults.set({ latency: { ms: 300, endpoints: ['refresh'] } }); // keep the first refresh in flight
    const storeB = emulatorStore(project);
    extraStores.push(storeB);
    // both "processes" connected before the race starts
    await Promise.all([store.get(LEASE_DOC), storeB.get(LEASE_DOC), storeB.get(TOKEN_DOC)]);
    const a = manager();
    const b = new TokenManager({ store: storeB, client: client(), log: captured.log, clock: sim.clock, pollMs: 50 });
    const [ta, tb] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
    knownTokens.push(ta);
    expect(ta).toBe(tb);
    expect(sim.stats().refreshes).toBe(1);
    expect(a.stats().refreshes + b.stats().refreshes).toBe(1);
    expect((await storedDoc()).token).toBe(ta);
    expect(await store.get(LEASE_DOC)).toMatchObject({ purpose: 'released' });
    sim.faults.clear();
    const s = sim.data.showtimes[0]!;
    const merchant = sim.data.theatres.find((t) => t.id === s.theatreId)!.merchant;
    await expect(client(b).layout(merchant, s.id)).resolves.toBeDefined();
  });

  it('a process that finds the renewal lease held waits for that renewal instead of refreshing itself', async () => {
    await seed(mint('access', 60), mint('refresh'));
    sim.faults.set({ latency: { ms: 1500, endpoints: ['refresh'] } });
    const storeB = emulatorStore(project);
    extraStores.push(storeB);
    await storeB.get(TOKEN_DOC);
    const a = manager();
    const b = new TokenManager({ store: storeB, client: client(), log: captured.log, clock: sim.clock, pollMs: 50 });
    const first = a.getAccessToken();
    // start B once A holds the lease and is inside its refresh call
    for (let i = 0; i < 200 && (await storeB.get(LEASE_DOC))?.owner !== a.id; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await storeB.get(LEASE_DOC)).toMatchObject({ owner: a.id, purpose: 'refresh' });
    const second = b.getAccessToken();
    const [ta, tb] = await Promise.all([first, second]);
    knownTokens.push(ta);
    expect(tb).toBe(ta);
    expect(b.stats()).toMatchObject({ refreshes: 0, waits: 1 });
    expect(sim.stats().refreshes).toBe(1);
  });

  it('takes over a lapsed lease left by a crashed process, and gives up on a live one after maxWaitMs', async () => {
    await seed(mint('access', 60), mint('refresh'));
    const real = Date.now();
    await store.set(LEASE_DOC, {
      owner: 'crashed',
      purpose: 'refresh',
      acquired_at: new Date(real - 120_000).toISOString(),
      expires_at: new Date(real - 60_000).toISOString(),
    });
    const m = manager();
    knownTokens.push(await m.getAccessToken());
    expect(m.stats()).toMatchObject({ refreshes: 1, waits: 0 });

    await seed(mint('access', 60), mint('refresh'));
    await store.set(LEASE_DOC, {
      owner: 'stuck',
      purpose: 'login',
      acquired_at: new Date(real).toISOString(),
      expires_at: new Date(real + 600_000).toISOString(),
    });
    const e = await manager({ maxWaitMs: 300 })
      .getAccessToken()
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TokenUnavailableError);
    expect(String(e)).toMatch(/waiting for another process.*lease held for login/);
    expect(sim.stats().refreshes).toBe(1);
  });

  it('a token revoked mid-run is refreshed once and the request succeeds', async () => {
    const access = mint('access');
    await seed(access, mint('refresh'));
    const m = manager();
    const c = client(m);
    const shows = sim.data.showtimes.slice(0, 6);
    const merchantOf = (id: string) => sim.data.theatres.find((t) => t.id === id)!.merchant;
    await c.layout(merchantOf(shows[0]!.theatreId), shows[0]!.id);
    sim.tokens.revoke(access);
    const rest = await Promise.all(shows.slice(1).map((s) => c.layout(merchantOf(s.theatreId), s.id)));
    expect(rest).toHaveLength(5);
    expect(sim.stats().refreshes).toBe(1);
    const doc = await storedDoc();
    knownTokens.push(doc.token);
    expect(doc.token).not.toBe(access);
    expect(doc.source).toBe('refresh');
    expect(sim.stats().byEndpointStatus.layout!['401']).toBeGreaterThanOrEqual(1);
    expect(c.stats().endpoints.layout.failures).toBe(0);
  });

  it('onUnauthorized for a token already replaced returns the new one without refreshing again', async () => {
    const access = mint('access');
    await seed(access, mint('refresh'));
    const m = manager();
    expect(await m.getAccessToken()).toBe(access);
    const fresh = await m.onUnauthorized(access);
    knownTokens.push(fresh);
    expect(fresh).not.toBe(access);
    expect(await m.onUnauthorized(access)).toBe(fresh);
    expect(sim.stats().refreshes).toBe(1);
  });

  it('does not log in after its lease passed to another process during a slow refresh; it waits for that one', async () => {
    await seed(mint('access', 60), mint('refresh'));
    const fresh = mint('access');
    let logins = 0;
    const slowRefresh: Pick<TixClient, 'refreshAccessToken'> = {
      async refreshAccessToken() {
        // Our lease lapsed while this refresh was slow; another process took it and renews the token.
        const at = Date.now();
        await store.set(LEASE_DOC, {
          owner: 'other-process',
          purpose: 'login',
          acquired_at: new Date(at).toISOString(),
          expires_at: new Date(at + 60_000).toISOString(),
        });
        setTimeout(() => {
          void (async () => {
            const doc = AuthTokenDoc.parse(await store.get(TOKEN_DOC));
            await store.set(TOKEN_DOC, {
              ...doc,
              token: fresh,
              expires_at: jwtExpiry(fresh)!.toISOString(),
              source: 'login',
            });
            await store.set(LEASE_DOC, {
              owner: 'other-process',
              purpose: 'released',
              acquired_at: new Date(at).toISOString(),
              expires_at: new Date().toISOString(),
            });
          })();
        }, 200);
        throw new TixError('refresh', 'POST /v1/users/refresh', 401, 'INVALID_TOKEN', 'HTTP 401 INVALID_TOKEN');
      },
    };
    const m = new TokenManager({
      store,
      client: slowRefresh,
      log: captured.log,
      clock: sim.clock,
      pollMs: 50,
      credentials: { phone: '081200000000', password: 'not-a-real-password' },
      login: () => {
        logins++;
        return Promise.resolve({ token: mint('access'), refreshToken: mint('refresh') });
      },
    });
    expect(await m.getAccessToken()).toBe(fresh);
    expect(logins).toBe(0);
  });

  it('without credentials, an expired refresh token is a clear error saying what to do', async () => {
    await seed(mint('access', 60), mint('refresh', 30));
    const m = manager();
    const e = await m.getAccessToken().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TokenUnavailableError);
    expect(String(e)).toMatch(/refresh token expired/);
    expect(String(e)).toMatch(/TIX_PHONE_NUMBER and TIX_PASSWORD/);
    expect(String(e)).toMatch(/token workflow/);
    expect(sim.stats().refreshes).toBe(0);
  });

  it('without credentials, a refused refresh token is a clear error too; nothing stored is a clear error', async () => {
    const refresh = mint('refresh');
    sim.tokens.revoke(refresh);
    await seed(mint('access', 60), refresh);
    const e = await manager()
      .getAccessToken()
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TokenUnavailableError);
    expect(String(e)).toMatch(/refused \(HTTP 401/);
    expect(sim.stats().byEndpointStatus.refresh).toEqual({ '401': 1 });

    await store.delete(TOKEN_DOC);
    const e2 = await manager()
      .getAccessToken()
      .catch((x: unknown) => x);
    expect(String(e2)).toMatch(/auth_tokens\/tix_jwt does not exist.*TIX_PHONE_NUMBER/);
  });

  it('status of a token stored under a pinned clock ahead of this one (the demo): its own life, and says so', async () => {
    // The demo pins its clock (here 8 h ahead of the manager's) and stores a 30-minute token then.
    const pinned = new Date(Date.parse(NOW) + 8 * 3_600_000);
    sim.clock.set(pinned);
    const access = mint('access', 1800);
    const refresh = mint('refresh');
    sim.clock.set(NOW);
    await store.set(
      TOKEN_DOC,
      tokenDocument({ token: access, refreshToken: refresh, source: 'refresh', phone: '', storedAt: pinned }),
    );
    const st = await manager().status();
    expect(st.storedAheadMs).toBe(8 * 3_600_000);
    expect(st.ageMs).toBe(0);
    // Counted from when it was stored: a 30-minute token never shows 8 h 30 min left.
    expect(st.accessLeftMs).toBe(Date.parse(st.expiresAt!) - pinned.getTime());
    expect(st.accessLeftMs).toBeLessThanOrEqual(30 * 60_000);
    const { renderStatus } = await import('../../scripts/token.js');
    const lines = renderStatus(st);
    expect(lines[0]).toMatch(
      /^source: +refresh \(stored at .*, 8 h 0 min ahead of this clock: written under a pinned clock \(CINERADAR_NOW, e\.g\. by npm run demo\)/,
    );
    expect(lines[2]).toMatch(/^access token: +(30|29) min left when stored/);
  });

  it('status reports ages and time left without any token', async () => {
    await seed(mint('access', 600), mint('refresh'));
    const st = await manager().status();
    expect(st).toMatchObject({
      exists: true,
      source: 'login',
      phone: '62812****000',
      ageMs: 25 * 60_000,
      accessLeftMs: 600_000,
    });
    expect(JSON.stringify(st)).not.toMatch(JWT_SHAPE);
  });
});
