/**
 * `npm run health` on the emulator: a good day passes; a broken day names each problem (latest
 * not today, fewer theatres and showtimes than the last good day, no JIT reading for shows that
 * started, yesterday's summary missing, the refresh token's life under a week; yesterday's box
 * office missing or disagreeing with its summary) and exits 1; each check is a `health` run in run_log.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../shared/clock.js';
import { createLogger } from '../shared/log.js';
import { createRuntime, type Runtime } from '../shared/runtime.js';
import { Double } from '../shared/store/documents.js';
import type { DocData } from '../shared/store/store.js';
import { runHealthCli } from '../scripts/health.js';
import { captureLog } from './helpers/log-capture.js';
import { computeBoxOffice } from '../scripts/box-office/day.js';
import { toBoxOfficeDoc } from '../scripts/box-office/doc.js';
import { buildShowRows } from '../scripts/box-office/shows.js';
import { dayInput, r } from './box-office/fixtures.js';
import { clearProject, emulatorHost, emulatorStore, testProject } from './helpers/firestore.js';
import { CITY, jitReading, MOVIE, showtimes, snapshot, TIMES } from './helpers/health-day.js';
import type { FirestoreStore } from '../shared/store/firestore-store.js';

const TODAY = '2026-01-19';
const YESTERDAY = '2026-01-18';
const NOW = '2026-01-19T14:00:00+07:00';

const project = testProject('health');
let store: FirestoreStore;
let rt: Runtime;

/** A JIT reading at `time` (read at 09:00 WIB), stored under `seat_snapshots/{id}_jit_{HHMM}`. */
function jitReadingAt(date: string, showtimeId: string, time: string): { path: string; data: DocData } {
  return {
    path: `seat_snapshots/${showtimeId}_jit_${time.replace(':', '')}`,
    data: jitReading(date, showtimeId, time, '2026-01-19T02:00:00Z'),
  };
}

function token(refreshDaysLeft: number): DocData {
  const now = Date.parse(NOW);
  return {
    token: 'access-token-for-test',
    refresh_token: 'refresh-token-for-test',
    stored_at: new Date(now - 3_600_000).toISOString(),
    phone: '62812****000',
    expires_at: new Date(now + 1_800_000).toISOString(),
    refresh_expires_at: new Date(now + refreshDaysLeft * 86_400_000).toISOString(),
    source: 'login',
  };
}

const summary = (date: string): DocData => ({
  date,
  total_audience: 1,
  total_seats: 2,
  total_available: 1,
  occupancy_pct: new Double(50),
  showtime_count: 15,
  movie_count: 1,
  theatre_count: 3,
  city_count: 1,
  generated_at: '2026-01-18T17:05:00Z',
});

/**
 * The box office that agrees with `summary(date)`: 15 shows read, 1 admission of 2 seats (one show
 * 1/2, fourteen 0/0), `extra` admissions more when asked to disagree.
 */
function boxOffice(date: string, extra = 0): DocData {
  const shows = Array.from({ length: 15 }, (_, i) => ({
    id: String(7000 + i),
    movie: MOVIE,
    time: '19:00',
    jit: i === 0 ? r(1 + extra, 2 + extra, `${date}T11:30:00.000Z`) : r(0, 0, `${date}T11:30:00.000Z`),
  }));
  return toBoxOfficeDoc(
    computeBoxOffice(date, buildShowRows(dayInput(date, shows)).shows, [], '2026-01-18T17:05:00.000Z'),
  );
}

async function goodYesterday(): Promise<void> {
  await store.set(`snapshots/${YESTERDAY}`, snapshot(YESTERDAY, 3));
  await store.set(`schedules/${YESTERDAY}/showtimes/${MOVIE}_${CITY.id}`, showtimes(YESTERDAY, 3));
}

async function check(): Promise<{ code: number; lines: string[] }> {
  let out = '';
  const code = await runHealthCli(rt, { date: undefined }, (s) => (out += s));
  const [reads, ...lines] = out.trim().split('\n');
  // On the emulator Cloud Monitoring is not asked (tests/health-reads.test.ts covers the asking).
  expect(reads).toBe(`health ${TODAY}: reads used today: not checked (Firestore emulator)`);
  return { code, lines };
}

