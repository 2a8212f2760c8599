import { redactSecrets } from '../common/redact';
import { UsageError } from './options';

type Command = { run: (argv: string[]) => Promise<number>; summary: string };
type CommandRun = Command['run'];

/**
 * A command's module loads only when that command runs: loading all of them (nunjucks, yaml, pg,
 * Intl formatters, the S3 client, chart rendering…) cost every invocation a few hundred ms.
 */
function lazy<M>(load: () => Promise<M>, pick: (module: M) => CommandRun): CommandRun {
  return async (argv) => pick(await load())(argv);
}

export const COMMANDS: Record<string, Command> = {
  run: {
    run: lazy(
      () => import('./commands/run-command'),
      (module) => module.runCommand,
    ),
    summary: 'the whole pipeline: load, build and test, KPIs, report',
  },
  load: {
    run: lazy(
      () => import('./commands/load-command'),
      (module) => module.loadCommand,
    ),
    summary: 'load the raw CSV files into schema raw',
  },
  build: {
    run: lazy(
      () => import('./commands/build-command'),
      (module) => module.buildCommand('build'),
    ),
    summary: 'build the SQL models and run their data tests',
  },
  test: {
    run: lazy(
      () => import('./commands/build-command'),
      (module) => module.buildCommand('test'),
    ),
    summary: 'run the data tests against the models as they are',
  },
  seed: {
    run: lazy(
      () => import('./commands/seed-command'),
      (module) => module.seedCommand,
    ),
    summary: 'load the reference CSVs of sql/seeds/ into tables (COPY)',
  },
  compile: {
    run: lazy(
      () => import('./commands/compile-command'),
      (module) => module.compileCommand,
    ),
    summary: 'write the compiled SQL to target/compiled/ (no warehouse needed)',
  },
  docs: {
    run: lazy(
      () => import('./commands/docs-command'),
      (module) => module.docsCommand,
    ),
    summary: 'write the documentation site (models, columns, tests, lineage) to target/docs/',
  },
  kpis: {
    run: lazy(
      () => import('./commands/kpis-command'),
      (module) => module.kpisCommand,
    ),
    summary: 'compute the KPIs of sql/analysis into target/kpis.json',
  },
  types: {
    run: lazy(
      () => import('./commands/types-command'),
      (module) => module.typesCommand,
    ),
    summary: 'write TypeScript types of the marts, KPI rows and metric queries to target/types/',
  },
  profile: {
    run: lazy(
      () => import('./commands/profile-command'),
      (module) => module.profileCommand,
    ),
    summary: 'load the dataset and profile the raw tables: keys, references, findings',
  },
  report: {
    run: lazy(
      () => import('./commands/report-command'),
      (module) => module.reportCommand,
    ),
    summary: 'write target/report.html from the last run',
  },
  query: {
    run: lazy(
      () => import('./commands/query-command'),
      (module) => module.queryCommand,
    ),
    summary: 'answer metrics by any dimension (the metrics layer of the project YAML)',
  },
  show: {
    run: lazy(
      () => import('./commands/show-command'),
      (module) => module.showCommand,
    ),
    summary: 'preview the rows of a model or of a query (the limit goes into the query)',
  },
  notebooks: {
    run: lazy(
      () => import('./commands/notebooks-command'),
      (module) => module.notebooksCommand,
    ),
    summary: 'execute the notebooks headlessly into target/notebooks',
  },
  schema: {
    run: lazy(
      () => import('./commands/schema-command'),
      (module) => module.schemaCommand,
    ),
    summary: 'derive the warehouse design: ER diagram and schema document',
  },
  generate: {
    run: lazy(
      () => import('./commands/generate-command'),
      (module) => module.generateCommand,
    ),
    summary: 'write a simulated café-chain dataset in the raw contract',
  },
  snapshot: {
    run: lazy(
      () => import('./commands/snapshot-command'),
      (module) => module.snapshotCommand,
    ),
    summary: 'take the snapshots of sql/snapshots (type-2 history of changing rows)',
  },
  freshness: {
    run: lazy(
      () => import('./commands/freshness-command'),
      (module) => module.freshnessCommand,
    ),
    summary: "check the sources' freshness (loaded_at_field) into target/sources.json",
  },
  history: {
    run: lazy(
      () => import('./commands/history-command'),
      (module) => module.historyCommand,
    ),
    summary: 'list the runs recorded in the warehouse (etl_meta): status, loads, checksums',
  },
  diff: {
    run: lazy(
      () => import('./commands/diff-command'),
      (module) => module.diffCommand,
    ),
    summary: 'what changed since a kept run: rows, KPI deltas split into data and code effects',
  },
  state: {
    run: lazy(
      () => import('./commands/state-command'),
      (module) => module.stateCommand,
    ),
    summary: 'list or clean the runs kept for diff (run --keep-state)',
  },
  warehouse: {
    run: lazy(
      () => import('./commands/warehouse-command'),
      (module) => module.warehouseCommand,
    ),
    summary: 'start, stop or inspect the local embedded PostgreSQL',
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return `Usage: etl-workbook <command> [options]   (etl-workbook <command> --help for details)

Commands:
${lines.join('\n')}`;
}

/** The CLI: returns the exit code (0 success, 1 a load/model/test failed, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nRun \`etl-workbook ${name} --help\` for the options.\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `etl-workbook ${name} failed: ${redactSecrets(message, secretsFromEnvironment())}\n`,
    );
    if (process.env.ETL_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

function secretsFromEnvironment(): string[] {
  const env = process.env;
  const fromUrl = (url?: string) => {
    try {
      return url ? decodeURIComponent(new URL(url).password) : undefined;
    } catch {
      return undefined;
    }
  };
  return [
    env.PGPASSWORD,
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
    fromUrl(env.DATABASE_URL),
    fromUrl(env.REDSHIFT_URL),
  ].filter((s): s is string => Boolean(s));
}
