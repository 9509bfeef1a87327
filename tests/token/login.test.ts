/**
 * Playwright login in real Chromium against the simulator's login page: an expired refresh token
 * leads to a login through the page, and the tokens are stored without their localStorage quotes;
 * a refused login reports what it saw and leaves a screenshot and a trace, never the password.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../scripts/tix-sim/index.js';
import { AuthTokenDoc } from '../../shared/store/documents.js';
import type { Store } from '../../shared/store/store.js';
import { createTixClient, type TixClient } from '../../shared/tix/client.js';
import { Limiter } from '../../shared/http/limiter.js';
import { jwtExpiry } from '../../shared/token/jwt.js';
import { CHROMIUM_ARGS, findChromium, LoginError, loginWithBrowser } from '../../shared/token/login.js';
import { createTokenManager, TOKEN_DOC, tokenDocument } from '../../shared/token/manager.js';
import { clearProject, emulatorStore, testProject } from '../helpers/firestore.js';
import { captureLog, JWT_SHAPE } from '../helpers/log-capture.js';

const NOW = '2026-01-19T06:00:00+07:00';
const PASSWORD = 'Sim-Pa55word-never-logged';
const PHONE = '+6281234567890';
const project = testProject('token-login');
let sim: Simulator;
let store: Store;
const clients: TixClient[] = [];
const captured = captureLog();
const knownTokens: string[] = [];
const artifacts = mkdtempSync(join(tmpdir(), 'cineradar-login-'));

function client(tokens?: Parameters<typeof createTixClient>[0]['tokens']): TixClient {
  const c = createTixClient({
    config: { tix: { apiBase: sim.apiBase, appBase: sim.appBase, rps: 100, concurrency: 4, timeoutMs: 20_000 } },
    log: captured.log,
    clock: sim.clock,
    limiter: new Limiter({ rps: 100, concurrency: 4 }),
    tokens,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sim = await startSimulator({
    preset: 'tiny',
    now: NOW,
    loginDelayMs: 1500,
    credentials: { phone: PHONE, password: PASSWORD },
  });
  store = emulatorStore(project);
  await clearProject(project);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await store.close();
  await sim.close();
  rmSync(artifacts, { recursive: true, force: true });
  const text = captured.text();
  expect(text.length).toBeGreaterThan(0);
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain('81234567890'); // the phone only ever appears masked
  for (const t of knownTokens) expect(text.includes(t)).toBe(false);
  expect(text).not.toMatch(JWT_SHAPE);
});

describe('Playwright login', () => {
  it('an expired refresh token leads to a login in Chromium; tokens are stored without quotes', async () => {
    const oldAccess = sim.tokens.mintAccess({ ttlSeconds: 60 });
    const oldRefresh = sim.tokens.mintRefresh({ ttlSeconds: 30 });
    knownTokens.push(oldAccess, oldRefresh);
    const seeded = tokenDocument({
      token: oldAccess,
      refreshToken: oldRefresh,
      source: 'login',
      phone: '62812****890',
      storedAt: sim.clock.now(),
    });
    await store.set(TOKEN_DOC, seeded);
    const manager = await createTokenManager({
      config: {
        tix: { apiBase: sim.apiBase, appBase: sim.appBase, rps: 100, concurrency: 4, timeoutMs: 20_000 },
        credentials: { phone: PHONE, password: PASSWORD },
        chromiumPath: undefined,
      },
      store,
      client: client(),
      log: captured.log,
      clock: sim.clock,
    });
    const token = await manager.getAccessToken();
    const doc = AuthTokenDoc.parse(await store.get(TOKEN_DOC));
    knownTokens.push(doc.token, doc.refresh_token);
    expect(sim.stats()).toMatchObject({ logins: 1, loginFailures: 0, refreshes: 0 });
    expect(manager.stats()).toMatchObject({ logins: 1, refreshes: 0 });
    expect(doc.token).toBe(token);
    expect(doc.source).toBe('login');
    expect(doc.phone).toBe('62812****890');
    for (const t of [doc.token, doc.refresh_token]) {
      expect(t).not.toMatch(/^"|"$/);
      expect(t.split('.')).toHaveLength(3);
    }
    expect(doc.refresh_token).not.toBe(oldRefresh);
    expect(doc.refresh_expires_at).toBe(jwtExpiry(doc.refresh_token)!.toISOString());
    // the logged-in token opens a seat layout
    const s = sim.data.showtimes[0]!;
    const merchant = sim.data.theatres.find((t) => t.id === s.theatreId)!.merchant;
    await expect(client(manager).layout(merchant, s.id)).resolves.toMatchObject({
      data: { seat_map: expect.any(Array) },
    });
  }, 90_000);

  it('a refused login says where it stopped and what it saw, and saves a screenshot and a trace, never the password', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const e = (await loginWithBrowser({
      appBase: sim.appBase,
      phone: PHONE,
      password: wrong,
      log: captured.log,
      artifactsDir: artifacts,
      timeoutMs: 15_000,
    }).catch((x: unknown) => x)) as LoginError;
    expect(e).toBeInstanceOf(LoginError);
    expect(e.message).toMatch(/waiting for \/home: the page refused the login/);
    expect(e.url).toMatch(/\/login$/);
    expect(e.seen).toMatch(/PHONE NUMBER/);
    expect(e.message).not.toContain(wrong);
    const files = readdirSync(artifacts);
    expect(files.some((f) => /^screenshot-.*\.png$/.test(f))).toBe(true);
    expect(files.some((f) => /^trace-.*\.zip$/.test(f))).toBe(true);
    for (const f of files) expect(readFileSync(join(artifacts, f)).includes(Buffer.from(wrong))).toBe(false);
    expect(sim.stats().loginFailures).toBeGreaterThanOrEqual(1);

    // The screenshot (an uploaded artifact) shows the phone and password fields painted over.
    const shot = files.find((f) => /^screenshot-.*\.png$/.test(f))!;
    const browser = await chromium.launch({ executablePath: findChromium(undefined), args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      const masked = await page.evaluate(
        async (src) => {
          const img = new Image();
          img.src = src;
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = img.width;
          canvas.height = img.height;
          const ctx = canvas.getContext('2d')!;
          ctx.drawImage(img, 0, 0);
          const px = ctx.getImageData(0, 0, img.width, img.height).data;
          let n = 0;
          for (let i = 0; i < px.length; i += 4) if (px[i] === 255 && px[i + 1] === 0 && px[i + 2] === 255) n++;
          return n;
        },
        `data:image/png;base64,${readFileSync(join(artifacts, shot)).toString('base64')}`,
      );
      expect(masked).toBeGreaterThan(2 * 100); // two fields, each far more than 100 pixels
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('finds Chromium from CHROMIUM_PATH or PATH and refuses a wrong CHROMIUM_PATH', () => {
    expect(() => findChromium('/nonexistent/chromium')).toThrow(/CHROMIUM_PATH/);
    const onPath = findChromium(undefined);
    if (onPath) expect(existsSync(onPath)).toBe(true);
    expect(findChromium(undefined, '/nonexistent-dir')).toBeUndefined();
  });
});
