import { describe, expect, it } from 'vitest';
import { CITIES } from '../shared/tix/cities.js';
import { formatShard, inShard, parseShard, shardOf, stableHash } from '../shared/shard.js';

describe('--shard K/N', () => {
  it('parses K/N and refuses nonsense with a clear message', () => {
    expect(parseShard('2/4')).toEqual({ k: 2, n: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ k: 1, n: 1 });
    expect(formatShard(parseShard('3/8'))).toBe('3/8');
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0', '-1/2', '1/300']) {
      expect(() => parseShard(bad), bad).toThrow(/--shard/);
    }
  });

  it('FNV-1a hash is stable (known vectors)', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(stableHash('foobar')).toBe(0xbf9cf968);
  });

  it('N shards take every item exactly once, whatever the order they list items in', () => {
    const names = CITIES.map((c) => c.name);
    for (const n of [1, 2, 3, 4, 7]) {
      const seen = new Map<string, number>();
      for (let k = 1; k <= n; k++) {
        const mine = shardOf(names, { k, n }, (x) => x);
        const reversed = shardOf([...names].reverse(), { k, n }, (x) => x);
        expect(new Set(reversed)).toEqual(new Set(mine));
        for (const x of mine) {
          expect(inShard(x, { k, n })).toBe(true);
          seen.set(x, (seen.get(x) ?? 0) + 1);
        }
      }
      expect(seen.size).toBe(names.length);
      expect([...seen.values()].every((c) => c === 1)).toBe(true);
    }
  });

  it('keeps the original order and splits 83 cities roughly evenly over 4 shards', () => {
    const sizes = [1, 2, 3, 4].map((k) => shardOf(CITIES, { k, n: 4 }, (c) => c.id).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(CITIES.length);
    for (const s of sizes) expect(s).toBeGreaterThan(8);
    const one = shardOf(CITIES, { k: 2, n: 4 }, (c) => c.id);
    const idx = one.map((c) => CITIES.indexOf(c));
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
  });
});
