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
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright';
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
export function findChromium(
  configured: string | undefined,
  pathEnv: string | undefined = process.env.PATH,
): string | undefined {
  if (configured) {
    if (!executable(configured))
      throw new LoginError(`CHROMIUM_PATH ${configured} is not an executable file`, undefined, undefined, []);
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
    () => ({
      token: localStorage.getItem('authentication_token'),
      refresh: localStorage.getItem('authentication_refresh_token'),
    }),
    undefined,
  );
  const token = stripQuotes(raw.token);
  const refreshToken = stripQuotes(raw.refresh);
  if (!token || !refreshToken)
    throw new Error('localStorage has no authentication_token / authentication_refresh_token');
  return { token, refreshToken };
}

/** After a failure: a masked screenshot, and the trace so far when it is still recording, in `dir`. */
async function failureArtifacts(
  page: Page | undefined,
  recording: BrowserContext | undefined,
  dir: string,
  stamp: string,
): Promise<string[]> {
  const out: string[] = [];
  const kept = (p: Promise<unknown>) =>
    p.then(
      () => true,
      () => false,
    );
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

/** What the steps of one login share: the browser as far as it got, the step it is at, the budget. */
interface LoginSession {
  opts: LoginOptions;
  /** Where failure artifacts go (absolute). */
  dir: string;
  /** Names this login's artifacts. */
  stamp: string;
  deadline: number;
  /** What it is doing, for the error of a failure. */
  step: string;
  browser?: Browser;
  context?: BrowserContext;
  page?: Page;
  /** The context's trace is recording (it stops before anything is typed). */
  tracing: boolean;
  artifacts: string[];
}

/** The two credential fields of the login form. */
interface LoginForm {
  phone: Locator;
  password: Locator;
}

/**
 * A login, as its steps: openLoginPage (Chromium, a traced context, the page), waitForForm (the
 * two fields; the trace stops there), typeCredentials (and the last "Login" is clicked),
 * waitForHome, readTokens. A failure becomes a LoginError with what the page showed
 * (loginFailure); the browser is closed either way.
 */
export async function loginWithBrowser(opts: LoginOptions): Promise<LoginResult> {
  const executablePath = findChromium(opts.chromiumPath);
  const url = `${opts.appBase.replace(/\/+$/, '')}/login`;
  opts.log.info(
    { url, chromium: executablePath ?? "Playwright's own", phone: maskPhone(opts.phone) },
    'opening the TIX.id login page',
  );
  const s: LoginSession = {
    opts,
    dir: resolve(opts.artifactsDir ?? 'artifacts/login'),
    stamp: new Date().toISOString().replace(/[:.]/g, '-'),
    deadline: Date.now() + (opts.timeoutMs ?? 90_000),
    step: 'launching Chromium',
    tracing: false,
    artifacts: [],
  };
  try {
    const page = await openLoginPage(s, executablePath, url);
    const form = await waitForForm(s, page);
    await typeCredentials(s, page, form);
    s.step = 'waiting for /home';
    await waitForHome(page, timeLeft(s));
    s.step = 'reading the tokens from localStorage';
    const { token, refreshToken } = await readTokens(page, timeLeft(s));
    // The trace of a successful login is not needed.
    for (const a of s.artifacts.splice(0)) rmSync(a, { force: true });
    opts.log.info('TIX.id login succeeded');
    return { token, refreshToken };
  } catch (err) {
    throw await loginFailure(s, err);
  } finally {
    if (s.tracing && s.context) await s.context.tracing.stop().catch(() => undefined);
    await s.browser?.close().catch(() => undefined);
  }
}

/** What is left of the login's budget, at least a second. */
function timeLeft(s: LoginSession): number {
  return Math.max(1_000, s.deadline - Date.now());
}

/** Chromium, a context whose trace records the page load, and the login page loaded. */
async function openLoginPage(s: LoginSession, executablePath: string | undefined, url: string): Promise<Page> {
  s.browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: timeLeft(s) });
  s.context = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await s.context.tracing.start({
    screenshots: true,
    snapshots: true,
    title: 'TIX.id login (until the form is ready)',
  });
  s.tracing = true;
  const page = await s.context.newPage();
  s.page = page;
  page.setDefaultTimeout(timeLeft(s));

  s.step = `loading ${url}`;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeLeft(s) });
  return page;
}

/**
 * Both fields visible (semantics turned on while the phone field is missing); then the trace is
 * saved and stopped: nothing secret has been typed yet.
 */
async function waitForForm(s: LoginSession, page: Page): Promise<LoginForm> {
  s.step = `waiting for the login form (placeholders "${PHONE_PLACEHOLDER}", "${PASSWORD_PLACEHOLDER}")`;
  const phone = page.getByPlaceholder(PHONE_PLACEHOLDER, { exact: true });
  const password = page.getByPlaceholder(PASSWORD_PLACEHOLDER, { exact: true });
  while (!(await phone.isVisible().catch(() => false))) {
    if (Date.now() > s.deadline) throw new Error('timed out');
    await enableSemantics(page);
    await phone.waitFor({ state: 'visible', timeout: Math.min(2_000, timeLeft(s)) }).catch(() => undefined);
  }
  await password.waitFor({ state: 'visible', timeout: timeLeft(s) });
  // Nothing secret has been typed yet: keep the trace up to here, then stop recording.
  const trace = join(ensureDir(s.dir), `trace-${s.stamp}.zip`);
  s.tracing = false;
  await page.context().tracing.stop({ path: trace });
  s.artifacts.push(trace);
  return { phone, password };
}

/** The national number and the password typed, then the last element named "Login" clicked. */
async function typeCredentials(s: LoginSession, page: Page, form: LoginForm): Promise<void> {
  s.step = 'typing the phone number';
  await form.phone.click();
  await form.phone.pressSequentially(nationalNumber(s.opts.phone), { delay: 10 });
  s.step = 'typing the password';
  await form.password.click();
  await form.password.pressSequentially(s.opts.password, { delay: 10 });

  s.step = 'clicking the last "Login"';
  await page
    .getByRole('button', { name: 'Login', exact: true })
    .last()
    .click({ timeout: timeLeft(s) });
}

/** The error of a failed login: the step, the reason and what the page showed, credentials masked; logged. */
async function loginFailure(s: LoginSession, err: unknown): Promise<LoginError> {
  const { opts, step, artifacts } = s;
  const { url: at, text } = await seenOn(s.page);
  artifacts.push(...(await failureArtifacts(s.page, s.tracing ? s.context : undefined, ensureDir(s.dir), s.stamp)));
  s.tracing = false;
  const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  const seen = text && redactCredentials(text, opts);
  const e = new LoginError(
    `TIX.id login failed while ${step}: ${redactCredentials(reason, opts)}`,
    at,
    seen,
    artifacts,
  );
  opts.log.error({ step, url: at, seen, artifacts }, 'TIX.id login failed');
  return e;
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
