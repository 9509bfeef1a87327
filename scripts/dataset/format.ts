/**
 * A query's answer as text: an aligned table (numbers right-aligned, NULL for unknown), CSV
 * (RFC 4180, empty for null, lists as JSON) or JSON (an array of objects).
 */
export type OutputFormat = 'table' | 'csv' | 'json';
export const FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

export interface Answer {
  columns: string[];
  rows: Record<string, unknown>[];
}

const cellText = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function csvCell(v: unknown): string {
  const t = cellText(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

function tableText(a: Answer): string {
  const cells = a.rows.map((r) =>
    a.columns.map((c) => (r[c] === null || r[c] === undefined ? 'NULL' : cellText(r[c]))),
  );
  const numeric = a.columns.map(
    (c) => a.rows.length > 0 && a.rows.every((r) => typeof r[c] === 'number' || r[c] === null),
  );
  const width = a.columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((t, i) => (numeric[i] ? t.padStart(width[i]!) : t.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(a.columns), width.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  out.push(`(${a.rows.length} row${a.rows.length === 1 ? '' : 's'})`);
  return out.join('\n') + '\n';
}

export function formatAnswer(a: Answer, format: OutputFormat): string {
  if (format === 'json')
    return a.rows.length ? `[\n${a.rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n` : '[]\n';
  if (format === 'csv')
    return (
      [a.columns.map(csvCell).join(','), ...a.rows.map((r) => a.columns.map((c) => csvCell(r[c])).join(','))].join(
        '\n',
      ) + '\n'
    );
  return tableText(a);
}
