/**
 * Seeded randomness for the simulator: a small PRNG for the generator and a stateless hash for
 * per-showtime/per-seat decisions, so the same seed always yields the same day and the same seats.
 */

/** A 32-bit string hash (FNV-1a), the root of every seed derived from text. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes integers into one well-distributed 32-bit value (murmur3 finaliser on a running state). */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h ^= p >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A deterministic number in [0, 1) from integer parts. */
export function unit(...parts: number[]): number {
  return mix(...parts) / 4294967296;
}

/** The PRNG (mulberry32) with the helpers the generator needs. */
export class Rng {
  private s: number;
  constructor(seed: number | string) {
    this.s = (typeof seed === 'number' ? seed : hashString(seed)) >>> 0;
  }
  /** [0, 1) */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Rng.pick: empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** An index chosen with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
  /** `n` random decimal digits. */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }
  /** A random (v4-shaped) UUID. */
  uuid(): string {
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(this.next() * 16).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.int(0, 3)]}${hex(3)}-${hex(12)}`;
  }
}

/**
 * Unique numeric id strings shaped like TIX.id's (18–19 digits, above Number.MAX_SAFE_INTEGER),
 * each with a fixed prefix so ids of different kinds look like the real ones.
 */
export class IdMaker {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  make(prefix: string, length: 18 | 19): string {
    for (;;) {
      const id = prefix + this.rng.digits(length - prefix.length);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}
