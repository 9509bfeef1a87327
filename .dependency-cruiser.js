// @ts-check
/**
 * The house's import rules (issue 21), checked by `npm run check` with dependency-cruiser:
 * no import cycle (type-only imports included); the floors shared ← scrapers ← scripts, so shared/
 * imports neither scrapers/ nor scripts/, and scrapers/ imports shared/ only; no scraper folder
 * imports another (they meet only in the store); product code never imports tests/. Tests and
 * scripts may import anything else. `npm run -s house` counts the violations without the
 * exceptions.
 */

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
export const IMPORT_RULES = [
  {
    name: 'no-cycle',
    comment: 'an import cycle: two modules that need each other are one module, or a third is missing',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'shared-imports-only-shared',
    comment: 'shared/ is the ground floor: it imports neither scrapers/ nor scripts/',
    severity: 'error',
    from: { path: '^shared/' },
    to: { path: '^(scrapers|scripts)/' },
  },
  {
    name: 'scrapers-import-only-shared',
    comment: 'a scraper imports shared/ only, never scripts/',
    severity: 'error',
    from: { path: '^scrapers/' },
    to: { path: '^scripts/' },
  },
  {
    name: 'no-scraper-imports-another',
    comment: 'scraper folders meet only in the store; what two scrapers share belongs in shared/',
    severity: 'error',
    from: { path: '^scrapers/([^/]+)/' },
    to: { path: '^scrapers/', pathNot: '^scrapers/$1/' },
  },
  {
    name: 'no-product-imports-tests',
    comment: 'tests/ imports product code, never the other way round',
    severity: 'error',
    from: { path: '^(shared|scrapers|scripts)/' },
    to: { path: '^tests/' },
  },
];

/**
 * TEMPORARY exceptions, by rule: the modules whose imports broke a rule when the rules came in.
 * The list only shrinks: untie the knot, then delete its line.
 * @type {Record<string, string[]>}
 */
export const IMPORT_EXCEPTIONS = {};

/** A rule with its exceptions: the excepted modules are left out of its `from`. */
function excepting(rule) {
  const paths = IMPORT_EXCEPTIONS[rule.name] ?? [];
  if (paths.length === 0) return rule;
  const pathNot = paths.map((p) => `^${p.replaceAll('.', '\\.')}$`);
  return { ...rule, from: { ...rule.from, pathNot } };
}

/** @type {import('dependency-cruiser').ICruiseOptions} */
export const IMPORT_OPTIONS = {
  doNotFollow: { path: 'node_modules' },
  tsPreCompilationDeps: true,
  tsConfig: { fileName: 'tsconfig.json' },
};

export default { forbidden: IMPORT_RULES.map(excepting), options: IMPORT_OPTIONS };
