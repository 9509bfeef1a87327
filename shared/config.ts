/**
 * The environment contract (README "Configuration"), parsed once with zod. A wrong value stops
 * the program with one line naming the variable and what it expects.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { NOW_MESSAGE, parseInstant } from './clock.js';
import { ConfigError } from './config-error.js';

export { ConfigError } from './config-error.js';

/** Whether `pem` is a private key node can load (a key pasted with literal `\\n`s is accepted too). */
export function isPrivateKey(pem: string): boolean {
  for (const text of [pem, pem.replace(/\\n/g, '\n')]) {
    try {
      createPrivateKey(text);
      return true;
    } catch {
      // try the next spelling
    }
  }
  return false;
}

const url = (name: string, example = 'https://api-b2b.tix.id') =>
  z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/[^\s/]+/.test(s), `${name} must be an http(s) URL, e.g. ${example}`)
    .transform((s) => s.replace(/\/+$/, ''));

const positiveNumber = (what: string) =>
  z
    .string()
    .trim()
    .refine((s) => /^\d+(\.\d+)?$/.test(s) && Number(s) > 0, `must be ${what}`)
    .transform(Number);

const positiveInt = (what: string) =>
  z
    .string()
    .trim()
    .refine((s) => /^\d+$/.test(s) && Number(s) > 0, `must be ${what}`)
    .transform(Number);

const serviceAccount = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be the service-account key as JSON (it did not parse)' });
      return z.NEVER;
    }
  })
  .pipe(
    z.looseObject({
      project_id: z.string({ error: 'must contain project_id' }).min(1),
      client_email: z.string({ error: 'must contain client_email' }).min(1),
      private_key: z
        .string({ error: 'must contain private_key' })
        .min(1)
        .refine(isPrivateKey, 'private_key is not a readable PEM private key (cut short, or its line breaks lost?)')
        .transform((k) => (k.includes('\n') ? k : k.replace(/\\n/g, '\n'))),
    }),
  );

const nonEmpty = z.string().trim().min(1).optional();

/** Defaults are conservative: about one request every 100 ms, four in flight. */
export const DEFAULT_TIX_RPS = 10;
export const DEFAULT_TIX_CONCURRENCY = 4;
/** How long one attempt waits for TIX.id's whole answer. A healthy answer takes well under 1 s. */
export const DEFAULT_TIX_TIMEOUT_MS = 10_000;

const envSchema = z.object({
  TIX_API_BASE: url('TIX_API_BASE').default('https://api-b2b.tix.id'),
  TIX_APP_BASE: url('TIX_APP_BASE').default('https://app.tix.id'),
  TIX_PHONE_NUMBER: z
    .string()
    .trim()
    .refine((s) => /^\+?\d{8,15}$/.test(s.replace(/[\s-]/g, '')), 'must be a phone number of digits (8–15, + allowed)')
    .transform((s) => s.replace(/[\s-]/g, ''))
    .optional(),
  TIX_PASSWORD: z.string().min(1, 'must not be empty').optional(),
  TIX_RPS: positiveNumber('a positive number of requests per second, e.g. 20').default(DEFAULT_TIX_RPS),
  TIX_CONCURRENCY: positiveInt('a positive whole number of requests in flight, e.g. 8').default(
    DEFAULT_TIX_CONCURRENCY,
  ),
  TIX_TIMEOUT_MS: z
    .string()
    .trim()
    .refine(
      (s) => /^\d+$/.test(s) && Number(s) >= 100 && Number(s) <= 600_000,
      'must be milliseconds from 100 to 600000 per attempt, e.g. 10000',
    )
    .transform(Number)
    .default(DEFAULT_TIX_TIMEOUT_MS),
  CINERADAR_STORE: z.enum(['firestore', 'file'], { error: "must be 'firestore' or 'file'" }).optional(),
  CINERADAR_DATA_DIR: z.string().trim().min(1, 'must be a directory path').default('./data'),
  FIREBASE_PROJECT_ID: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{4,40}$/, 'must be a Firebase project id (lower-case letters, digits, dashes)')
    .optional(),
  FIREBASE_SERVICE_ACCOUNT: serviceAccount.optional(),
  GOOGLE_APPLICATION_CREDENTIALS: nonEmpty,
  FIRESTORE_EMULATOR_HOST: z
    .string()
    .trim()
    .regex(/^[^\s:/]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:8080')
    .optional(),
  CINERADAR_NOW: z
    .string()
    .trim()
    .refine((s) => parseInstant(s) !== undefined, { message: NOW_MESSAGE })
    .optional(),
  CHROMIUM_PATH: nonEmpty,
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
      error: 'must be one of trace, debug, info, warn, error, fatal, silent',
    })
    .default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: "must be 'json' or 'pretty'" }).optional(),
  GITHUB_STEP_SUMMARY: nonEmpty,
  GOOGLE_MAPS_API_KEY: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9_-]{20,100}$/,
      'must be a Google API key (letters, digits, - and _, e.g. AIza…), without quotes or spaces',
    )
    .optional(),
  GOOGLE_PLACES_BASE: url('GOOGLE_PLACES_BASE', 'https://places.googleapis.com').default(
    'https://places.googleapis.com',
  ),
  NOMINATIM_BASE: url('NOMINATIM_BASE', 'https://nominatim.openstreetmap.org').default(
    'https://nominatim.openstreetmap.org',
  ),
  MONITORING_BASE: url('MONITORING_BASE', 'https://monitoring.googleapis.com').default(
    'https://monitoring.googleapis.com',
  ),
});

type Env = z.infer<typeof envSchema>;

