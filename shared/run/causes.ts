/**
 * Failures grouped by cause, so one DNS failure over 83 cities is one line, not 83: the cause is
 * the reason with the item taken out; each group keeps a count and a few examples.
 */
import { scrubString } from '../log.js';

export interface RunError {
  scope: string;
  name: string;
  reason: string;
}

/** Failures of one cause: the error class and message without the item, a count, a few examples. */
export interface ErrorGroup {
  scope: string;
  cause: string;
  count: number;
  examples: string[];
}

/** How many causes are kept (the rest are counted under the last), and examples per cause. */
export const MAX_ERROR_GROUPS = 20;
export const GROUP_EXAMPLES = 3;
const MAX_REASON_LENGTH = 300;

/** A failure's reason as one scrubbed line of at most MAX_REASON_LENGTH characters. */
export function cleanReason(reason: unknown): string {
  const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  const one = scrubString(text).replace(/\s+/g, ' ').trim();
  return one.length > MAX_REASON_LENGTH ? `${one.slice(0, MAX_REASON_LENGTH - 1)}…` : one;
}

/**
 * The cause of a failure: its reason with the item taken out, so one DNS failure over 83 cities
 * is one cause. The item's name, query strings, dates and long numbers (ids) are replaced; a port
 * (`127.0.0.1:33373`, `host:8080`) is part of the host, not an id, and stays.
 */
export function causeOf(name: string, reason: string): string {
  let c = reason;
  if (name.length >= 3) c = c.split(name).join('{item}');
  return c
    .replace(/\?[^\s:)]*/g, '?…')
    .replace(/\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?\b/g, '{date}')
    .replace(/(?<![\d]|[\w.-]:)\d{4,}(?!\d| ?ms\b)/g, '{id}');
}

/** The groups, largest first. */
export function sortGroups(groups: ReadonlyMap<string, ErrorGroup>): ErrorGroup[] {
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** Count one failure into its group (past MAX_ERROR_GROUPS causes, into "other causes"); returns the group. */
export function addToGroups(groups: Map<string, ErrorGroup>, scope: string, name: string, reason: string): ErrorGroup {
  let cause = causeOf(name, reason);
  let key = `${scope}\u0000${cause}`;
  if (!groups.has(key) && groups.size >= MAX_ERROR_GROUPS) {
    cause = 'other causes (too many different ones to list)';
    key = `${scope}\u0000${cause}`;
  }
  let g = groups.get(key);
  if (!g) {
    g = { scope, cause, count: 0, examples: [] };
    groups.set(key, g);
  }
  g.count++;
  if (g.examples.length < GROUP_EXAMPLES) g.examples.push(name);
  return g;
}

/**
 * The groups of one cause in several scopes as one (`84 × cities, city: …`): the log's final
 * lines say each cause once, however many kinds of item it hit. Largest first.
 */
export function mergeScopes(groups: readonly ErrorGroup[]): ErrorGroup[] {
  const byCause = new Map<string, ErrorGroup>();
  for (const g of groups) {
    const m = byCause.get(g.cause);
    if (!m) {
      byCause.set(g.cause, { ...g, examples: [...g.examples] });
      continue;
    }
    m.scope = `${m.scope}, ${g.scope}`;
    m.count += g.count;
    for (const e of g.examples) if (m.examples.length < GROUP_EXAMPLES) m.examples.push(e);
  }
  return [...byCause.values()].sort((a, b) => b.count - a.count);
}

/** One line per cause: `83 × city: TixError: … (e.g. JAKARTA, BANDUNG, MEDAN)`. */
export function groupLine(g: ErrorGroup): string {
  const more = g.count > g.examples.length ? ', …' : '';
  return `${g.count} × ${g.scope}: ${g.cause} (e.g. ${g.examples.join(', ')}${more})`;
}
