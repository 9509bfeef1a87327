/**
 * Walk-up ratios learned from earlier days' cells (features.ts), with the fallback ladder
 * (docs/nowcast.md): a pending show takes the ratio of the finest level whose group has enough
 * history (≥ MIN_SHOWS shows and ≥ MIN_MORNING morning seats), dropping first the feature that
 * matters least:
 *
 *   cell (chain × hour band × day kind × run week) → no_chain (hour × day kind × run week)
 *   → run_week_day (day kind × run week) → run_week → pooled (every show) → prior.
 *
 * A group's ratio is Σ admissions ÷ Σ morning (so a show with 0 seats at 06:00 still teaches its
 * walk-ups); its spread is the mean squared residual of a show (admissions − ratio × morning), and
 * the day-level spread `tau` is how far whole days strayed from the ratios, beyond show noise.
 */
import { cellId, type CellKey, type WalkupCell } from './features.js';

export const LEVELS = ['cell', 'no_chain', 'run_week_day', 'run_week', 'pooled', 'prior'] as const;
export type Level = (typeof LEVELS)[number];

export const MIN_SHOWS = 30;
export const MIN_MORNING = 50;
/** Days of history the nowcast learns from. */
export const HISTORY_WINDOW = 28;

/**
 * The prior, used only when no level has enough history (a new deployment's first days): a show's
 * final audience is 2.5 × its 06:00 seats, ± 50 % a show and ± 25 % a day. A placeholder stated as
 * such, not a measurement: every nowcast that uses it says so (fallback `prior`).
 */
export const PRIOR = { ratio: 2.5, relSd: 0.5, tau: 0.25, perShow: 20 } as const;
/** Day-level spread assumed while fewer than MIN_TAU_DAYS days are known. */
export const DEFAULT_TAU = 0.05;
const MIN_TAU_DAYS = 3;

export interface TrainingDay {
  date: string;
  cells: WalkupCell[];
}

export interface Group {
  level: Level;
  shows: number;
  ratio: number;
  /** Mean squared residual of one show (seats²). */
  v: number;
  /** Mean morning seats and mean admissions of a show. */
  mBar: number;
  aBar: number;
  /** Variance of one show's admissions (for a show with no morning reading). */
  aVar: number;
}

interface Sums {
  n: number;
  m: number;
  a: number;
  mm: number;
  aa: number;
  am: number;
}

const KEYS: Record<Exclude<Level, 'prior'>, (k: CellKey) => string> = {
  cell: cellId,
  no_chain: (k) => `${k.hour_band}|${k.day_kind}|${k.run_week}`,
  run_week_day: (k) => `${k.day_kind}|${k.run_week}`,
  run_week: (k) => k.run_week,
  pooled: () => '*',
};

function groupOf(level: Level, s: Sums): Group {
  const ratio = s.a / s.m;
  const sse = Math.max(0, s.aa - 2 * ratio * s.am + ratio * ratio * s.mm);
  const aBar = s.a / s.n;
  return { level, shows: s.n, ratio, v: sse / s.n, mBar: s.m / s.n, aBar, aVar: Math.max(0, s.aa / s.n - aBar * aBar) };
}

export interface Ratios {
  /** The group a show of this cell takes its ratio from. */
  lookup(key: CellKey): Group;
  /** Day-level relative spread (0.05 = days stray ±5 % beyond show noise). */
  tau: number;
  days: number;
  shows: number;
}

function sumCells(days: readonly TrainingDay[]): Map<string, Sums>[] {
  const tables = (Object.keys(KEYS) as (keyof typeof KEYS)[]).map(() => new Map<string, Sums>());
  const levels = Object.values(KEYS);
  for (const d of days)
    for (const c of d.cells)
      levels.forEach((keyOf, i) => {
        const k = keyOf(c);
        const s = tables[i]!.get(k) ?? { n: 0, m: 0, a: 0, mm: 0, aa: 0, am: 0 };
        s.n += c.shows;
        s.m += c.morning;
        s.a += c.admissions;
        s.mm += c.morning_sq;
        s.aa += c.admissions_sq;
        s.am += c.cross;
        tables[i]!.set(k, s);
      });
  return tables;
}

function priorGroup(key: CellKey): Group {
  void key;
  return { level: 'prior', shows: 0, ratio: PRIOR.ratio, v: NaN, mBar: NaN, aBar: NaN, aVar: NaN };
}

/** How far whole days strayed from the learned ratios, beyond what show noise explains. */
function dayTau(days: readonly TrainingDay[], lookup: (k: CellKey) => Group): number {
  const terms: number[] = [];
  for (const d of days) {
    let pred = 0;
    let actual = 0;
    let noise = 0;
    for (const c of d.cells) {
      const g = lookup(c);
      if (g.level === 'prior') continue;
      pred += g.ratio * c.morning;
      actual += c.admissions;
      noise += g.v * c.shows;
    }
    if (pred > 0) terms.push(((actual - pred) ** 2 - noise) / (pred * pred));
  }
  if (terms.length < MIN_TAU_DAYS) return DEFAULT_TAU;
  return Math.sqrt(Math.max(0, terms.reduce((x, y) => x + y, 0) / terms.length));
}

export function learnRatios(days: readonly TrainingDay[]): Ratios {
  const tables = sumCells(days);
  const levels = Object.entries(KEYS) as [Exclude<Level, 'prior'>, (k: CellKey) => string][];
  const cache = new Map<string, Group>();
  const lookup = (key: CellKey): Group => {
    const id = cellId(key);
    const hit = cache.get(id);
    if (hit) return hit;
    let found: Group | undefined;
    for (let i = 0; i < levels.length && !found; i++) {
      const [level, keyOf] = levels[i]!;
      const s = tables[i]!.get(keyOf(key));
      if (s && s.n >= MIN_SHOWS && s.m >= MIN_MORNING) found = groupOf(level, s);
    }
    const g = found ?? priorGroup(key);
    cache.set(id, g);
    return g;
  };
  const pooled = tables[tables.length - 1]!.get('*');
  return { lookup, tau: dayTau(days, lookup), days: days.length, shows: pooled?.n ?? 0 };
}
