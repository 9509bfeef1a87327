/**
 * The reader copy (scripts/dataset/compact.ts): after `compact`, the views read the copy and give
 * exactly the rows of the daily files; a day re-exported, added, or removed after the copy was
 * built is read from its daily files (or not at all), never twice and never from the stale copy;
 * compacting again takes it back into the copy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compact, compactFile, tableSource } from '../../scripts/dataset/compact.js';
import { openDuck } from '../../scripts/dataset/duck.js';
import { openDataset } from '../../scripts/dataset/open.js';
import { TABLES } from '../../scripts/dataset/schema.js';
import { writeDay } from '../../scripts/dataset/write.js';
import { showRow, smallDay } from './rows.js';

const DAYS = ['2026-01-19', '2026-01-20', '2026-01-21'];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dataset-compact-'));
  for (const d of DAYS) await writeDay(dir, d, smallDay(d));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ALL = `SELECT 'readings' AS t, date, showtime_id || kind AS k, seats_total AS v FROM readings
UNION ALL SELECT 'shows', date, showtime_id, seats_total FROM shows
UNION ALL SELECT 'movie_days', date, movie_id, seats FROM movie_days ORDER BY ALL`;

async function everything(): Promise<Record<string, unknown>[]> {
  const ds = await openDataset(dir);
  try {
    return await ds.rows(ALL);
  } finally {
    ds.close();
  }
}

/** Which files each table's view reads. */
async function sources(): Promise<string[]> {
  const duck = await openDuck();
  try {
    return await Promise.all(TABLES.map(async (t) => (await tableSource(duck, dir, t))!));
  } finally {
    duck.close();
  }
}

describe('the reader copy', () => {
  it('gives exactly the rows of the daily files, read from the copy alone', async () => {
    const before = await everything();
    expect(before.length).toBeGreaterThan(10);
    const built = await compact(dir);
    expect(built.map((c) => [c.table, c.days])).toEqual(TABLES.map((t) => [t, 3]));
    expect(built.find((c) => c.table === 'shows')!.rows).toBe(3 * smallDay(DAYS[0]!).shows.length);
    for (const [i, s] of (await sources()).entries()) {
      expect(s).toContain(compactFile(dir, TABLES[i]!));
      expect(s).not.toContain('date=');
    }
    expect(await everything()).toEqual(before);
  });

  it('reads a re-exported day, a new day and a removed day from the daily files, each day once', async () => {
    const changed = smallDay(DAYS[1]!);
    changed.shows.push(showRow(DAYS[1]!, 's-extra', { seats_total: 321 }));
    await writeDay(dir, DAYS[1]!, changed);
    await writeDay(dir, '2026-01-22', smallDay('2026-01-22'));
    await rm(join(dir, 'readings', `date=${DAYS[2]}`), { recursive: true });
    const expected = [];
    const ds = await openDataset(dir);
    try {
      const perDay = await ds.rows(
        `SELECT date, count(*)::INTEGER AS n, sum(seats_total)::INTEGER AS seats FROM shows GROUP BY ALL ORDER BY date`,
      );
      const n = smallDay(DAYS[0]!).shows.length;
      const seats = smallDay(DAYS[0]!).shows.reduce((s, r) => s + (r.seats_total ?? 0), 0);
      expected.push(
        { date: DAYS[0], n, seats },
        { date: DAYS[1], n: n + 1, seats: seats + 321 },
        { date: DAYS[2], n, seats },
        { date: '2026-01-22', n, seats },
      );
      expect(perDay).toEqual(expected);
      const readingDays = await ds.rows(`SELECT DISTINCT date FROM readings ORDER BY date`);
      expect(readingDays.map((r) => r.date)).toEqual([DAYS[0], DAYS[1], '2026-01-22']);
    } finally {
      ds.close();
    }
    const [readings, shows] = await sources();
    expect(shows).toContain(compactFile(dir, 'shows'));
    expect(shows).toContain(`WHERE date NOT IN (DATE '${DAYS[1]}')`);
    expect(shows).toContain(`date=${DAYS[1]}`);
    expect(shows).toContain('date=2026-01-22');
    expect(readings).toContain(`WHERE date NOT IN (DATE '${DAYS[1]}', DATE '${DAYS[2]}')`);

    const beforeCompact = await everything();
    await compact(dir);
    for (const s of await sources()) expect(s).not.toContain('date=');
    expect(await everything()).toEqual(beforeCompact);
  });

  it('a table with no day left has no copy and an empty view', async () => {
    for (const d of ['2026-01-19', '2026-01-20', '2026-01-22'])
      await rm(join(dir, 'readings', `date=${d}`), { recursive: true });
    const built = await compact(dir);
    expect(built.find((c) => c.table === 'readings')).toEqual({ table: 'readings', days: 0, rows: 0, bytes: 0 });
    const ds = await openDataset(dir);
    try {
      expect(await ds.rows('SELECT count(*)::INTEGER AS n FROM readings')).toEqual([{ n: 0 }]);
      expect((await ds.rows('SELECT count(*)::INTEGER AS n FROM shows'))[0]!.n).toBe(
        4 * smallDay(DAYS[0]!).shows.length + 1,
      );
    } finally {
      ds.close();
    }
  });
});
