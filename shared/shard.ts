/**
 * `--shard K/N` for GitHub Actions matrices: shard K (1-based) of N takes the items whose key
 * hashes to K-1 modulo N. The hash (FNV-1a, 32 bit) depends only on the key, so every shard agrees
 * on the split even if they listed the items in different orders, and the N shards together take
 * every item exactly once.
 */

export interface Shard {
  /** 1-based index of this shard. */
  k: number;
  /** Number of shards. */
  n: number;
}

/** Parse `K/N` (1 ≤ K ≤ N ≤ 256). Throws with a message fit for the command line. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`--shard must be K/N, e.g. 2/4 (got ${JSON.stringify(text)})`);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 256 || k < 1 || k > n) {
    throw new Error(`--shard K/N needs 1 ≤ K ≤ N ≤ 256 (got ${k}/${n})`);
  }
  return { k, n };
}

export function formatShard(s: Shard): string {
  return `${s.k}/${s.n}`;
}

/** FNV-1a over the UTF-8 bytes of a string: a small stable hash (not for security). */
export function stableHash(key: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function inShard(key: string, shard: Shard): boolean {
  return shard.n === 1 || stableHash(key) % shard.n === shard.k - 1;
}

/** The items of this shard, in their original order. */
export function shardOf<T>(items: readonly T[], shard: Shard, keyFn: (item: T) => string): T[] {
  if (shard.n === 1) return [...items];
  return items.filter((item) => inShard(keyFn(item), shard));
}
