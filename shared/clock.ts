/**
 * Time for the whole pipeline: one injectable "now", the Asia/Jakarta calendar date that names
 * every document, and conversion of theatre-local `HH:MM` showtimes (WIB, WITA, WIT) to instants.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { ConfigError } from './config-error.js';

export type IanaZone = 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';

export const JAKARTA: IanaZone = 'Asia/Jakarta';

/** Where the clock comes from. Everything that needs the time takes one of these. */
export interface Clock {
  now(): Date;
  /**
   * The instant the clock was last pinned at (CINERADAR_NOW, the demo, the simulator, tests), or
   * undefined for real time. Runs record it (`clock_pinned_at`), so health can tell a day made
   * under a pinned clock from one whose passes stopped running.
   */
  pinnedAt?(): Date | undefined;
}

/** The instant `clock` is pinned at, or undefined when it runs with real time. */
export function pinnedInstant(clock: Clock): Date | undefined {
  return clock.pinnedAt?.();
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at (or, with `advance`, moved from) a fixed instant: CINERADAR_NOW and tests. */
export class FixedClock implements Clock {
  private t: number;
  constructor(at: Date | string) {
    this.t = FixedClock.instant(at);
  }
  now(): Date {
    return new Date(this.t);
  }
  pinnedAt(): Date {
    return new Date(this.t);
  }
  set(at: Date | string): void {
    this.t = FixedClock.instant(at);
  }
  private static instant(at: Date | string): number {
    const t = new Date(at).getTime();
    if (Number.isNaN(t)) throw new Error(`FixedClock: not an instant: ${String(at)}`);
    return t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * A clock that starts at `at` and then runs with real time, so a demo pinned to 06:00 WIB still
 * sees seconds pass (durations, token ages) while every date stays that of the pinned day.
 */
export class OffsetClock implements Clock {
  private readonly offset: number;
  private readonly at: number;
  constructor(at: Date | string) {
    const t = new Date(at).getTime();
    if (Number.isNaN(t)) throw new Error(`OffsetClock: not an instant: ${String(at)}`);
    this.at = t;
    this.offset = t - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  pinnedAt(): Date {
    return new Date(this.at);
  }
}

/** The clock the environment asks for: CINERADAR_NOW pins the start, otherwise real time. */
export function clockFromEnv(cineradarNow: string | undefined): Clock {
  return cineradarNow ? new OffsetClock(cineradarNow) : systemClock;
}

const WITA_PROVINCES = new Set([
  'Bali',
  'Nusa Tenggara Barat',
  'Nusa Tenggara Timur',
  'Kalimantan Selatan',
  'Kalimantan Timur',
  'Kalimantan Utara',
  'Sulawesi Utara',
  'Sulawesi Tengah',
  'Sulawesi Selatan',
  'Sulawesi Tenggara',
  'Sulawesi Barat',
  'Gorontalo',
]);
const WIT_PROVINCES = new Set([
  'Maluku',
  'Maluku Utara',
  'Papua',
  'Papua Barat',
  'Papua Barat Daya',
  'Papua Tengah',
  'Papua Pegunungan',
  'Papua Selatan',
]);

/** Indonesia's three zones by province: WIT for Maluku and Papua, WITA for Bali, NTB/NTT,
 * South/East/North Kalimantan and Sulawesi, WIB for the rest (Sumatra, Java, West/Central Kalimantan). */
export function zoneOfProvince(province: string): IanaZone {
  if (WIT_PROVINCES.has(province)) return 'Asia/Jayapura';
  if (WITA_PROVINCES.has(province)) return 'Asia/Makassar';
  return 'Asia/Jakarta';
}

export function zoneAbbreviation(zone: IanaZone): 'WIB' | 'WITA' | 'WIT' {
  return zone === 'Asia/Jayapura' ? 'WIT' : zone === 'Asia/Makassar' ? 'WITA' : 'WIB';
}

/** `YYYY-MM-DD` of an instant in a zone (Asia/Jakarta unless told). */
export function dateInZone(at: Date, zone: IanaZone = JAKARTA): string {
  return format(new TZDate(at.getTime(), zone), 'yyyy-MM-dd');
}

/** The Asia/Jakarta date of an instant: the id of every dated document. */
export function jakartaDate(at: Date): string {
  return dateInZone(at, JAKARTA);
}

/** `HHmm` of an instant in Asia/Jakarta (seat snapshot ids). */
export function jakartaHHMM(at: Date): string {
  return format(new TZDate(at.getTime(), JAKARTA), 'HHmm');
}

/** Minutes since midnight of an instant in a zone (Asia/Jakarta unless told): 06:30 WIB → 390. */
export function minutesIntoDay(at: Date, zone: IanaZone = JAKARTA): number {
  const local = new TZDate(at.getTime(), zone);
  return local.getHours() * 60 + local.getMinutes();
}

/** `HH:MM` of an instant in a zone. */
export function timeInZone(at: Date, zone: IanaZone): string {
  return format(new TZDate(at.getTime(), zone), 'HH:mm');
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

/**
 * An ISO-8601 instant with a zone (`2026-01-19T06:00:00+07:00`, `…Z`), or undefined when the text
 * is not one. A date that does not exist (`2026-02-30`, which `Date.parse` rolls over to March)
 * or an hour 24 is refused, not silently moved.
 */
export function parseInstant(text: string): Date | undefined {
  const s = text.trim();
  const m = INSTANT_RE.exec(s);
  if (!m || !isIsoDate(m[1]!)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t);
}

export const NOW_MESSAGE = 'must be an ISO-8601 instant with a zone, e.g. 2026-01-19T06:00:00+07:00';

/**
 * CINERADAR_NOW as an ISO instant (`Z`), or undefined when unset: for the tools that pin a clock
 * without loading the whole configuration (demo, bench, simulator). A bad value is a ConfigError.
 */
export function envNow(env: Record<string, string | undefined>): string | undefined {
  const raw = env.CINERADAR_NOW?.trim();
  if (!raw) return undefined;
  const instant = parseInstant(raw);
  if (instant === undefined) throw new ConfigError('CINERADAR_NOW', NOW_MESSAGE);
  return instant.toISOString();
}

/**
 * The UTC instant of a theatre-local wall time `HH:MM` on `date` in `zone`.
 * `localToInstant('2026-01-19', '19:30', 'Asia/Makassar')` → 2026-01-19T11:30:00.000Z.
 */
export function localToInstant(date: string, hhmm: string, zone: IanaZone): Date {
  const d = DATE_RE.exec(date);
  if (!d || !isIsoDate(date)) throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const t = TIME_RE.exec(hhmm.trim());
  if (!t) throw new Error(`not an HH:MM time: ${JSON.stringify(hhmm)}`);
  const local = new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), 0, zone);
  return new Date(local.getTime());
}

/** ISO-8601 UTC with `Z`: the only form an instant is stored in. */
export function iso(at: Date): string {
  return at.toISOString();
}

/** The date `days` before or after a `YYYY-MM-DD` date. */
export function addDaysToDate(date: string, days: number): string {
  if (!isIsoDate(date)) throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
