/**
 * The summary command against the Firestore emulator: totals (from the day's compact slot
 * documents, each show's latest reading) equal an independent sum, and every occupancy_pct — whole
 * numbers included — comes back from the REST API as a doubleValue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../shared/clock.js';
import { createLogger } from '../../shared/log.js';
import type { SeatSnapshotDoc } from '../../shared/store/documents.js';
import type { ListOptions, Store } from '../../shared/store/store.js';
import { saveSlot } from '../../scrapers/seats/day.js';
import { runSummary } from '../../scripts/summary/run.js';
import { emulatorHost, emulatorStore, readRestDocument, testProject, type RestValue } from '../helpers/firestore.js';
import { slotsOf } from '../helpers/snapshot-slots.js';

const DATE = '2026-01-19';
const project = testProject('seats-summary');
const store = emulatorStore(project);
const log = createLogger({ level: 'silent', format: 'json' });

function snap(
  i: number,
  movie: string,
  city: string,
  total: number,
  sold: number,
  type: SeatSnapshotDoc['snapshot_type'],
  minute: number,
): SeatSnapshotDoc {
  return {
    showtime_id: String(4_000_000_000_000_000_000n + BigInt(i)),
    showtime: `${String(12 + (i % 10)).padStart(2, '0')}:00`,
    date: DATE,
    movie_id: movie,
    movie_title: `TITLE ${movie.slice(-1)}`,
    theatre_id: String(5_000_000_000_000_000_000n + BigInt(i % 4)),
    theatre_name: `${city} XXI ${i % 4}`,
    city,
    merchant: 'XXI',
    room_category: '2D',
    snapshot_type: type,
    scraped_at: new Date(Date.UTC(2026, 0, 19, 0, minute)).toISOString(),
    total_seats: total,
    unavailable_seats: sold,
    available_seats: total - sold,
    occupancy_pct: Math.round((sold / total) * 1000) / 10,
  };
}

const snaps: SeatSnapshotDoc[] = [
  // Whole percentages on purpose: 80/160 = 50, 0/126 = 0, 187/187 = 100.
  { ...snap(1, '1000000000000000001', 'JAKARTA', 160, 40, 'morning', 0), seat_rows: [{ row: 'A', seats: 'UUAA_AA' }] },
  snap(1, '1000000000000000001', 'JAKARTA', 160, 80, 'jit', 300),
  snap(2, '1000000000000000001', 'MAKASSAR', 126, 0, 'morning', 0),
  snap(3, '1000000000000000002', 'JAYAPURA', 187, 150, 'morning', 0),
  // 15:00 WIT = 06:00Z: the final reading lands at 05:40Z, before the start
  snap(3, '1000000000000000002', 'JAYAPURA', 187, 187, 'final', 340),
  snap(4, '1000000000000000002', 'JAKARTA', 160, 33, 'morning', 0),
  snap(5, '1000000000000000003', 'BANDUNG', 126, 7, 'jit', 200),
  // Another date: ignored.
  { ...snap(6, '1000000000000000003', 'BANDUNG', 126, 100, 'jit', 10), date: '2026-01-18' },
];

beforeAll(async () => {
  const clock = new FixedClock('2026-01-19T17:00:00.000Z');
  for (const [date, records] of slotsOf(snaps)) {
    // two slots, so the summary must gather across documents
    const ids = [...records.keys()].sort();
    const half = Math.ceil(ids.length / 2);
    await saveSlot(store, date, '1200', new Map(ids.slice(0, half).map((id) => [id, records.get(id)!])), clock);
    if (ids.length > half)
      await saveSlot(store, date, '1930', new Map(ids.slice(half).map((id) => [id, records.get(id)!])), clock);
  }
});
afterAll(async () => {
  await store.close();
});

const int = (v: RestValue | undefined) => Number((v as { integerValue: string }).integerValue);

describe('npm run summary', () => {
  it('writes the day totals, equal to an independent sum, with occupancy stored as doubles', async () => {
    const result = await runSummary({ store, clock: new FixedClock('2026-01-19T17:00:00.000Z'), log }, { date: DATE });
    expect(result.run.status).toBe('success');

    // Independent: the latest of each showtime, by hand from the list above.
    const latest = [
      { sold: 80, total: 160 },
      { sold: 0, total: 126 },
      { sold: 187, total: 187 },
      { sold: 33, total: 160 },
      { sold: 7, total: 126 },
    ];
    const audience = latest.reduce((n, s) => n + s.sold, 0);
    const seats = latest.reduce((n, s) => n + s.total, 0);

    const host = emulatorHost();
    const sum = (await readRestDocument(host, project, `daily_summaries/${DATE}`))!;
    expect(int(sum.total_audience)).toBe(audience);
    expect(int(sum.total_seats)).toBe(seats);
    expect(int(sum.total_available)).toBe(seats - audience);
    expect(int(sum.showtime_count)).toBe(5);
    expect(int(sum.movie_count)).toBe(3);
    expect(int(sum.city_count)).toBe(4);
    expect(int(sum.theatre_count)).toBe(new Set([1, 2, 3, 4, 5].map((i) => i % 4)).size);
    expect(sum.occupancy_pct).toEqual({ doubleValue: Math.round((audience / seats) * 1000) / 10 });
    expect(sum.generated_at).toEqual({ stringValue: '2026-01-19T17:00:00.000Z' });

    // Per movie, read back as the web app does.
    const m1 = (await readRestDocument(host, project, `daily_admissions/${DATE}/movies/1000000000000000001`, {
      asOwner: false,
    }))!;
    expect(m1.movie_id).toEqual({ stringValue: '1000000000000000001' });
    expect(int(m1.total_admissions)).toBe(80);
    const shows = (
      m1.showtimes as { arrayValue: { values: { mapValue: { fields: Record<string, RestValue> } }[] } }
    ).arrayValue.values.map((v) => v.mapValue.fields);
    expect(shows.map((s) => [s.city, s.occupancy_pct])).toEqual([
      [{ stringValue: 'JAKARTA' }, { doubleValue: 50 }],
      [{ stringValue: 'MAKASSAR' }, { doubleValue: 0 }],
    ]);
    expect(shows[0]!.capacity).toEqual({ integerValue: '160' });
    expect(shows[0]!.admissions).toEqual({ integerValue: '80' });
    const m2 = (await readRestDocument(host, project, `daily_admissions/${DATE}/movies/1000000000000000002`))!;
    const m2shows = (m2.showtimes as { arrayValue: { values: { mapValue: { fields: Record<string, RestValue> } }[] } })
      .arrayValue.values;
    expect(m2shows.map((v) => v.mapValue.fields.occupancy_pct)).toEqual([{ doubleValue: 20.6 }, { doubleValue: 100 }]);

    // The run record.
    const run = (await readRestDocument(host, project, result.run.path))!;
    expect(run.run_type).toEqual({ stringValue: 'summary' });
    expect(run.status).toEqual({ stringValue: 'success' });
  });

  it("reads the day's slot documents, never a snapshot document", async () => {
    const read: { collection: string; opts: ListOptions | undefined }[] = [];
    const gets: string[] = [];
    const spy = new Proxy(store, {
      get(target, key) {
        if (key === 'list') {
          return async (collection: string, opts?: ListOptions) => {
            read.push({ collection, opts });
            return target.list(collection, opts);
          };
        }
        if (key === 'get') {
          return async (path: string) => {
            gets.push(path);
            return target.get(path);
          };
        }
        const v: unknown = Reflect.get(target, key, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as Store;
    const result = await runSummary(
      { store: spy, clock: new FixedClock('2026-01-19T17:00:00.000Z'), log },
      { date: DATE },
    );
    expect(result.run.status).toBe('success');
    expect(result.snapshots).toBe(5);
    expect(result.slotsRead).toBe(2);
    // the box office's input: the slots, the schedules' showtimes, the 8 days of box office before (with the
    // nowcast's release dates in the same query; and the movies list, a get); the night's nowcast scoring: the day's nowcasts
    expect(read.map((r) => r.collection).sort()).toEqual([
      'box_office',
      'box_office_nowcast',
      `schedules/${DATE}/showtimes`,
      `seat_days/${DATE}/slots`,
    ]);
    expect(gets).toEqual([`snapshots/${DATE}`]);
    expect(result.reads.total).toBe(2 + 1 + 1 + 1 + 1); // an empty query is billed one read
    expect(result.day.summary.total_audience).toBe(80 + 0 + 187 + 33 + 7);
  });

  it('a day without snapshots writes nothing and says so (exit code 1)', async () => {
    const result = await runSummary(
      { store, clock: new FixedClock('2026-01-21T17:00:00.000Z'), log },
      { date: '2026-01-20' },
    );
    expect(result.written).toBe(0);
    expect(result.run.exitCode).toBe(1);
    expect(await readRestDocument(emulatorHost(), project, 'daily_summaries/2026-01-20')).toBeUndefined();
  });
});
