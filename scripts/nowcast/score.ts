/**
 * The nightly scoring (docs/nowcast.md): each nowcast of a day against the day's measured box
 * office (`box_office/{date}`, never recomputed here): per movie the absolute percentage error of
 * admissions and of gross (min), whether the 80 % interval held the measured figure, and `z`
 * (error ÷ the model's sd, which calibrates later intervals); the same for the day total.
 * A movie the nowcast had but the box office does not (no show of it scheduled or read by the night)
 * is measured as 0 admissions and 0 gross; a movie the box office has that the nowcast missed counts with point 0 and an interval that did not hold.
 */
import type { BoxOfficeDay } from '../box-office/types.js';
import type { Estimate, Nowcast } from './model.js';

export interface ScoreRow {
  /** The nowcast's id: `{date}_{HHMM}`. */
  nowcast_id: string;
  at_local: string;
  movie_id: string;
  title: string;
  point: number;
  low: number;
  high: number;
  measured: number;
  /** |point − measured| ÷ measured; null when measured is 0. */
  ape: number | null;
  gross_point: number | null;
  gross_measured: number | null;
  gross_ape: number | null;
  held: boolean;
  /** (measured − point) ÷ sd; null when sd is 0 (everything was measured). */
  z: number | null;
}

export interface NowcastScore {
  nowcast_id: string;
  at_local: string;
  total: Omit<ScoreRow, 'nowcast_id' | 'at_local' | 'movie_id' | 'title'>;
  /** Mean of the movies' APE (those with admissions). */
  movies_mape: number | null;
  /** Share of the movies whose interval held. */
  coverage: number | null;
  movies: ScoreRow[];
}

export interface NowcastScores {
  scored_at: string;
  nowcasts: NowcastScore[];
}

const ape = (point: number | null, measured: number | null): number | null =>
  point === null || measured === null || measured === 0 ? null : Math.abs(point - measured) / measured;

function compare(est: Estimate | undefined, grossPoint: number | null, measured: number, grossMeasured: number | null) {
  const e = est ?? { point: 0, low: 0, high: 0, sd: 0 };
  return {
    point: e.point,
    low: e.low,
    high: e.high,
    measured,
    ape: ape(e.point, measured),
    gross_point: est ? grossPoint : null,
    gross_measured: grossMeasured,
    gross_ape: ape(est ? grossPoint : null, grossMeasured),
    held: est !== undefined && e.low <= measured && measured <= e.high,
    z: e.sd > 0 ? (measured - e.point) / e.sd : null,
  };
}

export function nowcastId(date: string, atLocal: string): string {
  return `${date}_${atLocal.replace(':', '')}`;
}

export function scoreNowcast(nc: Nowcast, day: BoxOfficeDay): NowcastScore {
  const id = nowcastId(nc.date, nc.at_local);
  const measured = new Map(day.movies.map((m) => [m.movie_id, m]));
  const predicted = new Map(nc.movies.map((m) => [m.movie_id, m]));
  const ids = [...new Set([...predicted.keys(), ...measured.keys()])].sort();
  const movies = ids.map((movie_id) => {
    const p = predicted.get(movie_id);
    const m = measured.get(movie_id);
    return {
      nowcast_id: id,
      at_local: nc.at_local,
      movie_id,
      title: m?.title ?? p?.title ?? '',
      ...compare(p?.admissions, p?.gross_idr_min ?? null, m?.admissions ?? 0, m ? m.gross_idr_min : 0),
    };
  });
  const scored = movies.filter((r) => r.ape !== null);
  return {
    nowcast_id: id,
    at_local: nc.at_local,
    total: compare(nc.totals.admissions, nc.totals.gross_idr_min, day.totals.admissions, day.totals.gross_idr_min),
    movies_mape: scored.length ? scored.reduce((s, r) => s + r.ape!, 0) / scored.length : null,
    coverage: movies.length ? movies.filter((r) => r.held).length / movies.length : null,
    movies,
  };
}

/** The standardised errors of earlier scored nowcasts (calibration.ts), from their days' scores. */
export function scoredZ(days: readonly (NowcastScores | undefined)[]): number[] {
  return days.flatMap(
    (d) => d?.nowcasts.flatMap((n) => n.movies.map((m) => m.z).filter((z): z is number => z !== null)) ?? [],
  );
}