/** Every variable the configuration reads (the help's ENVIRONMENT table must describe each). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface Config {
  /** `timeoutMs`: how long one attempt waits for the whole answer (TIX_TIMEOUT_MS). */
  tix: { apiBase: string; appBase: string; rps: number; concurrency: number; timeoutMs: number };
  credentials: { phone: string; password: string } | undefined;
  store: {
    kind: 'firestore' | 'file';
    dataDir: string;
    projectId: string;
    /** Parsed FIREBASE_SERVICE_ACCOUNT, when given. */
    serviceAccount: { project_id: string; client_email: string; private_key: string } | undefined;
    emulatorHost: string | undefined;
    /** True only against the real Firestore (not the emulator): enables preferRest. */
    real: boolean;
  };
  now: string | undefined;
  chromiumPath: string | undefined;
  log: { level: Env['LOG_LEVEL']; format: 'json' | 'pretty' };
  githubStepSummary: string | undefined;
  /** The geocoder's services (scrapers/geocode). `googleKey` is a secret: never log it. */
  geo: { googleKey: string | undefined; placesBase: string; nominatimBase: string };
  /** Google Cloud Monitoring host (health's reads used today). */
  monitoringBase: string;
}

/** Parse an environment (process.env by default). Throws ConfigError naming the first bad variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  isTty = process.stdout.isTTY,
): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  // An empty value counts as unset, except the credential that decides where data goes: a
  // workflow passing a missing GitHub secret gets '' here, and treating that as unset would
  // quietly write the day to the runner's disk (the file store) instead of Firestore.
  if (env.FIREBASE_SERVICE_ACCOUNT !== undefined && env.FIREBASE_SERVICE_ACCOUNT.trim() === '') {
    throw new ConfigError(
      'FIREBASE_SERVICE_ACCOUNT',
      'is set but empty (a missing GitHub secret?): give the service-account key as JSON, or unset it',
    );
  }
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    // A service-account issue names the field, never its value.
    const message =
      issue.path.length > 1 && !issue.message.includes(String(issue.path[1]))
        ? `${String(issue.path[1])}: ${issue.message}`
        : issue.message;
    throw new ConfigError(variable, message);
  }
  const e = parsed.data;
  if ((e.TIX_PHONE_NUMBER === undefined) !== (e.TIX_PASSWORD === undefined)) {
    const missing = e.TIX_PHONE_NUMBER === undefined ? 'TIX_PHONE_NUMBER' : 'TIX_PASSWORD';
    throw new ConfigError(missing, 'must be set together with the other TIX.id credential');
  }
  const hasFirebase = Boolean(
    e.FIRESTORE_EMULATOR_HOST || e.GOOGLE_APPLICATION_CREDENTIALS || e.FIREBASE_SERVICE_ACCOUNT,
  );
  const kind = e.CINERADAR_STORE ?? (hasFirebase ? 'firestore' : 'file');
  const projectId = e.FIREBASE_PROJECT_ID ?? e.FIREBASE_SERVICE_ACCOUNT?.project_id ?? 'demo-cineradar';
  if (kind === 'firestore' && !hasFirebase) {
    throw new ConfigError(
      'CINERADAR_STORE',
      'is firestore but no credentials are set: set FIRESTORE_EMULATOR_HOST, GOOGLE_APPLICATION_CREDENTIALS or FIREBASE_SERVICE_ACCOUNT',
    );
  }
  return {
    tix: {
      apiBase: e.TIX_API_BASE,
      appBase: e.TIX_APP_BASE,
      rps: e.TIX_RPS,
      concurrency: e.TIX_CONCURRENCY,
      timeoutMs: e.TIX_TIMEOUT_MS,
    },
    credentials:
      e.TIX_PHONE_NUMBER && e.TIX_PASSWORD ? { phone: e.TIX_PHONE_NUMBER, password: e.TIX_PASSWORD } : undefined,
    store: {
      kind,
      dataDir: e.CINERADAR_DATA_DIR,
      projectId,
      serviceAccount: e.FIREBASE_SERVICE_ACCOUNT,
      emulatorHost: e.FIRESTORE_EMULATOR_HOST,
      real: kind === 'firestore' && !e.FIRESTORE_EMULATOR_HOST,
    },
    now: e.CINERADAR_NOW,
    chromiumPath: e.CHROMIUM_PATH,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (isTty ? 'pretty' : 'json') },
    githubStepSummary: e.GITHUB_STEP_SUMMARY,
    geo: { googleKey: e.GOOGLE_MAPS_API_KEY, placesBase: e.GOOGLE_PLACES_BASE, nominatimBase: e.NOMINATIM_BASE },
    monitoringBase: e.MONITORING_BASE,
  };
}

/**
 * Checks that need the file system, run at start (before any scrape): the file
 * GOOGLE_APPLICATION_CREDENTIALS names must exist and hold a credentials JSON. Firebase reads it
 * only at the first Firestore call, which for a scraper is after the whole scrape.
 */
export function checkCredentialFiles(config: Config, env: Record<string, string | undefined> = process.env): void {
  const path = env.GOOGLE_APPLICATION_CREDENTIALS?.trim();
  if (!path || config.store.kind !== 'firestore' || config.store.emulatorHost || config.store.serviceAccount) return;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      'GOOGLE_APPLICATION_CREDENTIALS',
      `cannot read ${path} (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(
      'GOOGLE_APPLICATION_CREDENTIALS',
      `${path} is not JSON (expected a service-account or credentials file)`,
    );
  }
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (typeof type !== 'string')
    throw new ConfigError('GOOGLE_APPLICATION_CREDENTIALS', `${path} has no "type" field: not a credentials file`);
  const key = (json as { private_key?: unknown }).private_key;
  if (type === 'service_account' && (typeof key !== 'string' || !isPrivateKey(key))) {
    throw new ConfigError('GOOGLE_APPLICATION_CREDENTIALS', `${path}: private_key is not a readable PEM private key`);
  }
}
