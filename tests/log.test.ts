import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { colorize, maskPhone, scrub } from '../shared/log.js';
import { captureLog } from './helpers/log-capture.js';

const b64url = (s: string) => Buffer.from(s).toString('base64url');

/** A JWT-shaped token minted at test time (never a literal in the repo). */
function mintJwt(): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ sub: randomBytes(6).toString('hex'), exp: 2_000_000_000 }));
  return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
}

describe('secrets never reach the log output', () => {
  const token = mintJwt();
  const refresh = mintJwt();
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const opaque = `opaque-${randomBytes(12).toString('hex')}`;
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const keyBody = privateKey.split('\n')[1]!;

  it('in fields: token, refresh_token, password, private key, Authorization header', () => {
    const { log, text } = captureLog('trace');
    log.info({ token: opaque, refresh_token: refresh, password }, 'stored token');
    log.info({ auth: { token, refresh_token: refresh } }, 'nested');
    log.info({ serviceAccount: { client_email: 'a@b', private_key: privateKey } }, 'service account');
    log.info({ key: { private_key: privateKey } }, 'key');
    log.debug({ request: { headers: { Authorization: `Bearer ${opaque}` } } }, 'request');
    log.warn({ headers: { authorization: `Bearer ${token}` } }, 'request 2');
    const out = text();
    expect(out.split('\n').filter(Boolean)).toHaveLength(6);
    for (const secret of [token, refresh, password, opaque, keyBody]) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    expect(out).toContain('stored token');
  });

  it('in messages and error text: JWT, Bearer header, private key', () => {
    const { log, text } = captureLog('trace');
    log.info(`got token ${token} from login`);
    log.info(`sending Authorization: Bearer ${opaque}`);
    log.error({ err: new Error(`request failed with token=${token}`) }, 'failed');
    log.error(`key was ${privateKey}`);
    const out = text();
    for (const secret of [token, opaque, keyBody]) expect(out).not.toContain(secret);
    expect(out).toContain('got token [redacted] from login');
    expect(out).toContain('Bearer [redacted]');
  });

  it('phone numbers are masked as 62812****789, in fields and in messages', () => {
    const { log, text } = captureLog('trace');
    log.info({ phone: '+6281234567789' }, 'login as');
    log.info('logging in with 081234567789 now');
    log.info({ account: { phone_number: '6281234567789' } }, 'nested');
    const out = text();
    expect(out).not.toContain('81234567789');
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]!.phone).toBe('62812****789');
    expect(lines[1]!.msg).toBe('logging in with 62812****789 now');
    expect((lines[2]!.account as Record<string, unknown>).phone_number).toBe('62812****789');
  });

  it('ids that are long digit runs are not mistaken for phone numbers', () => {
    const { log, text } = captureLog('trace');
    log.info({ showtime_id: '973818519810478080' }, 'city 973818519810478080');
    expect(text()).toContain('973818519810478080');
  });
});

describe('maskPhone and scrub', () => {
  it('masks every common form of an Indonesian number the same way', () => {
    for (const p of ['+6281234567789', '6281234567789', '081234567789', '0812-3456-7789']) {
      expect(maskPhone(p)).toBe('62812****789');
    }
    expect(maskPhone('123')).toBe('****');
  });

  it('scrub copies, handles cycles, and leaves ordinary values alone', () => {
    const obj: Record<string, unknown> = { a: 1, token: 'x'.repeat(20), list: ['ok'] };
    obj.self = obj;
    const out = scrub(obj) as Record<string, unknown>;
    expect(out).toEqual({ a: 1, token: '[redacted]', list: ['ok'], self: '[circular]' });
    expect(obj.token).toBe('x'.repeat(20));
  });
});

describe('log fixes', () => {
  it('a count under a secret-looking key is kept; a secret string is still redacted', () => {
    const { log, text } = captureLog('trace');
    log.info({ failed: { token: 3 }, skipped: { token: 0 }, token: 'opaque-secret-value' }, 'counts');
    const l = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(l!.failed).toEqual({ token: 3 });
    expect(l!.skipped).toEqual({ token: 0 });
    expect(l!.token).toBe('[redacted]');
  });

  it('NO_COLOR turns colour off in pretty output', () => {
    expect(colorize({})).toBe(true);
    expect(colorize({ NO_COLOR: '1' })).toBe(false);
    expect(colorize({ NO_COLOR: '' })).toBe(true);
  });
});
