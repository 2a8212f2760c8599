import { redactSecrets } from '../config/redact';
import { buildCommand } from './commands/build-command';
import { generateCommand } from './commands/generate-command';
import { kpisCommand } from './commands/kpis-command';
import { loadCommand } from './commands/load-command';
import { runCommand } from './commands/run-command';
import { warehouseCommand } from './commands/warehouse-command';
import { UsageError } from './options';

type Command = { run: (argv: string[]) => Promise<number>; summary: string };

export const COMMANDS: Record<string, Command> = {
  run: { run: runCommand, summary: 'the whole pipeline: load, build and test, KPIs, report' },
  load: { run: loadCommand, summary: 'load the raw CSV files into schema raw' },
  build: { run: buildCommand('build'), summary: 'build the SQL models and run their data tests' },
  test: { run: buildCommand('test'), summary: 'run the data tests against the models as they are' },
  kpis: { run: kpisCommand, summary: 'compute the KPIs of sql/analysis into target/kpis.json' },
  generate: { run: generateCommand, summary: 'write a simulated café-chain dataset in the raw contract' },
  warehouse: { run: warehouseCommand, summary: 'start, stop or inspect the local embedded PostgreSQL' },
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
