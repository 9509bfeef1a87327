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

export async function resolve(specifier, context, next) {
  if (HEAVY.some((re) => re.test(specifier))) {
    process.stderr.write(`HEAVY IMPORT: ${specifier}\n`);
    process.exit(99);
  }
  return next(specifier, context);
}
