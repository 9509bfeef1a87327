/**
 * zod schemas of every TIX.id response: the repo's one description of the API's shapes.
 * The client parses each response through one of these exactly once; the simulator's tests check
 * its answers against the same schemas, so the two cannot drift apart.
 *
 * Where TIX.id's shape is a guess, the choice made here is the one place it lives:
 *  - the guest token answer is `{success:true, data:{token}}`;
 *  - error envelopes are `{success:false, error:{message, code}}` (both optional when parsing);
 *  - CGV/Cinépolis layouts may carry extra fields (kept, not required).
 */
import { z } from 'zod';

/** Ids are 18–19 digit strings beyond Number.MAX_SAFE_INTEGER: a number here is refused, not rounded. */
export const IdString = z.string().regex(/^\d{1,25}$/, 'expected a numeric id string');

export const ErrorBody = z.looseObject({
  success: z.literal(false),
  error: z.looseObject({ message: z.string().optional(), code: z.string().optional() }).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

const ok = <T extends z.ZodType>(data: T) => z.looseObject({ success: z.literal(true), data });

// POST /v1/auth  and  POST /v1/users/refresh
export const TokenData = z.looseObject({ token: z.string().min(10) });
export const AuthResponse = ok(TokenData);
export const RefreshResponse = ok(TokenData);

// GET /v1/cities
export const ApiCity = z.looseObject({ id: IdString, name: z.string().min(1) });
export type ApiCity = z.infer<typeof ApiCity>;
export const CitiesResponse = ok(z.array(ApiCity));

// GET /v1/movies
export const ApiGenre = z.looseObject({ id: z.union([z.string(), z.number()]).optional(), name: z.string() });
export const ApiMovie = z
  .looseObject({
    movie_id: IdString.optional(),
    id: IdString.optional(),
    title: z.string(),
    genres: z
      .array(ApiGenre)
      .nullish()
      .transform((g) => g ?? []),
    poster_path: z
      .string()
      .nullish()
      .transform((p) => p ?? ''),
    age_category: z
      .string()
      .nullish()
      .transform((a) => a ?? ''),
    country: z
      .string()
      .nullish()
      .transform((c) => c ?? ''),
    merchant: z
      .array(z.looseObject({ merchant_name: z.string() }))
      .nullish()
      .transform((m) => m ?? []),
    presale_flag: z
      .union([z.literal(0), z.literal(1), z.boolean()])
      .nullish()
      .transform((p) => p === 1 || p === true),
  })
  .refine((m) => m.movie_id !== undefined || m.id !== undefined, {
    message: 'movie has neither movie_id nor id',
    path: ['movie_id'],
  })
  .transform((m) => ({ ...m, movie_id: (m.movie_id ?? m.id)! }));
export type ApiMovie = z.infer<typeof ApiMovie>;
export const MoviesResponse = ok(z.array(ApiMovie));

// GET /v1/schedules/movies/{movie_id}
export const ApiShowtime = z.looseObject({
  id: IdString,
  display_time: z.string().regex(/^\d{1,2}:\d{2}$/, 'expected HH:MM'),
  status: z.number().int(),
});
export type ApiShowtime = z.infer<typeof ApiShowtime>;
export const ApiPriceGroup = z.looseObject({
  category: z.string(),
  price_string: z
    .string()
    .nullish()
    .transform((p) => p ?? ''),
  show_time: z
    .array(ApiShowtime)
    .nullish()
    .transform((s) => s ?? []),
});
export type ApiPriceGroup = z.infer<typeof ApiPriceGroup>;
export const ApiTheatre = z.looseObject({
  id: IdString,
  name: z.string(),
  address: z
    .string()
    .nullish()
    .transform((a) => a ?? ''),
  merchant: z.looseObject({ merchant_name: z.string() }),
  price_groups: z
    .array(ApiPriceGroup)
    .nullish()
    .transform((p) => p ?? []),
});
export type ApiTheatre = z.infer<typeof ApiTheatre>;
export const SchedulePage = z.looseObject({
  theaters: z
    .array(ApiTheatre)
    .nullish()
    .transform((t) => t ?? []),
  has_next: z.boolean(),
});
export type SchedulePage = z.infer<typeof SchedulePage>;
export const ScheduleResponse = ok(SchedulePage);

// GET /v1/movies/{xxi|cgv|cinepolis}/layout
export const XxiSeat = z.looseObject({ seat_row: z.string(), status: z.number().int() });
export const XxiRow = z.looseObject({
  seat_code: z.string(),
  max_row: z.number().int().nonnegative(),
  seat_rows: z.array(XxiSeat),
});
export const XxiLayout = z.looseObject({ seat_map: z.array(XxiRow) });
export type XxiLayout = z.infer<typeof XxiLayout>;

export const CgvSeat = z.looseObject({
  row_name: z.string(),
  seat_no: z.union([z.string(), z.number()]).optional(),
  seat_yn: z.union([z.literal('0'), z.literal('1')]),
  seat_status: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  seat_grd_cd: z.string().optional(),
});
export const CgvLayout = z.looseObject({
  seat_map: z.array(CgvSeat),
  price_group: z.array(z.looseObject({ seat_grd_cd: z.string(), seat_grd_nm: z.string() })).optional(),
});
export type CgvLayout = z.infer<typeof CgvLayout>;

export const CinepolisSeat = z.looseObject({
  row_name: z.string(),
  seat_no: z.union([z.string(), z.number()]).transform(String),
  seat_status: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
});
export const CinepolisLayout = z.looseObject({ seat_map: z.array(CinepolisSeat) });
export type CinepolisLayout = z.infer<typeof CinepolisLayout>;

export type LayoutPath = 'xxi' | 'cgv' | 'cinepolis';
export const LayoutResponse = {
  xxi: ok(XxiLayout),
  cgv: ok(CgvLayout),
  cinepolis: ok(CinepolisLayout),
} as const;
export type Layout =
  | { merchant: 'xxi'; data: XxiLayout }
  | { merchant: 'cgv'; data: CgvLayout }
  | { merchant: 'cinepolis'; data: CinepolisLayout };

/** The three merchants exactly as the consumers expect them. */
export type Merchant = 'XXI' | 'CGV' | 'Cinépolis';

/** Normalise TIX.id's merchant names (`Cinépolis`, `CINEPOLIS`, `Cinepolis`, stray spaces). */
export function normaliseMerchant(name: string): Merchant | undefined {
  const n = name
    .trim()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
  if (n === 'XXI' || n === 'CINEMA XXI') return 'XXI';
  if (n === 'CGV') return 'CGV';
  if (n === 'CINEPOLIS') return 'Cinépolis';
  return undefined;
}

/** The layout path segment for a merchant: XXI→xxi, CGV→cgv, Cinépolis→cinepolis. */
export function layoutPathOf(merchant: Merchant): LayoutPath {
  return merchant === 'XXI' ? 'xxi' : merchant === 'CGV' ? 'cgv' : 'cinepolis';
}

/** Request headers the web client sends (captured). Header names with underscores are real. */
export const TIX_HEADERS: Readonly<Record<string, string>> = {
  platform: 'web',
  lang: 'en',
  app_version: '1.0.0',
  session_id: 'null',
  device_id: 'null',
  'content-type': 'application/json',
  'access-control-allow-origin': '*',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36',
};

/** Error codes of the spec. */
export const TIX_ERROR = {
  INVALID_TOKEN: 'INVALID_TOKEN',
  EXPIRED_EVENT_DETAIL: 'EXPIRED_EVENT_DETAIL',
} as const;