beforeAll(async () => {
  store = emulatorStore(project);
  rt = await createRuntime({
    env: { FIRESTORE_EMULATOR_HOST: emulatorHost(), FIREBASE_PROJECT_ID: project, CINERADAR_NOW: NOW },
    store,
    clock: new FixedClock(NOW),
    log: createLogger({ level: 'silent', format: 'json' }),
  });
});
afterAll(async () => {
  await rt?.close();
  await store?.close();
  await clearProject(project);
});
beforeEach(async () => {
  await clearProject(project);
});

describe('npm run health', () => {
  it('a good day: exit 0, "ok", a successful health run', async () => {
    await goodYesterday();
    await store.set(`snapshots/${TODAY}`, snapshot(TODAY, 3));
    await store.set('snapshots/latest', snapshot(TODAY, 3));
    await store.set(`schedules/${TODAY}/showtimes/${MOVIE}_${CITY.id}`, showtimes(TODAY, 3));
    // every show that started by 13:40 WIB (09:00, 10:00, 13:00 at three theatres) has its JIT reading
    await store.writeMany([0, 1, 2].flatMap((t) => [0, 1, 2].map((i) => jitReadingAt(TODAY, `90${t}${i}`, TIMES[i]!))));
    await store.set(`daily_summaries/${YESTERDAY}`, summary(YESTERDAY));
    await store.set(`box_office/${YESTERDAY}`, boxOffice(YESTERDAY));
    await store.set('auth_tokens/tix_jwt', token(20));
    const r = await check();
    expect(r).toEqual({ code: 0, lines: [`health ${TODAY}: ok`] });
    const runs = (await store.list('run_log', { where: { run_type: 'health' } })).map((d) => d.data);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      status: 'success',
      jit_started: 9,
      jit_with_reading: 9,
      day: { theatres: 3, showtimes: 15 },
    });
    expect(await store.list('scraper_runs')).toEqual([]);
  });

  it('a broken day: exit 1, one line per problem', async () => {
    await goodYesterday();
    await store.set(`snapshots/${TODAY}`, snapshot(TODAY, 3));
    await store.set('snapshots/latest', snapshot(YESTERDAY, 3)); // latest not moved to today
    await store.set(`schedules/${TODAY}/showtimes/${MOVIE}_${CITY.id}`, showtimes(TODAY, 1)); // 1 theatre of 3
    await store.set('auth_tokens/tix_jwt', token(3));
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      `health ${TODAY}: snapshots/latest is for ${YESTERDAY}, not today (${TODAY}), after 07:00 WIB`,
      `health ${TODAY}: theatres: 1 on ${TODAY}, 67% fewer than 3 on ${YESTERDAY} (more than 20%)`,
      `health ${TODAY}: showtimes: 5 on ${TODAY}, 67% fewer than 15 on ${YESTERDAY} (more than 20%)`,
      `health ${TODAY}: 3 of 3 shows that started have no JIT reading (more than 10%)`,
      `health ${TODAY}: daily_summaries/${YESTERDAY} is missing after 00:30 WIB`,
      expect.stringMatching(
        new RegExp(
          `^health ${TODAY}: the refresh token expires in 3\\.0 days \\(.*\\), under 7: run the token-refresh workflow \\(login\\)$`,
        ),
      ),
    ]);
    const [run] = (await store.list('run_log', { where: { run_type: 'health' } })).map((d) => d.data);
    expect(run).toMatchObject({ status: 'failed', error_count: 6 });
    expect(String(run!.reason)).toBe(
      "6 problems (latest-today, day-counts, jit-coverage, summary-box-office, token-life), each printed on its own line and kept in this record's problems",
    );
    // A cause with colons stays whole: the item is the check's name, not the text up to its first colon.
    expect(run!.error_groups).toContainEqual({
      scope: 'check',
      cause: 'daily_summaries/{date} is missing after 00:30 WIB',
      count: 1,
      examples: ['summary-box-office'],
    });
  });

  it("a store holding only today (the demo's): checks what it can, says what it skipped, exit 0; a problem is printed once", async () => {
    await store.set(`snapshots/${TODAY}`, snapshot(TODAY, 3));
    await store.set('snapshots/latest', snapshot(TODAY, 3));
    await store.set(`schedules/${TODAY}/showtimes/${MOVIE}_${CITY.id}`, showtimes(TODAY, 3));
    await store.writeMany([0, 1, 2].flatMap((t) => [0, 1, 2].map((i) => jitReadingAt(TODAY, `90${t}${i}`, TIMES[i]!))));
    await store.set('auth_tokens/tix_jwt', token(20));
    const r = await check();
    expect(r).toEqual({
      code: 0,
      lines: [
        `health ${TODAY}: not checked: counts: the store holds no earlier day (none of the 7 before ${TODAY}) to compare with`,
        `health ${TODAY}: not checked: daily_summaries/${YESTERDAY} and box_office/${YESTERDAY}: the store holds no day before ${TODAY}`,
        `health ${TODAY}: ok (everything that could be checked)`,
      ],
    });
    const [run] = (await store.list('run_log', { where: { run_type: 'health' } })).map((d) => d.data);
    expect(run).toMatchObject({ status: 'success', jit_started: 9, jit_with_reading: 9 });
    expect(run!.skipped_checks).toHaveLength(2);

    // A real problem on the same store (the token's life): one stdout line, and in the log only the run's line naming the check.
    await clearProject(project);
    await store.set(`snapshots/${TODAY}`, snapshot(TODAY, 3));
    await store.set('snapshots/latest', snapshot(TODAY, 3));
    await store.set(`schedules/${TODAY}/showtimes/${MOVIE}_${CITY.id}`, showtimes(TODAY, 3));
    await store.writeMany([0, 1, 2].flatMap((t) => [0, 1, 2].map((i) => jitReadingAt(TODAY, `90${t}${i}`, TIMES[i]!))));
    await store.set('auth_tokens/tix_jwt', token(3));
    const captured = captureLog('info');
    let out = '';
    const code = await runHealthCli({ ...rt, log: captured.log }, { date: undefined }, (x) => (out += x));
    expect(code).toBe(1);
    const said = `${out}\n${captured.text()}`;
    expect(said.match(/the refresh token expires in/g)).toHaveLength(1);
    expect(captured.text()).toMatch(/1 problem \(token-life\)/);
  });

  it('no day at all after 07:00 WIB: the missing snapshot is named', async () => {
    await store.set(`daily_summaries/${YESTERDAY}`, summary(YESTERDAY));
    await store.set(`box_office/${YESTERDAY}`, boxOffice(YESTERDAY));
    await store.set('auth_tokens/tix_jwt', token(20));
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      `health ${TODAY}: snapshots/latest is missing or unreadable`,
      `health ${TODAY}: snapshots/${TODAY} is missing: no movies scraped for the day`,
    ]);
  });

  it("yesterday's box office missing, or not agreeing with its summary, is named", async () => {
    await store.set(`daily_summaries/${YESTERDAY}`, summary(YESTERDAY));
    await store.set('auth_tokens/tix_jwt', token(20));
    const missing = await runHealthCli(rt, { date: YESTERDAY }, () => undefined);
    expect(missing).toBe(1);
    const [run1] = (await store.list('run_log', { where: { run_type: 'health' } })).map((d) => d.data);
    expect(run1!.problems).toContain(
      `box_office/${YESTERDAY} is missing (the summary of ${YESTERDAY} wrote its totals but no box office: run npm run summary -- --date ${YESTERDAY})`,
    );
    await clearProject(project);
    await store.set(`daily_summaries/${YESTERDAY}`, summary(YESTERDAY));
    await store.set(`box_office/${YESTERDAY}`, boxOffice(YESTERDAY, 3));
    await store.set('auth_tokens/tix_jwt', token(20));
    let out = '';
    expect(await runHealthCli(rt, { date: YESTERDAY }, (t) => (out += t))).toBe(1);
    expect(out).toContain(
      `health ${YESTERDAY}: box_office/${YESTERDAY} disagrees with daily_summaries/${YESTERDAY}: admissions 4 vs 1, seats 5 vs 2`,
    );
  });
});
