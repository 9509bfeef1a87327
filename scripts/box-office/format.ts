/**
 * A room category (as TIX.id names it, per chain) → one format key, so premium classes of every
 * chain compare: regular rooms are `2D` or `3D`; each premium class keeps its own key whatever its
 * dimension (`IMAX 3D` → `IMAX`, `4DX2D` → `4DX`, `SCREENX GOLD SCREENX 2D` → `ScreenX`). The rules
 * are tried in order; the first whose pattern matches wins. A missing category is `unknown`; a
 * category no rule knows is `unknown` too (and `isKnownCategory` says so, for the run record).
 *
 * XXI's Premiere theatres list their rooms as plain `2D`: the theatre's name tells them apart, so
 * `formatOf` takes it as an optional second argument.
 */

interface Rule {
  format: string;
  pattern: RegExp;
}

/** Premium classes first (their names also carry 2D/3D), then the regular dimensions. */
export const FORMAT_RULES: readonly Rule[] = [
  { format: 'IMAX', pattern: /\bIMAX\b/ },
  { format: '4DX', pattern: /\b4DX/ },
  { format: 'ScreenX', pattern: /\bSCREENX\b/ },
  { format: 'Starium', pattern: /\bSTARIUM\b/ },
  { format: 'SphereX', pattern: /\bSPHEREX\b/ },
  { format: 'Gold Class', pattern: /\bGOLD CLASS\b/ },
  { format: 'Velvet', pattern: /\bVELVET\b/ },
  { format: 'Satin', pattern: /\bSATIN\b/ },
  { format: 'Premiere', pattern: /\bPREMIERE\b/ },
  { format: 'VIP', pattern: /\bVIP\b/ },
  { format: 'Luxe', pattern: /\bLUXE\b/ },
  { format: 'Macro XE', pattern: /\bMACRO XE\b/ },
  { format: 'Jomo', pattern: /\bJOMO\b/ },
  { format: 'Junior', pattern: /\bJUNIOR\b/ },
  { format: '3D', pattern: /\b3D\b/ },
  { format: '2D', pattern: /\b2D\b|^REGULAR\b|^ESSENTIAL\b/ },
];

export const UNKNOWN_FORMAT = 'unknown';

function normalise(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toUpperCase();
}

/** The format key of a room category; `theatreName` marks XXI Premiere theatres (their rooms say only `2D`/`3D`). */
export function formatOf(roomCategory: string | null | undefined, theatreName?: string): string {
  const c = normalise(roomCategory ?? '');
  if (!c) return UNKNOWN_FORMAT;
  if (theatreName && /\bPREMIERE\b/.test(normalise(theatreName)) && /^(2D|3D)$/.test(c)) return 'Premiere';
  return FORMAT_RULES.find((r) => r.pattern.test(c))?.format ?? UNKNOWN_FORMAT;
}

/** Whether a non-empty category matches a rule (a new premium class TIX.id adds is not). */
export function isKnownCategory(roomCategory: string): boolean {
  const c = normalise(roomCategory);
  return c !== '' && FORMAT_RULES.some((r) => r.pattern.test(c));
}
