import { describe, expect, it } from 'vitest';
import { decodeJwtPayload, jwtExpiry, stripQuotes } from '../../shared/token/jwt.js';
import { nationalNumber } from '../../shared/token/login.js';

/** An unsigned JWT-shaped string minted here (never a real token). */
function jwt(payload: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;
}

describe('JWT payload', () => {
  it('reads exp (seconds) as a Date, base64url with - and _', () => {
    // a payload whose base64url contains - or _ (characters > 0x3e in the right places)
    const t = jwt({ exp: 1768780800, sub: '>>>???~~~', n: 'ÿÿÿ' });
    expect(t.split('.')[1]).toMatch(/[-_]/);
    expect(jwtExpiry(t)?.toISOString()).toBe('2026-01-19T00:00:00.000Z');
    expect(decodeJwtPayload(t)?.sub).toBe('>>>???~~~');
  });
  it('is undefined without exp or for non-JWTs', () => {
    expect(jwtExpiry(jwt({ sub: 'x' }))).toBeUndefined();
    expect(jwtExpiry(jwt({ exp: 'never' }))).toBeUndefined();
    expect(jwtExpiry('not.a.jwt!')).toBeUndefined();
    expect(jwtExpiry('onlyonepart')).toBeUndefined();
    expect(decodeJwtPayload('a.W10.c')).toBeUndefined(); // payload is an array
  });
});

describe('stripQuotes', () => {
  it('removes the JSON quoting localStorage adds', () => {
    const t = jwt({ exp: 1 });
    expect(stripQuotes(`"${t}"`)).toBe(t);
    expect(stripQuotes(JSON.stringify(t))).toBe(t);
    expect(stripQuotes(t)).toBe(t);
    expect(stripQuotes(` "${t}" `)).toBe(t);
    expect(stripQuotes(`"${t}`)).toBe(t);
    expect(stripQuotes('""')).toBeUndefined();
    expect(stripQuotes(null)).toBeUndefined();
  });
});

describe('nationalNumber', () => {
  it('drops +62, 62 and a leading 0', () => {
    expect(nationalNumber('+6281234567890')).toBe('81234567890');
    expect(nationalNumber('6281234567890')).toBe('81234567890');
    expect(nationalNumber('081234567890')).toBe('81234567890');
    expect(nationalNumber('81234567890')).toBe('81234567890');
    expect(nationalNumber('+62 812-3456-7890')).toBe('81234567890');
  });
});
