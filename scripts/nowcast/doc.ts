/**
 * The nowcast as stored: `box_office_nowcast/{date}_{HHMM}` (shares and spreads as `Double`; the
 * schema is BoxOfficeNowcastDoc in shared/store/nowcast-documents.ts) and back, and the `nowcast` field
 * of `box_office/{date}` (its scores).
 */
import { Double } from '../../shared/store/documents.js';
import type { DocData } from '../../shared/store/store.js';
import type { Estimate, Nowcast, NowcastFigures } from './model.js';
import type { NowcastScore, NowcastScores, ScoreRow } from './score.js';

export { BOX_OFFICE_NOWCAST, nowcastPath } from '../../shared/store/paths.js';

/** The method's name in every document: a change of the model is a new name. */
export const METHOD = 'walkup-ratio-v1';

const dbl = (v: number | null): Double | null => (v === null ? null : new Double(v));

function figuresDoc<T extends NowcastFigures>(f: T) {
  const a: Estimate = f.admissions;
  return { ...f, admissions: { ...a, sd: new Double(a.sd) } };
}

export function toNowcastDoc(n: Nowcast): DocData {
  return {
    ...n,
    method: METHOD,
    history: { ...n.history, tau: new Double(n.history.tau) },
    calibration: { ...n.calibration, q: new Double(n.calibration.q) },
    totals: figuresDoc(n.totals),
    movies: n.movies.map(figuresDoc),
  };
}

/** A stored nowcast (the store gives Doubles back as numbers); undefined when it is not one. */
export function fromNowcastDoc(data: DocData | undefined): Nowcast | undefined {
  if (!data || typeof data.date !== 'string' || !Array.isArray(data.movies) || typeof data.totals !== 'object')
    return undefined;
  const { method: _method, ...rest } = data;
  void _method;
  return rest as unknown as Nowcast;
}

function scoreFields<T extends Omit<ScoreRow, 'nowcast_id' | 'at_local' | 'movie_id' | 'title'>>(r: T) {
  return { ...r, ape: dbl(r.ape), gross_ape: dbl(r.gross_ape), z: dbl(r.z) };
}

export function toScoresField(s: NowcastScores): DocData {
  return {
    scored_at: s.scored_at,
    nowcasts: s.nowcasts.map((n: NowcastScore) => ({
      ...n,
      total: scoreFields(n.total),
      movies_mape: dbl(n.movies_mape),
      coverage: dbl(n.coverage),
      movies: n.movies.map(scoreFields),
    })),
  };
}

export function fromScoresField(v: unknown): NowcastScores | undefined {
  if (!v || typeof v !== 'object' || !Array.isArray((v as NowcastScores).nowcasts)) return undefined;
  return v as NowcastScores;
}
