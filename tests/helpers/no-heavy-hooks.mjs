// Module resolve hook for no-heavy-imports.mjs: refuse the modules a --help must not load.
import process from 'node:process';

const HEAVY = [
  /^firebase-admin(\/|$)/,
  /^playwright(-core)?(\/|$)/,
  /\/shared\/store\/(firestore-store|file-store|index)\.(js|ts)$/,
  /\/shared\/tix\/client\.(js|ts)$/,
  /\/shared\/token\/(manager|login|session)\.(js|ts)$/,
  /\/scripts\/tix-sim\/index\.(js|ts)$/,
];

// With NO_HEAVY_HELP=1 (a --help run) the configuration's zod and the logger's pino are refused too:
// the help needs neither.
const HELP_ONLY = [/^zod(\/|$)/, /^pino(-pretty)?(\/|$)/, /\/shared\/(config|log|runtime)\.(js|ts)$/];

export async function resolve(specifier, context, next) {
  const refused = process.env.NO_HEAVY_HELP === '1' ? [...HEAVY, ...HELP_ONLY] : HEAVY;
  if (refused.some((re) => re.test(specifier))) {
    process.stderr.write(`HEAVY IMPORT: ${specifier}\n`);
    process.exit(99);
  }
  return next(specifier, context);
}
