import { redactUrl } from '../common/redact';
import { type Dialect, PostgresDialect } from './dialect';
import { RedshiftDialect } from './redshift-dialect';
import type { TargetName } from './warehouse';

/** Where raw files go before COPY by default: Redshift reads only S3. */
export type DefaultStage = 'none' | 's3';

interface TargetSpec {
  dialect: () => Dialect;
  /** The connection-string variable of a remote target. */
  urlVariable?: 'DATABASE_URL' | 'REDSHIFT_URL';
  /** The port pg would use without PGPORT (Redshift listens on 5439, not PostgreSQL's 5432). */
  defaultPort?: string;
  /** How the PG* variables are described, e.g. `PostgreSQL from PG* variables`. */
  engine: string;
  defaultStage: DefaultStage;
  /** What to do when the connection fails. */
  connectFix: string;
}

/** The one table of targets: the CLI, openWarehouse() and openWorkbook() all read it. */
const TARGETS: Record<TargetName, TargetSpec> = {
  local: {
    dialect: () => new PostgresDialect(),
    engine: 'local embedded PostgreSQL',
    defaultStage: 'none',
    connectFix: 'Run `etl-workbook warehouse status` to see the embedded server.',
  },
  postgres: {
    dialect: () => new PostgresDialect(),
    urlVariable: 'DATABASE_URL',
    defaultPort: '5432',
    engine: 'PostgreSQL',
    defaultStage: 'none',
    connectFix: 'Set DATABASE_URL (postgres://user:password@host:5432/db) or the PG* variables.',
  },
  redshift: {
    dialect: () => new RedshiftDialect(),
    urlVariable: 'REDSHIFT_URL',
    defaultPort: '5439',
    engine: 'Redshift',
    defaultStage: 's3',
    connectFix:
      'Set REDSHIFT_URL (postgres://user:password@<workgroup>.<account>.<region>.redshift-serverless.amazonaws.com:5439/dev?sslmode=require) or the PG* variables, and check that the workgroup is reachable from here (publicly accessible or through a VPN).',
  },
};

export interface ResolvedTarget {
  name: TargetName;
  dialect: Dialect;
  /** The connection string of a remote target, when one is given (never print it: see description). */
  url?: string;
  /** Where the target points, safe to print (no password). */
  description: string;
  defaultStage: DefaultStage;
  connectFix: string;
}

/**
 * The target's name, by the one rule: the explicit option (`--target`, `openWorkbook({ target })`),
 * else ETL_TARGET, else `local`. An unknown name is an error, wherever it comes from.
 */
export function targetName(explicit?: string, env: NodeJS.ProcessEnv = process.env): TargetName {
  const name = explicit ?? env.ETL_TARGET ?? 'local';
  if (!(Object.keys(TARGETS) as string[]).includes(name)) {
    const from = explicit === undefined ? ' (from ETL_TARGET)' : '';
    throw new Error(`Unknown target "${name}"${from}: use local, postgres or redshift.`);
  }
  return name as TargetName;
}

/**
 * Everything known about a target without connecting: name (see targetName), dialect, connection
 * string (explicit > DATABASE_URL / REDSHIFT_URL > none, the PG* variables then apply), printable
 * description and default stage.
 */
export function resolveTarget(
  options: { target?: string; databaseUrl?: string; env?: NodeJS.ProcessEnv } = {},
): ResolvedTarget {
  const env = options.env ?? process.env;
  const name = targetName(options.target, env);
  const spec = TARGETS[name];
  const url = spec.urlVariable ? (options.databaseUrl ?? env[spec.urlVariable] ?? undefined) : undefined;
  return {
    name,
    dialect: spec.dialect(),
    ...(url ? { url } : {}),
    description: describe(name, spec, env, url),
    defaultStage: spec.defaultStage,
    connectFix: spec.connectFix,
  };
}

function describe(
  name: TargetName,
  spec: TargetSpec,
  env: NodeJS.ProcessEnv,
  url: string | undefined,
): string {
  if (name === 'local') return spec.engine;
  if (url) return name === 'redshift' ? `Redshift at ${redactUrl(url)}` : redactUrl(url);
  const where = `${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? spec.defaultPort}/${env.PGDATABASE ?? env.PGUSER ?? ''}`;
  return `${spec.engine} from PG* variables (${where})`;
}

/** The stage a target loads through when none is asked for. */
export function defaultStage(name: TargetName): DefaultStage {
  return TARGETS[name].defaultStage;
}

/** pg's connection settings for a remote target: the URL, else PG* (with the target's port). */
export function remotePort(target: ResolvedTarget, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (target.url || env.PGPORT) return undefined;
  const port = TARGETS[target.name].defaultPort;
  return port && port !== '5432' ? Number(port) : undefined;
}
