import { resolve } from 'node:path';
import { generateDataset, HALF_YEARLY_CHANGES, NO_QUIRKS } from '../../generate';
import { parseCommand, UsageError } from '../options';
import { Reporter } from '../reporter';

export const GENERATE_HELP = `etl-workbook generate [--years N] [--seed S] [--start YYYY-MM-DD] --out DIR

Writes a simulated café-chain dataset in the raw data contract (six CSV files). The same
years, seed and start give byte-identical files. It streams, so 10 years need little memory.

  --years N         simulated years (default 1)
  --seed S          random seed (default 42)
  --start DATE      first day (default 2024-01-01)
  --out DIR         output folder (required)
  --tidy            without the habits of dbt Labs' jaffle-shop generator that it imitates by
                    default (CRLF line endings, tax truncated from a float product, ~0.4% of
                    orders without items, stores listed years before they open)
  --changes         prices and tax rates change every half year (50 cents on every product, a
                    quarter of a tax point). Extracts carry no change dates, so this writes a
                    sequence: DIR/extract-1, DIR/extract-2, … (every order up to the end of each
                    price period) and DIR/extracts.json; replay them in order with
                    run --data DIR/extract-K --as-of <its as_of>`;

export async function generateCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    years: { type: 'string' },
    seed: { type: 'string' },
    start: { type: 'string' },
    tidy: { type: 'boolean' },
    changes: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${GENERATE_HELP}\n`);
    return 0;
  }
  if (!values.out) throw new UsageError('generate needs --out DIR (where to write the six CSV files).');
  const years = Number(values.years ?? 1);
  const seed = Number(values.seed ?? 42);
  if (!Number.isFinite(years) || years <= 0)
    throw new UsageError(`--years must be a positive number, got ${values.years}.`);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}.`);
  const start = values.start as string | undefined;
  if (start !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(start))
    throw new UsageError(`--start must look like 2024-01-01, got ${start}.`);
  const reporter = new Reporter(Boolean(values.quiet));
  const summary = await generateDataset({
    years,
    seed,
    out: resolve(values.out as string),
    start,
    ...(values.tidy ? { quirks: NO_QUIRKS } : {}),
    ...(values.changes ? { changes: HALF_YEARLY_CHANGES } : {}),
  });
  reporter.summary(`Wrote ${summary.out} in ${summary.seconds.toFixed(1)} s:`);
  for (const file of summary.files) {
    reporter.summary(
      `  ${file.file.padEnd(18)} ${String(file.rows).padStart(10)} rows  ${(file.bytes / 1e6).toFixed(1).padStart(7)} MB`,
    );
  }
  for (const extract of summary.extracts ?? []) {
    reporter.summary(
      `  ${extract.folder}: orders to ${extract.through}, prices from ${extract.asOf}: ` +
        `etl-workbook run --data ${summary.out}/${extract.folder} --as-of ${extract.asOf}`,
    );
  }
  return 0;
}
