/**
 * Logging in to TIX.id through its Flutter web page with Playwright (the login API was never
 * captured). Waits for the page by its placeholders, types the national number (without 62),
 * clicks the LAST element named "Login" (the first is the header's back control), waits for
 * `/home` and reads both tokens from localStorage, unquoted.
 *
 * On failure it saves a screenshot and a Playwright trace to `artifacts/login/` (git-ignored; the
 * token workflow uploads it) and says what it saw (URL, a snippet of visible text). The trace
 * covers the page load up to the moment the form is ready — it stops before anything is typed,
 * because a trace records typed text and request bodies, and the password must never be written.
 */
import { accessSync, constants, mkdirSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { maskPhone, REDACTED, scrubString, type Logger } from '../log.js';
import { stripQuotes } from './jwt.js';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const PHONE_PLACEHOLDER = 'Type your phone number';
export const PASSWORD_PLACEHOLDER = 'Type Password';
/** What the credential fields are painted with in a failure screenshot. */
export const SCREENSHOT_MASK = '#FF00FF';

export interface LoginOptions {
  appBase: string;
  phone: string;
  password: string;
  /** CHROMIUM_PATH; otherwise `chromium` on PATH, otherwise Playwright's own browser. */
  chromiumPath?: string | undefined;
  log: Logger;
  /** Where failure artifacts go. Default `artifacts/login`. */
  artifactsDir?: string;
  /** Budget for the whole login. Default 90 s (Flutter boots in 5–15 s). */
  timeoutMs?: number;
}

export interface LoginResult {
  token: string;
  refreshToken: string;
}

export class LoginError extends Error {
  constructor(
    message: string,
    readonly url: string | undefined,
    /** A snippet of the visible text (phone numbers masked). */
    readonly seen: string | undefined,
    readonly artifacts: string[],
  ) {
    super(
      `${message}${url ? `; page: ${url}` : ''}${seen ? `; visible text: "${seen}"` : ''}` +
        (artifacts.length ? `; saved ${artifacts.join(', ')}` : ''),
    );
    this.name = 'LoginError';
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium to launch: `configured` (CHROMIUM_PATH) if given, else `chromium` /
 * `chromium-browser` on PATH, else undefined (Playwright's own install).
 */
export function findChromium(configured: string | undefined, pathEnv: string | undefined = process.env.PATH): string | undefined {
  if (configured) {
    if (!executable(configured)) throw new LoginError(`CHROMIUM_PATH ${configured} is not an executable file`, undefined, undefined, []);
    return configured;
  }
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of ['chromium', 'chromium-browser']) {
      const p = join(dir, name);
      if (executable(p)) return p;
    }
  }
  return undefined;
}

/** The number as typed after the fixed +62 prefix: digits only, without 62 / +62 / leading 0. */
export function nationalNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('62')) return digits.slice(2);
  if (digits.startsWith('0')) return digits.slice(1);
  return digits;
}

/**
 * Text about a failed login made safe to log: the password and the phone number in every form it
 * was given or typed (the national number, which the generic scrubber cannot recognise) are
 * replaced before the usual scrubbing of tokens and phone numbers.
 */
export function redactCredentials(text: string, credentials: { phone: string; password: string }): string {
  let out = text;
  if (credentials.password) out = out.replaceAll(credentials.password, REDACTED);
  const masked = maskPhone(credentials.phone);
  for (const form of [credentials.phone, credentials.phone.replace(/\D/g, ''), nationalNumber(credentials.phone)]) {
    if (form.length >= 6) out = out.replaceAll(form, masked);
  }
  return scrubString(out);
}

async function seenOn(page: Page | undefined): Promise<{ url: string | undefined; text: string | undefined }> {
  if (!page) return { url: undefined, text: undefined };
  const url = page.url();
  let text: string | undefined;
  try {
    const raw = await page.evaluate(() => document.body?.innerText ?? '', undefined);
    text = scrubString(raw.replace(/\s+/g, ' ').trim()).slice(0, 300);
  } catch {
    text = undefined;
  }
  return { url, text };
}

/** Flutter web exposes its widgets to the DOM only with semantics on; turn them on if offered. */
async function enableSemantics(page: Page): Promise<void> {
  await page
    .evaluate(() => {
      const el = document.querySelector('flt-semantics-placeholder') as HTMLElement | null;
      el?.click();
    }, undefined)
    .catch(() => undefined);
}

