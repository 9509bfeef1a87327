/**
 * docs/dataset.md against the code: every column of every table documented with its type, in
 * order, and nothing else; the ten example queries verbatim; the licence named.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUERIES } from '../../scripts/dataset/queries.js';
import { COLUMNS, TABLES } from '../../scripts/dataset/schema.js';

const DOC = readFileSync('docs/dataset.md', 'utf8');

/** The `| \`name\` | TYPE | … |` rows under `### \`table\``, up to the next heading. */
function documentedColumns(table: string): [string, string][] {
  const start = DOC.indexOf(`### \`${table}\``);
  expect(start, `docs/dataset.md has a section ### \`${table}\``).toBeGreaterThan(0);
  const rest = DOC.slice(start + 4);
  const section = rest.slice(0, rest.search(/\n#/));
  return [...section.matchAll(/^\| `(\w+)` \| ([A-Z[\]]+) \|/gm)].map((m) => [m[1]!, m[2]!]);
}

describe('docs/dataset.md', () => {
  it.each(TABLES)('documents every column of %s with its type, in file order', (table) => {
    expect(documentedColumns(table)).toEqual(COLUMNS[table].map((c) => [c.name, c.type]));
  });

  it('carries the ten example queries verbatim, each under its question', () => {
    expect(EXAMPLE_QUERIES).toHaveLength(10);
    expect(new Set(EXAMPLE_QUERIES.map((q) => q.id)).size).toBe(10);
    EXAMPLE_QUERIES.forEach((q, i) => {
      const block = `### ${i + 1}. ${q.question}\n\n<!-- query: ${q.id} -->\n\`\`\`sql\n${q.sql}\n\`\`\``;
      expect(DOC, q.id).toContain(block);
    });
  });

  it('names the licence of the data and the schema version', () => {
    expect(DOC).toMatch(/Creative Commons\s+Attribution 4\.0 International licence \(CC BY 4\.0\)/);
    expect(DOC).toContain('cineradar_schema_version');
  });
});
