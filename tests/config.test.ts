import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_TIX_CONCURRENCY,
  DEFAULT_TIX_RPS,
  DEFAULT_TIX_TIMEOUT_MS,
  loadConfig,
} from '../shared/config.js';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** The ConfigError a bad environment gives (fails the test when it parses). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, false);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(Object.keys(env))}`);
}

function serviceAccountJson(overrides: Record<string, unknown> = {}): string {
  // A real-looking key generated at test time (never a committed secret).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return JSON.stringify({
    type: 'service_account',
    project_id: 'cineradar-prod',
    client_email: 'scraper@cineradar-prod.iam.gserviceaccount.com',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ...overrides,
  });
}

describe('loadConfig: defaults', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({}, false);
    expect(c.tix).toEqual({
      apiBase: 'https://api-b2b.tix.id',
      appBase: 'https://app.tix.id',
      rps: DEFAULT_TIX_RPS,
      concurrency: DEFAULT_TIX_CONCURRENCY,
      timeoutMs: DEFAULT_TIX_TIMEOUT_MS,
    });
    expect(c.credentials).toBeUndefined();
    expect(c.store.kind).toBe('file');
    expect(c.store.dataDir).toBe('./data');
    expect(c.store.projectId).toBe('demo-cineradar');
    expect(c.now).toBeUndefined();
    expect(c.chromiumPath).toBeUndefined();
    expect(c.log).toEqual({ level: 'info', format: 'json' });
    expect(c.githubStepSummary).toBeUndefined();
  });

  it('LOG_FORMAT defaults to pretty on a TTY and json otherwise; empty values count as unset', () => {
    expect(loadConfig({}, true).log.format).toBe('pretty');
    expect(loadConfig({}, false).log.format).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).log.format).toBe('json');
    expect(loadConfig({ LOG_FORMAT: '', TIX_RPS: '' }, false).tix.rps).toBe(DEFAULT_TIX_RPS);
  });
});

describe('loadConfig: each variable', () => {
  it('TIX_API_BASE and TIX_APP_BASE take http(s) URLs (trailing slash dropped)', () => {
    const c = loadConfig({ TIX_API_BASE: 'http://127.0.0.1:4010/', TIX_APP_BASE: 'http://127.0.0.1:4011' }, false);
    expect(c.tix.apiBase).toBe('http://127.0.0.1:4010');
    expect(c.tix.appBase).toBe('http://127.0.0.1:4011');
    expect(configError({ TIX_API_BASE: 'api-b2b.tix.id' }).variable).toBe('TIX_API_BASE');
    expect(configError({ TIX_APP_BASE: 'ftp://x' }).variable).toBe('TIX_APP_BASE');
  });

  it('TIX_PHONE_NUMBER and TIX_PASSWORD go together', () => {
    const c = loadConfig({ TIX_PHONE_NUMBER: '+62 812-3456-789', TIX_PASSWORD: 'hunter2' }, false);
    expect(c.credentials).toEqual({ phone: '+628123456789', password: 'hunter2' });
    expect(configError({ TIX_PHONE_NUMBER: '628123456789' }).variable).toBe('TIX_PASSWORD');
    expect(configError({ TIX_PASSWORD: 'x' }).variable).toBe('TIX_PHONE_NUMBER');
    expect(configError({ TIX_PHONE_NUMBER: 'call me', TIX_PASSWORD: 'x' }).variable).toBe('TIX_PHONE_NUMBER');
  });

  it('a bad password value never appears in the error', () => {
    const err = configError({ TIX_PHONE_NUMBER: 'not-a-phone', TIX_PASSWORD: 's3cret-pass' });
    expect(err.message).not.toContain('s3cret-pass');
  });

  it('TIX_RPS is a positive number, TIX_CONCURRENCY a positive whole number', () => {
    const c = loadConfig({ TIX_RPS: '2.5', TIX_CONCURRENCY: '8' }, false);
    expect(c.tix.rps).toBe(2.5);
    expect(c.tix.concurrency).toBe(8);
    for (const bad of ['0', '-1', 'fast', '1e3']) expect(configError({ TIX_RPS: bad }).variable).toBe('TIX_RPS');
    for (const bad of ['0', '2.5', 'many'])
      expect(configError({ TIX_CONCURRENCY: bad }).variable).toBe('TIX_CONCURRENCY');
  });

  it('TIX_TIMEOUT_MS is whole milliseconds per attempt, 10 s by default', () => {
    expect(DEFAULT_TIX_TIMEOUT_MS).toBe(10_000);
    expect(loadConfig({ TIX_TIMEOUT_MS: '2500' }, false).tix.timeoutMs).toBe(2500);
    for (const bad of ['0', '50', '2.5', '10s', '-1', '600001']) {
      const e = configError({ TIX_TIMEOUT_MS: bad });
      expect(e.variable).toBe('TIX_TIMEOUT_MS');
      expect(e.message).toContain('milliseconds');
    }
  });

  it('CINERADAR_STORE, CINERADAR_DATA_DIR', () => {
    expect(loadConfig({ CINERADAR_STORE: 'file', CINERADAR_DATA_DIR: '/tmp/x' }, false).store).toMatchObject({
      kind: 'file',
      dataDir: '/tmp/x',
    });
    expect(configError({ CINERADAR_STORE: 'sqlite' })).toMatchObject({ variable: 'CINERADAR_STORE' });
    expect(configError({ CINERADAR_DATA_DIR: '   ' }).variable).toBe('CINERADAR_DATA_DIR');
  });

  it('FIREBASE_PROJECT_ID, FIRESTORE_EMULATOR_HOST, GOOGLE_APPLICATION_CREDENTIALS', () => {
    const c = loadConfig({ FIREBASE_PROJECT_ID: 'demo-x1', FIRESTORE_EMULATOR_HOST: '127.0.0.1:8085' }, false);
    expect(c.store).toMatchObject({
      kind: 'firestore',
      projectId: 'demo-x1',
      emulatorHost: '127.0.0.1:8085',
      real: false,
    });
    expect(configError({ FIREBASE_PROJECT_ID: 'My Project' }).variable).toBe('FIREBASE_PROJECT_ID');
    expect(configError({ FIRESTORE_EMULATOR_HOST: 'http://localhost:8080' }).variable).toBe('FIRESTORE_EMULATOR_HOST');
    expect(configError({ FIRESTORE_EMULATOR_HOST: 'localhost' }).variable).toBe('FIRESTORE_EMULATOR_HOST');
    expect(loadConfig({ GOOGLE_APPLICATION_CREDENTIALS: '/secrets/sa.json' }, false).store.kind).toBe('firestore');
  });

  it('CINERADAR_NOW is an ISO instant with a zone', () => {
    expect(loadConfig({ CINERADAR_NOW: '2026-01-19T06:00:00+07:00' }, false).now).toBe('2026-01-19T06:00:00+07:00');
    expect(loadConfig({ CINERADAR_NOW: '2026-01-18T23:00:00Z' }, false).now).toBe('2026-01-18T23:00:00Z');
    for (const bad of ['2026-01-19', '2026-01-19T06:00:00', 'tomorrow', '2026-13-45T00:00:00Z']) {
      expect(configError({ CINERADAR_NOW: bad }).variable, bad).toBe('CINERADAR_NOW');
    }
  });

  it('CINERADAR_NOW must name a real calendar instant (no rolling 30 February over to March)', () => {
    for (const bad of [
      '2026-02-30T06:00:00Z',
      '2026-02-29T06:00:00+07:00',
      '2026-01-19T24:00:00Z',
      '2026-04-31T00:00:00Z',
    ]) {
      expect(configError({ CINERADAR_NOW: bad }).variable, bad).toBe('CINERADAR_NOW');
    }
    expect(loadConfig({ CINERADAR_NOW: '2028-02-29T06:00+0700' }, false).now).toBe('2028-02-29T06:00+0700');
    expect(loadConfig({ CINERADAR_NOW: ' 2026-01-19T06:00:00.250Z ' }, false).now).toBe('2026-01-19T06:00:00.250Z');
  });

  it('CHROMIUM_PATH, LOG_LEVEL, LOG_FORMAT, GITHUB_STEP_SUMMARY', () => {
    const c = loadConfig(
      {
        CHROMIUM_PATH: '/usr/bin/chromium',
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'pretty',
        GITHUB_STEP_SUMMARY: '/tmp/s.md',
      },
      false,
    );
    expect(c.chromiumPath).toBe('/usr/bin/chromium');
    expect(c.log).toEqual({ level: 'debug', format: 'pretty' });
    expect(c.githubStepSummary).toBe('/tmp/s.md');
    expect(configError({ LOG_LEVEL: 'verbose' }).variable).toBe('LOG_LEVEL');
    expect(configError({ LOG_FORMAT: 'xml' }).variable).toBe('LOG_FORMAT');
  });
});

describe('store selection', () => {
  it('file store when no Firebase credentials are present', () => {
    expect(loadConfig({ TIX_RPS: '5' }, false).store.kind).toBe('file');
  });

  it('firestore when the emulator, GOOGLE_APPLICATION_CREDENTIALS or FIREBASE_SERVICE_ACCOUNT is set', () => {
    expect(loadConfig({ FIRESTORE_EMULATOR_HOST: '127.0.0.1:1' }, false).store).toMatchObject({
      kind: 'firestore',
      real: false,
    });
    expect(loadConfig({ GOOGLE_APPLICATION_CREDENTIALS: '/k.json' }, false).store).toMatchObject({
      kind: 'firestore',
      real: true,
    });
    expect(loadConfig({ FIREBASE_SERVICE_ACCOUNT: serviceAccountJson() }, false).store).toMatchObject({
      kind: 'firestore',
      real: true,
    });
  });

  it('the emulator wins over credentials (never real Firestore from a test)', () => {
    const c = loadConfig(
      { FIRESTORE_EMULATOR_HOST: '127.0.0.1:1', FIREBASE_SERVICE_ACCOUNT: serviceAccountJson() },
      false,
    );
    expect(c.store).toMatchObject({ kind: 'firestore', real: false, emulatorHost: '127.0.0.1:1' });
  });

  it('CINERADAR_STORE overrides the choice; firestore without credentials is refused', () => {
    expect(loadConfig({ CINERADAR_STORE: 'file', FIRESTORE_EMULATOR_HOST: '127.0.0.1:1' }, false).store.kind).toBe(
      'file',
    );
    const err = configError({ CINERADAR_STORE: 'firestore' });
    expect(err.variable).toBe('CINERADAR_STORE');
    expect(err.message).toMatch(/FIRESTORE_EMULATOR_HOST|GOOGLE_APPLICATION_CREDENTIALS|FIREBASE_SERVICE_ACCOUNT/);
  });
});

describe('FIREBASE_SERVICE_ACCOUNT', () => {
  it('set but empty (a missing GitHub secret) is an error naming it, not a silent fall-back to the file store', () => {
    for (const empty of ['', '  ']) {
      const err = configError({ FIREBASE_SERVICE_ACCOUNT: empty, TIX_RPS: '20' });
      expect(err.variable).toBe('FIREBASE_SERVICE_ACCOUNT');
      expect(err.message).toMatch(/empty/);
    }
    expect(loadConfig({ TIX_RPS: '20' }, false).store.kind).toBe('file');
  });

  it('parses the JSON key; the project comes from it unless FIREBASE_PROJECT_ID says otherwise', () => {
    const json = serviceAccountJson();
    const c = loadConfig({ FIREBASE_SERVICE_ACCOUNT: json }, false);
    expect(c.store.serviceAccount?.client_email).toBe('scraper@cineradar-prod.iam.gserviceaccount.com');
    expect(c.store.serviceAccount?.private_key).toBe((JSON.parse(json) as { private_key: string }).private_key);
    expect(c.store.projectId).toBe('cineradar-prod');
    expect(
      loadConfig({ FIREBASE_SERVICE_ACCOUNT: json, FIREBASE_PROJECT_ID: 'other-proj' }, false).store.projectId,
    ).toBe('other-proj');
  });

  it('refuses a key that is not JSON or lacks a field, without echoing the key', () => {
    // The key's body (the PEM line after its header), which no error may repeat.
    const full = serviceAccountJson();
    const body = ((JSON.parse(full) as { private_key: string }).private_key.split('\n')[1] ?? '').slice(0, 40);
    expect(body).toHaveLength(40);
    const notJson = configError({ FIREBASE_SERVICE_ACCOUNT: full.slice(0, full.indexOf(body) + 60) }); // cut mid-key
    expect(notJson.variable).toBe('FIREBASE_SERVICE_ACCOUNT');
    expect(notJson.message).toMatch(/JSON/);
    expect(notJson.message).not.toContain(body);
    expect(notJson.message).not.toContain('PRIVATE');
    const noKey = configError({ FIREBASE_SERVICE_ACCOUNT: serviceAccountJson({ private_key: undefined }) });
    expect(noKey.variable).toBe('FIREBASE_SERVICE_ACCOUNT');
    expect(noKey.message).toMatch(/private_key/);
    const noEmail = configError({ FIREBASE_SERVICE_ACCOUNT: serviceAccountJson({ client_email: undefined }) });
    expect(noEmail.message).toMatch(/client_email/);
    expect(noEmail.message).not.toContain('PRIVATE KEY');
  });
});

interface ChildResult {
  code: number | null;
  stderr: string;
}

function runFixture(env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(ROOT, 'tests', 'fixtures', 'store-cli.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a wrong value stops a real program', () => {
  it.each([
    ['TIX_RPS', 'fast'],
    ['CINERADAR_NOW', 'yesterday'],
  ])('%s=%s: exit 2 with one line naming the variable', async (variable, value) => {
    const { code, stderr } = await runFixture({ [variable]: value, CINERADAR_DATA_DIR: '/nonexistent/never-written' });
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^configuration error: ${variable}: must be`));
  });
});
