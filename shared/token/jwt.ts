/**
 * Reading TIX.id's JWTs without verifying them (we hold no key): the payload's `exp`, which tells
 * how long a token lives. Plus the one place localStorage quoting is undone.
 */

/** The JSON payload of a JWT (the middle, base64url part), or undefined if it is not one. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return undefined;
  try {
    const json = Buffer.from(b64, 'base64').toString('utf8');
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** When the token expires, from its `exp` claim (seconds since the epoch), if present. */
export function jwtExpiry(token: string): Date | undefined {
  const exp = decodeJwtPayload(token)?.exp;
  const n = typeof exp === 'string' && /^\d+(\.\d+)?$/.test(exp) ? Number(exp) : exp;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  return new Date(Math.round(n * 1000));
}

/**
 * A localStorage value as the app stores it (JSON-encoded, i.e. `"eyJ…"` with the quotes) → the bare
 * token. Unquoted values are returned trimmed; null stays undefined.
 */
export function stripQuotes(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  let v = value.trim();
  if (v.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (typeof parsed === 'string') v = parsed.trim();
    } catch {
      v = v.replace(/^"+|"+$/g, '').trim();
    }
  }
  v = v.replace(/^"+|"+$/g, '');
  return v === '' ? undefined : v;
}
