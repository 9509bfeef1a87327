/**
 * Logging: pino, JSON when not on a TTY (or LOG_FORMAT=json), readable otherwise.
 * Secrets never reach the output: pino's `redact` covers the known paths, and a scrubber walks
 * every logged object and message for secret-named keys, JWT-shaped strings, bearer headers and
 * phone numbers (masked as 62812****789).
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

const SECRET_KEYS = new Set([
  'token',
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'authentication_token',
  'authentication_refresh_token',
  'authorization',
  'password',
  'tix_password',
  'private_key',
  'private_key_id',
  'client_secret',
  'firebase_service_account',
  'serviceaccount',
  'service_account',
  'cookie',
  'set-cookie',
  'google_maps_api_key',
  'googlekey',
  'x-goog-api-key',
]);
const PHONE_KEYS = new Set(['phone', 'phone_number', 'tix_phone_number', 'phonenumber']);

const JWT_RE = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER_RE = /(Bearer\s+)[^\s"',]+/gi;
const PRIVATE_KEY_RE = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;
// Indonesian mobile numbers: +62 8…, 62 8… or 08…, 10–14 digits, not part of a longer digit run (ids).
// Google API keys: "AIza" and 35 more characters.
const GOOGLE_KEY_RE = /AIza[0-9A-Za-z_-]{35}/g;
const PHONE_RE = /(?<!\d)(\+?62|0)(8\d{7,11})(?!\d)/g;

export const REDACTED = '[redacted]';

/** Mask a phone number keeping the country code, three digits and the last three: 62812****789. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const national = digits.startsWith('62') ? digits.slice(2) : digits.startsWith('0') ? digits.slice(1) : digits;
  if (national.length < 7) return '****';
  return `62${national.slice(0, 3)}****${national.slice(-3)}`;
}

/** Scrub one string: JWTs, bearer values, private keys, Google API keys, phone numbers. */
export function scrubString(s: string): string {
  return s
    .replace(PRIVATE_KEY_RE, REDACTED)
    .replace(JWT_RE, REDACTED)
    .replace(BEARER_RE, `$1${REDACTED}`)
    .replace(GOOGLE_KEY_RE, REDACTED)
    .replace(PHONE_RE, (m) => maskPhone(m));
}

/** Deep copy of a value with secrets removed. Safe on cycles and Errors. */
export function scrub(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, seen));
  const out: Record<string, unknown> = {};
  const src =
    value instanceof Error ? { ...value, type: value.name, message: value.message, stack: value.stack } : value;
  for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
    const key = k.toLowerCase();
    if (SECRET_KEYS.has(key))
      out[k] = v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean' ? v : REDACTED;
    else if (PHONE_KEYS.has(key) && typeof v === 'string') out[k] = maskPhone(v);
    else out[k] = scrub(v, seen);
  }
  return out;
}

/** pino's own redaction for the paths where secrets are expected, a first line of defence. */
export const REDACT_PATHS = [
  'token',
  'refresh_token',
  'password',
  'authorization',
  'private_key',
  '*.token',
  '*.refresh_token',
  '*.password',
  '*.authorization',
  '*.private_key',
  'headers.authorization',
  'headers.Authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'config.credentials.password',
  'config.geo.googleKey',
  'geo.googleKey',
  'credentials.password',
];

export interface LogOptions {
  level?: string;
  format?: 'json' | 'pretty';
  /** Where lines go; stdout by default. Tests pass a stream to read the output. */
  destination?: NodeJS.WritableStream;
  name?: string;
}

export function createLogger(opts: LogOptions = {}): Logger {
  const options: LoggerOptions = {
    name: opts.name ?? 'cineradar',
    level: opts.level ?? 'info',
    // A number or boolean under a secret-looking key is a count (`failed.token: 3`), never a secret.
    redact: {
      paths: REDACT_PATHS,
      censor: (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? value : REDACTED),
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    base: undefined,
    formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
    serializers: { err: (e: unknown) => scrub(e) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubString(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  const format = opts.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  if (format === 'pretty' && !opts.destination) {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { colorize: colorize(), translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name', destination: 2 },
      },
    });
  }
  return pino(
    options,
    (opts.destination as pino.DestinationStream | undefined) ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** Colour in pretty output unless NO_COLOR is set to anything non-empty (https://no-color.org). */
export function colorize(env: NodeJS.ProcessEnv = process.env): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}
