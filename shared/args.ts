/**
 * Command-line flags for every CLI, on node's `util.parseArgs` (strict): an unknown flag, a
 * missing value or a bad value is an `ArgsError` with one clear line, which `runCli` prints
 * before exiting 2. Typed readers for the flags the scrapers share: `--city NAME` (repeatable),
 * `--date YYYY-MM-DD`, `--shard K/N`, whole numbers.
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDate } from './clock.js';
import { parseShard as parseShardText, type Shard } from './shard.js';
import { cityByName, type City } from './tix/cities.js';

export type { Shard } from './shard.js';

/** A usage error: one line naming the flag and what it expects. */
export class ArgsError extends Error {
  /** The stray word, when the error is an unexpected argument (shared/cli.ts adds npm's hint). */
  readonly unexpected: string | undefined;
  constructor(message: string, opts: { unexpected?: string } = {}) {
    super(message);
    this.name = 'ArgsError';
    this.unexpected = opts.unexpected;
  }
}

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Parse `argv` (without node and the script) against `options`. Unknown flags, missing values
 * and (unless `positionals`) stray words are refused with an ArgsError.
 */
export function parseArgs<const O extends FlagSpec, const P extends boolean = false>(
  argv: string[],
  options: O,
  opts: { positionals?: P } = {},
) {
  const known = Object.keys(options)
    .map((k) => `--${k}`)
    .join(', ');
  try {
    return nodeParseArgs({ args: argv, options, strict: true, allowPositionals: (opts.positionals ?? false) as P });
  } catch (err) {
    const e = err as Error & { code?: string };
    const flag = /'(-[^' ]+)/.exec(e.message)?.[1];
    switch (e.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new ArgsError(`unknown option ${flag ?? e.message}${known ? ` (known: ${known})` : ''}`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
        const spec = flag ? options[flag.replace(/^-+/, '')] : undefined;
        throw new ArgsError(
          spec?.type === 'boolean' ? `option ${flag} takes no value` : `option ${flag ?? ''} needs a value`.trim(),
        );
      }
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
        const word = /'([^']*)'/.exec(e.message)?.[1];
        throw new ArgsError(`unexpected argument ${word ?? e.message} (options start with --)`, { unexpected: word });
      }
      default:
        throw new ArgsError(e.message.split('\n')[0]!);
    }
  }
}

/** `--date YYYY-MM-DD` (a real calendar date), or undefined when absent. */
export function argDate(value: string | undefined, flag = '--date'): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value.trim()))
    throw new ArgsError(`${flag} must be a date YYYY-MM-DD, e.g. 2026-01-19 (got ${JSON.stringify(value)})`);
  return value.trim();
}

/** A whole number within bounds, or `fallback` when absent. */
export function argInt(
  value: string | undefined,
  flag: string,
  opts: { min?: number; max?: number; fallback?: number } = {},
): number | undefined {
  if (value === undefined) return opts.fallback;
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = opts;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range =
      opts.min !== undefined && opts.max !== undefined
        ? ` from ${min} to ${max}`
        : opts.min !== undefined
          ? ` ≥ ${min}`
          : '';
    throw new ArgsError(`${flag} must be a whole number${range} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** `--city NAME`… (repeatable; case and spacing do not matter) → the cities, or undefined for all. */
export function argCities(values: string[] | undefined, flag = '--city'): City[] | undefined {
  if (!values || values.length === 0) return undefined;
  const out: City[] = [];
  for (const v of values) {
    const city = cityByName(v);
    if (!city)
      throw new ArgsError(`${flag} ${JSON.stringify(v)} is not one of the 83 TIX.id cities (e.g. JAKARTA, BANDUNG)`);
    if (!out.includes(city)) out.push(city);
  }
  return out;
}

/** `--shard K/N` → { k, n } (1 ≤ K ≤ N), as an ArgsError when malformed. */
export function parseShard(text: string): Shard {
  try {
    return parseShardText(text);
  } catch (err) {
    throw new ArgsError((err as Error).message);
  }
}

/**
 * A number, fractions allowed (`--latency MS`, `--rps N`, `--fail-rate R`), within bounds, or
 * `fallback` when absent. `positive` refuses 0 and below.
 */
export function argNumber(
  value: string | undefined,
  flag: string,
  opts: { min?: number; max?: number; positive?: boolean; fallback?: number } = {},
): number | undefined {
  if (value === undefined) return opts.fallback;
  const n = value.trim() === '' ? NaN : Number(value);
  const { min = -Infinity, max = Infinity } = opts;
  if (!Number.isFinite(n) || n < min || n > max || (opts.positive && n <= 0)) {
    const range = opts.positive
      ? 'a positive number'
      : opts.min !== undefined && opts.max !== undefined
        ? `a number from ${min} to ${max}`
        : opts.min !== undefined
          ? `a number ≥ ${min}`
          : 'a number';
    throw new ArgsError(`${flag} must be ${range} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** One of `choices` (`--preset tiny|city|national`), or `fallback` when absent. */
export function argChoice<const C extends string, const F = C>(
  value: string | undefined,
  flag: string,
  choices: readonly C[],
  fallback: F,
): C | F {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ArgsError(`${flag} must be one of ${choices.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as C;
}

/** `--now ISO`: an instant with a zone (Z or ±HH:MM) → ISO string in UTC, or undefined when absent. */
export function argInstant(value: string | undefined, flag = '--now'): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(Date.parse(value)) || !/(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    throw new ArgsError(
      `${flag} must be an ISO instant with a zone, e.g. 2026-01-19T06:00:00+07:00 (got ${JSON.stringify(value)})`,
    );
  }
  return new Date(value).toISOString();
}
