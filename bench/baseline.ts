import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureProcess, type ProcessMeasurement } from './measure-process';

const TABLES = ['raw_customers', 'raw_orders', 'raw_items', 'raw_products', 'raw_stores', 'raw_supplies'];

/**
 * The loading limit as a psql script: one transaction, TRUNCATE of the six raw tables, then one
 * `\copy` per file, one after the other (the same WAL-skipping TRUNCATE + COPY in one transaction
 * our loader uses). Columns are named from each file's header, as the loader does.
 */
export function writeBaselineLoadScript(datasetDir: string, scriptPath: string): string {
  const lines = ['\\set ON_ERROR_STOP on', 'begin;', `truncate ${TABLES.map((t) => `raw.${t}`).join(', ')};`];
  for (const table of TABLES) {
    const file = join(datasetDir, `${table}.csv`);
    const header = readFileSync(file, 'utf8').slice(0, 4096).split('\n')[0]?.trim() ?? '';
    const path = file.replace(/'/g, "''");
    lines.push(
      `\\copy raw.${table} (${header}) from '${path}' with (format csv, header true, encoding 'UTF8')`,
    );
  }
  lines.push('commit;');
  writeFileSync(scriptPath, `${lines.join('\n')}\n`);
  return scriptPath;
}

export function runPsqlScript(
  psql: string,
  script: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ProcessMeasurement> {
  return measureProcess(psql, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-f', script], { env, cwd });
}

const TESTS_MARKER = '-- Tests: every check';

/**
 * The models part of `baseline-transform.sql` (everything before its tests): the transformation
 * written by hand without any check, the second baseline `run` is compared with.
 */
export function writeModelsOnlyScript(transformScript: string, scriptPath: string): string {
  const text = readFileSync(transformScript, 'utf8');
  const at = text.indexOf(TESTS_MARKER);
  if (at < 0)
    throw new Error(`${transformScript} has no "${TESTS_MARKER}" section: cannot cut its models out.`);
  const models = text.slice(0, text.lastIndexOf('\n---', at));
  writeFileSync(scriptPath, `${models}\n`);
  return scriptPath;
}
