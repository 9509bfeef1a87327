/**
 * The write budget's memory: what each showtime's last written snapshot said, so a pass can skip
 * the write when nothing changed. Pure encode/decode/merge; the shell keeps it in one private
 * document per day, `seat_state/{date}`.
 *
 * Why one document per day holding one string:
 *  - reading the day's snapshots back instead would cost one read per snapshot on every JIT pass
 *    (12,000+ reads a pass, against a free tier of 50,000 reads a day); this costs one read and at
 *    most one write per pass;
 *  - a map keyed by showtime id would be indexed field by field (12,000+ index entries per write,
 *    near Firestore's 40,000 per document); a string is indexed once, on its first 1,500 bytes;
 *  - at about 30 bytes a showtime, a national day (12,500 showtimes) is about 380 kB, well under 1 MiB.
 *
 * Format of `entries`: one line per showtime, `{showtime_id} {unavailable} {total} {flags}`, where
 * flags is `-` or any of `J` (a JIT pass read it), `F` (a final pass read it) and `X` (TIX.id said
 * the show started).
 * The state is a cache: a missing or unreadable line only costs one extra write, never a lost one.
 */
export interface ShowtimeState {
  /** Unavailable seats in the last written snapshot (−1: none written yet). */
  unavailable: number;
  /** Total seats in the last written snapshot (−1: none written yet). */
  total: number;
  /** A JIT pass read it (written, or skipped because unchanged): the next JIT pass leaves it alone. */
  jit: boolean;
  /** A final pass read it (written, or skipped because unchanged). */
  final: boolean;
  /** TIX.id answered EXPIRED_EVENT_DETAIL: the show started; no pass asks for it again. */
  started: boolean;
}

export type SeatState = Map<string, ShowtimeState>;

const LINE = /^(\d{1,25}) (-?\d+) (-?\d+) ([JFX]+|-)$/;

export function encodeState(state: SeatState): string {
  const ids = [...state.keys()].sort();
  return ids
    .map((id) => {
      const s = state.get(id)!;
      const flags = `${s.jit ? 'J' : ''}${s.final ? 'F' : ''}${s.started ? 'X' : ''}` || '-';
      return `${id} ${s.unavailable} ${s.total} ${flags}`;
    })
    .join('\n');
}

/** Decode; lines that do not parse are dropped and counted (they only cost an extra write). */
export function decodeState(text: string | undefined): { state: SeatState; badLines: number } {
  const state: SeatState = new Map();
  let badLines = 0;
  for (const line of (text ?? '').split('\n')) {
    if (!line.trim()) continue;
    const m = LINE.exec(line.trim());
    if (!m) {
      badLines++;
      continue;
    }
    const f = m[4]!;
    state.set(m[1]!, { unavailable: Number(m[2]), total: Number(m[3]), jit: f.includes('J'), final: f.includes('F'), started: f.includes('X') });
  }
  return { state, badLines };
}

/**
 * Merge this pass's updates into the stored state (read inside a transaction, so concurrent passes
 * and shards do not lose each other's lines): an update's counts replace the stored ones when it
 * has them; flags only ever turn on.
 */
export function mergeState(stored: SeatState, updates: SeatState): SeatState {
  const out: SeatState = new Map(stored);
  for (const [id, u] of updates) {
    const s = out.get(id);
    if (!s) {
      out.set(id, { ...u });
      continue;
    }
    const hasCounts = u.total >= 0;
    out.set(id, {
      unavailable: hasCounts ? u.unavailable : s.unavailable,
      total: hasCounts ? u.total : s.total,
      jit: s.jit || u.jit,
      final: s.final || u.final,
      started: s.started || u.started,
    });
  }
  return out;
}

/** Whether a new reading differs from the last written snapshot (or there is none). */
export function occupancyChanged(prev: ShowtimeState | undefined, unavailable: number, total: number): boolean {
  return !prev || prev.total < 0 || prev.unavailable !== unavailable || prev.total !== total;
}
