/**
 * The simulator's token service: guest tokens (`POST /v1/auth`), access tokens (30 min) and
 * refresh tokens (91 days) as HS256 JWTs with `exp`, and the rules of which token a call accepts.
 *
 * Our choices where TIX.id's behaviour is not known: claims `{sub, typ: 'guest'|'access'|'refresh',
 * iat, exp, jti}`; a guest token lives 7 days; a missing, malformed, quoted, wrongly signed or
 * wrong-kind token is `401 INVALID_TOKEN`; an expired or revoked one is `401 TOKEN_EXPIRED`.
 */
import { randomBytes } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt.js';

export const ACCESS_TTL_S = 30 * 60;
export const REFRESH_TTL_S = 91 * 24 * 3600;
export const GUEST_TTL_S = 7 * 24 * 3600;

export type TokenKind = 'guest' | 'access' | 'refresh';

export interface MintOptions {
  /** Issue time (default: the simulator's now). */
  at?: Date;
  /** Lifetime in seconds (default by kind). */
  ttlSeconds?: number;
  /** Subject (default: the configured account, or `guest`). */
  sub?: string;
}

export type TokenCheck =
  | { ok: true; kind: TokenKind; sub: string; exp: number; serial: number }
  | { ok: false; code: 'INVALID_TOKEN' | 'TOKEN_EXPIRED'; message: string };

export class TokenService {
  private readonly secret = randomBytes(32);
  private serial = 0;
  private readonly revoked = new Set<number>();
  /** Access tokens with a serial at or below this are revoked (the "revoked early" fault). */
  private revokedUpTo = 0;

  constructor(
    private readonly now: () => Date,
    private readonly account = 'user',
  ) {}

  mint(kind: TokenKind, opts: MintOptions = {}): string {
    const iat = Math.floor((opts.at ?? this.now()).getTime() / 1000);
    const ttl =
      opts.ttlSeconds ?? (kind === 'access' ? ACCESS_TTL_S : kind === 'refresh' ? REFRESH_TTL_S : GUEST_TTL_S);
    const serial = ++this.serial;
    return signJwt(
      {
        sub: opts.sub ?? (kind === 'guest' ? 'guest' : this.account),
        typ: kind,
        iat,
        exp: iat + ttl,
        jti: `${serial}.${randomBytes(6).toString('hex')}`,
      },
      this.secret,
    );
  }

  /** Revokes one token (any kind) from now on. */
  revoke(token: string): void {
    const p = verifyJwt(token, this.secret);
    const serial = p ? serialOf(p.jti) : undefined;
    if (serial !== undefined) this.revoked.add(serial);
  }

  /** Revokes every access token issued so far (tokens minted later are fine). */
  revokeAllAccess(): void {
    this.revokedUpTo = this.serial;
  }

  /** Checks a raw `Authorization` header against the kinds a call accepts. */
  check(authorization: string | undefined, accept: readonly TokenKind[]): TokenCheck {
    const invalid = (message: string): TokenCheck => ({ ok: false, code: 'INVALID_TOKEN', message });
    if (!authorization) return invalid('Authorization header is required');
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m) return invalid('Invalid token');
    const p = verifyJwt(m[1]!, this.secret);
    if (!p) return invalid('Invalid token');
    const kind = p.typ as TokenKind;
    const serial = serialOf(p.jti);
    if (!accept.includes(kind) || typeof p.exp !== 'number' || serial === undefined) return invalid('Invalid token');
    if (p.exp * 1000 <= this.now().getTime()) return { ok: false, code: 'TOKEN_EXPIRED', message: 'Token is expired' };
    if (this.revoked.has(serial) || (kind === 'access' && serial <= this.revokedUpTo)) {
      return { ok: false, code: 'TOKEN_EXPIRED', message: 'Token is expired' };
    }
    return { ok: true, kind, sub: String(p.sub), exp: p.exp, serial };
  }
}

function serialOf(jti: unknown): number | undefined {
  if (typeof jti !== 'string') return undefined;
  const n = Number(jti.split('.')[0]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
