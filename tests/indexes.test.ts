/**
 * firestore.indexes.json: the large fields nobody queries are not indexed (index entries are
 * storage), the file is what `firebase deploy --only firestore` deploys, and nothing a consumer
 * queries or orders by loses its index.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CityMoviesDoc,
  DailyAdmissionsDoc,
  ScheduleDoc,
  SeatIndexDoc,
  SeatSlotDoc,
  SeatSnapshotDoc,
  ShowtimesDoc,
  SnapshotDoc,
} from '../shared/store/documents.js';

interface Override {
  collectionGroup: string;
  fieldPath: string;
  indexes: unknown[];
}
const file = JSON.parse(readFileSync('firestore.indexes.json', 'utf8')) as {
  indexes: unknown[];
  fieldOverrides: Override[];
};
const firebase = JSON.parse(readFileSync('firebase.json', 'utf8')) as { firestore: { rules: string; indexes: string } };

/** The schemas of the document kinds each collection group holds. */
const GROUPS: Record<string, z.ZodObject[]> = {
  seat_snapshots: [SeatSnapshotDoc],
  slots: [SeatSlotDoc],
  seat_index: [SeatIndexDoc],
  showtimes: [ShowtimesDoc],
  movies: [ScheduleDoc, DailyAdmissionsDoc],
  snapshots: [SnapshotDoc],
  cities: [CityMoviesDoc],
};

describe('firestore.indexes.json', () => {
  it('is deployed with the rules by firebase.json', () => {
    expect(firebase.firestore).toEqual({ rules: 'firestore.rules', indexes: 'firestore.indexes.json' });
    expect(file.indexes).toEqual([]);
  });

  it('turns indexing off for large fields that exist on the documents of their group', () => {
    expect(file.fieldOverrides.length).toBeGreaterThan(5);
    for (const o of file.fieldOverrides) {
      expect(o.indexes, `${o.collectionGroup}.${o.fieldPath}`).toEqual([]);
      const schemas = GROUPS[o.collectionGroup];
      if (!schemas) continue; // run records: loose documents
      expect(
        schemas.some((s) => o.fieldPath in s.shape),
        `${o.collectionGroup} has a field ${o.fieldPath}`,
      ).toBe(true);
    }
    const off = new Set(file.fieldOverrides.map((o) => `${o.collectionGroup}.${o.fieldPath}`));
    for (const big of ['seat_snapshots.seat_rows', 'slots.entries', 'showtimes.theatres', 'movies.cities'])
      expect(off).toContain(big);
  });

  it('keeps every field a consumer or the pipeline queries or orders by', () => {
    const off = new Set(file.fieldOverrides.map((o) => `${o.collectionGroup}.${o.fieldPath}`));
    // admin: seat_snapshots by scraped_at, scraper_runs by timestamp; seats: showtimes where city
    for (const kept of ['seat_snapshots.scraped_at', 'seat_snapshots.date', 'scraper_runs.timestamp', 'showtimes.city'])
      expect(off).not.toContain(kept);
  });
});
