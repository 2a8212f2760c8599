import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../paths/project-root';
import { targetName } from '../warehouse/target';
import type { TargetName } from '../warehouse/warehouse';

/** Thrown for a bad command line: the CLI prints it with the command's help and exits 2. */
export class UsageError extends Error {}

export interface CommonOptions {
  data: string;
  target: TargetName;
  out: string;
  project: string;
  quiet: boolean;
}

export const COMMON_OPTIONS = {
  data: { type: 'string' },
  target: { type: 'string' },
  out: { type: 'string' },
  project: { type: 'string' },
  schema: { type: 'string' },
  vars: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_HELP = `Common options:
  --data DIR        dataset folder with the six raw CSV files (default: data/datasets)
  --target NAME     local (embedded PostgreSQL, default) | postgres (DATABASE_URL or PG* variables)
                    | redshift (REDSHIFT_URL or PG*, with S3_BUCKET and REDSHIFT_IAM_ROLE)
  --out DIR         where artifacts are written (default: target)
  --project DIR     the SQL project (default: sql), or a dbt project (a folder with dbt_project.yml)
  --schema NAME     a dbt project's target schema (default: ETL_TARGET_SCHEMA, else analytics)
  --vars '{k: v}'   a dbt project's vars (YAML or JSON), over those of dbt_project.yml
  -q, --quiet       no progress lines
  -h, --help        this help`;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ParsedCommand {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** Parses argv against the common options plus a command's own; unknown flags are usage errors. */
export function parseCommand(argv: string[], extra: OptionSpec): ParsedCommand {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...extra },
      allowPositionals: true,
      strict: true,
    });
    return parsed;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function commonOptions(values: Record<string, unknown>): CommonOptions {
  const root = projectRoot();
  let target: TargetName;
  try {
    target = targetName(values.target as string | undefined);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // A dbt project's target.schema: read where the project is compiled (dbt-compile.ts).
  if (typeof values.schema === 'string' && values.schema !== '')
    process.env.ETL_TARGET_SCHEMA = values.schema;
  // Likewise the --vars, as JSON (dbt-compile.ts reads ETL_DBT_VARS).
  if (typeof values.vars === 'string')
    process.env.ETL_DBT_VARS = JSON.stringify(parseVarsOption(values.vars));
  return {
    data: resolve((values.data as string | undefined) ?? join(root, 'data', 'datasets')),
    target,
    out: resolve((values.out as string | undefined) ?? join(root, 'target')),
    project: resolve((values.project as string | undefined) ?? join(root, 'sql')),
    quiet: Boolean(values.quiet),
  };
}

/** `--vars '{key: value}'`: a YAML (or JSON) mapping, as dbt takes it. */
export function parseVarsOption(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    // Required here, not at the top: every command loads this file and few take --vars (the
    // YAML parser's 72 modules were a fifth of `load`'s module loading).
    const { parse: parseYaml } = require('yaml') as typeof import('yaml');
    value = parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `--vars is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}. Write --vars '{key: value, other: 2}'.`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(
      `--vars must be a mapping, got ${JSON.stringify(value)}. Write --vars '{key: value}'.`,
    );
  return value as Record<string, unknown>;
}
