import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * Suites that run the CLI or the notebooks need the compiled `dist/` (`npm test` builds it first).
 * Without it a suite says why it skips; under CI=true a missing build is a failure, never a skip.
 */
export function requireDist(context: Mocha.Context, file: string): void {
  if (existsSync(join(ROOT, 'dist', file))) return;
  const reason = `dist/${file} is missing: run \`npm run build\` (npm test does it first)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true this suite must run.`);
  console.log(`      skipped: ${reason}`);
  context.skip();
}
