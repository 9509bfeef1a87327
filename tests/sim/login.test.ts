/** The simulator's login page driven by Playwright in real Chromium. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright';
import { LayoutResponse, RefreshResponse } from '../../shared/tix/schemas.js';
import { CHROMIUM_ARGS } from '../../shared/token/login.js';
import { startSimulator, type Simulator } from '../../scripts/tix-sim/index.js';
import { call, layoutPath } from './http.js';

const NOW = '2026-01-19T06:00:00+07:00';
const PHONE = '6281234567890'; // configured in 62 form; typed as 81234567890
const PASSWORD = 'correct horse';

let sim: Simulator;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sim = await startSimulator({
    preset: 'tiny',
    seed: 5,
    now: NOW,
    loginDelayMs: 400,
    credentials: { phone: PHONE, password: PASSWORD },
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});
beforeEach(async () => {
  const context = await browser.newContext();
  page = await context.newPage();
  return async () => {
    await context.close();
  };
});

const stored = () =>
  page.evaluate(() => ({
    token: localStorage.getItem('authentication_token'),
    refresh: localStorage.getItem('authentication_refresh_token'),
  }));

async function openLogin(): Promise<void> {
  await page.goto(`${sim.appBase}/login`);
  await page.getByPlaceholder('Type your phone number', { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
}

describe('login page', () => {
  it('starts blank, then shows the form of the screenshots', async () => {
    // A blank start long enough that a loaded machine still looks at the page before it renders.
    sim.setLoginDelay(4000);
    try {
      await page.goto(`${sim.appBase}/login`, { waitUntil: 'domcontentloaded' });
      expect(await page.evaluate(() => document.body.innerText.trim())).toBe('');
      expect(await page.locator('input').count()).toBe(0);
    } finally {
      sim.setLoginDelay(400);
    }
    await page
      .getByPlaceholder('Type your phone number', { exact: true })
      .waitFor({ state: 'visible', timeout: 15_000 });
    const text = await page.evaluate(() => document.body.innerText);
    for (const s of ['PHONE NUMBER', '+62', 'PASSWORD', 'Reset password', 'Register here']) expect(text).toContain(s);
    await expect(page.getByPlaceholder('Type Password', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Show password' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Reset password' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Register here' }).isVisible()).resolves.toBe(true);
  });

  it('has two controls named "Login"; the last is disabled until both fields are filled', async () => {
    await openLogin();
    const logins = page.getByRole('button', { name: 'Login', exact: true });
    expect(await logins.count()).toBe(2);
    const submit = logins.last();
    expect(await submit.isDisabled()).toBe(true);
    expect(await logins.first().isDisabled()).toBe(false);
    await page.getByPlaceholder('Type your phone number').fill('81234567890');
    expect(await submit.isDisabled()).toBe(true);
    await page.getByPlaceholder('Type Password').fill('x');
    expect(await submit.isDisabled()).toBe(false);
    await page.getByPlaceholder('Type your phone number').fill('');
    expect(await submit.isDisabled()).toBe(true);
  });

  it('the first "Login" (header back control) leaves the page without logging in', async () => {
    await openLogin();
    await page.getByPlaceholder('Type your phone number').fill('81234567890');
    await page.getByPlaceholder('Type Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Login', exact: true }).first().click();
    await page.waitForURL(/\/home$/);
    expect(await stored()).toEqual({ token: null, refresh: null });
  });

  it('a wrong password shows an error and stores nothing', async () => {
    const before = sim.stats().loginFailures;
    await openLogin();
    await page.getByPlaceholder('Type your phone number').fill('81234567890');
    await page.getByPlaceholder('Type Password').fill('wrong');
    await page.getByRole('button', { name: 'Login', exact: true }).last().click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.innerText()).toMatch(/incorrect/i);
    expect(page.url()).toMatch(/\/login$/);
    expect(await stored()).toEqual({ token: null, refresh: null });
    expect(sim.stats().loginFailures).toBe(before + 1);
  });

  it('typing the number with its 62 prefix after the fixed +62 fails', async () => {
    await openLogin();
    await page.getByPlaceholder('Type your phone number').fill('6281234567890');
    await page.getByPlaceholder('Type Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Login', exact: true }).last().click();
    await page.getByRole('alert').waitFor({ state: 'visible' });
    expect(await stored()).toEqual({ token: null, refresh: null });
  });

  it('the last "Login" logs in: /home, both tokens in localStorage wrapped in quotes, and they work', async () => {
    const before = sim.stats().logins;
    await openLogin();
    await page.getByPlaceholder('Type your phone number').pressSequentially('81234567890');
    await page.getByPlaceholder('Type Password').pressSequentially(PASSWORD);
    await page.getByRole('button', { name: 'Login', exact: true }).last().click();
    await page.waitForURL(/\/home$/);
    const raw = await stored();
    expect(raw.token).toMatch(/^"[\w-]+\.[\w-]+\.[\w-]+"$/);
    expect(raw.refresh).toMatch(/^"[\w-]+\.[\w-]+\.[\w-]+"$/);
    expect(sim.stats().logins).toBe(before + 1);
    const token = JSON.parse(raw.token!) as string;
    const refresh = JSON.parse(raw.refresh!) as string;
    const show = sim.data.showtimes.find((s) => s.merchant === 'XXI' && Date.parse(s.startsAt) > Date.parse(NOW))!;
    // Unquoted, the access token reads a seat map; with its quotes it is refused.
    LayoutResponse.xxi.parse((await call(sim, layoutPath('xxi', show.id), { token })).json);
    expect((await call(sim, layoutPath('xxi', show.id), { token: raw.token! })).status).toBe(401);
    RefreshResponse.parse((await call(sim, '/v1/users/refresh', { method: 'POST', token: refresh })).json);
    // The app asked for a guest token on load, like the real one.
    expect(sim.stats().guestTokens).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.body.innerText)).toContain('Profile');
  });
});