/** Wait for the app's /home, or throw what its alert says when it refuses the login. */
async function waitForHome(page: Page, timeout: number): Promise<void> {
  const alert = page.getByRole('alert').first();
  const outcome = await Promise.race([
    page.waitForURL(/\/home(\b|\/|\?|#|$)/, { timeout }).then(() => 'home' as const),
    alert.waitFor({ state: 'visible', timeout }).then(() => 'alert' as const),
  ]);
  if (outcome === 'alert') {
    const said = ((await alert.innerText().catch(() => '')) || 'an error').replace(/\s+/g, ' ').trim();
    throw new Error(`the page refused the login: "${said.slice(0, 200)}"`);
  }
}

/** The two tokens the app keeps in localStorage after a login, quotes stripped. */
async function readTokens(page: Page, timeout: number): Promise<LoginResult> {
  await page.waitForFunction(
    () => !!localStorage.getItem('authentication_token') && !!localStorage.getItem('authentication_refresh_token'),
    undefined,
    { timeout },
  );
  const raw = await page.evaluate(
    () => ({ token: localStorage.getItem('authentication_token'), refresh: localStorage.getItem('authentication_refresh_token') }),
    undefined,
  );
  const token = stripQuotes(raw.token);
  const refreshToken = stripQuotes(raw.refresh);
  if (!token || !refreshToken) throw new Error('localStorage has no authentication_token / authentication_refresh_token');
  return { token, refreshToken };
}

/** After a failure: a masked screenshot, and the trace so far when it is still recording, in `dir`. */
async function failureArtifacts(page: Page | undefined, recording: BrowserContext | undefined, dir: string, stamp: string): Promise<string[]> {
  const out: string[] = [];
  const kept = (p: Promise<unknown>) => p.then(() => true, () => false);
  if (page) {
    const shot = join(dir, `screenshot-${stamp}.png`);
    // The fields are painted over: the screenshot is uploaded, and the phone number shows in clear.
    const mask = [PHONE_PLACEHOLDER, PASSWORD_PLACEHOLDER].map((p) => page.getByPlaceholder(p, { exact: true }));
    if (await kept(page.screenshot({ path: shot, fullPage: true, mask, maskColor: SCREENSHOT_MASK }))) out.push(shot);
  }
  if (recording) {
    const trace = join(dir, `trace-${stamp}.zip`);
    if (await kept(recording.tracing.stop({ path: trace }))) out.push(trace);
  }
  return out;
}

export async function loginWithBrowser(opts: LoginOptions): Promise<LoginResult> {
  const { log } = opts;
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const dir = resolve(opts.artifactsDir ?? 'artifacts/login');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const executablePath = findChromium(opts.chromiumPath);
  const url = `${opts.appBase.replace(/\/+$/, '')}/login`;
  log.info({ url, chromium: executablePath ?? "Playwright's own", phone: maskPhone(opts.phone) }, 'opening the TIX.id login page');

  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let tracing = false;
  let step = 'launching Chromium';
  const artifacts: string[] = [];
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1_000, deadline - Date.now());
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: left() });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.tracing.start({ screenshots: true, snapshots: true, title: 'TIX.id login (until the form is ready)' });
    tracing = true;
    page = await context.newPage();
    page.setDefaultTimeout(left());

    step = `loading ${url}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: left() });

    step = `waiting for the login form (placeholders "${PHONE_PLACEHOLDER}", "${PASSWORD_PLACEHOLDER}")`;
    const phoneInput = page.getByPlaceholder(PHONE_PLACEHOLDER, { exact: true });
    const passwordInput = page.getByPlaceholder(PASSWORD_PLACEHOLDER, { exact: true });
    while (!(await phoneInput.isVisible().catch(() => false))) {
      if (Date.now() > deadline) throw new Error('timed out');
      await enableSemantics(page);
      await phoneInput.waitFor({ state: 'visible', timeout: Math.min(2_000, left()) }).catch(() => undefined);
    }
    await passwordInput.waitFor({ state: 'visible', timeout: left() });
    // Nothing secret has been typed yet: keep the trace up to here, then stop recording.
    const trace = join(ensureDir(dir), `trace-${stamp}.zip`);
    tracing = false;
    await context.tracing.stop({ path: trace });
    artifacts.push(trace);

    step = 'typing the phone number';
    await phoneInput.click();
    await phoneInput.pressSequentially(nationalNumber(opts.phone), { delay: 10 });
    step = 'typing the password';
    await passwordInput.click();
    await passwordInput.pressSequentially(opts.password, { delay: 10 });

    step = 'clicking the last "Login"';
    await page.getByRole('button', { name: 'Login', exact: true }).last().click({ timeout: left() });

    step = 'waiting for /home';
    await waitForHome(page, left());

    step = 'reading the tokens from localStorage';
    const { token, refreshToken } = await readTokens(page, left());
    // The trace of a successful login is not needed.
    for (const a of artifacts.splice(0)) rmSync(a, { force: true });
    log.info('TIX.id login succeeded');
    return { token, refreshToken };
  } catch (err) {
    const { url: at, text } = await seenOn(page);
    artifacts.push(...(await failureArtifacts(page, tracing ? context : undefined, ensureDir(dir), stamp)));
    tracing = false;
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    const seen = text && redactCredentials(text, opts);
    const e = new LoginError(`TIX.id login failed while ${step}: ${redactCredentials(reason, opts)}`, at, seen, artifacts);
    log.error({ step, url: at, seen, artifacts }, 'TIX.id login failed');
    throw e;
  } finally {
    if (tracing && context) await context.tracing.stop().catch(() => undefined);
    await browser?.close().catch(() => undefined);
  }
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
