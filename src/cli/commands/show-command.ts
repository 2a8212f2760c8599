import { compileSql } from '../../models/compile-sql';
import { loadProject } from '../../models/load-project';
import { formatRows, type RowFormat } from '../format-rows';
import { COMMON_HELP, commonOptions, parseCommand, UsageError } from '../options';
import { Reporter } from '../reporter';
import { withWarehouse } from '../with-warehouse';

const HELP = `etl-workbook show (-s MODEL | --inline "select …") [--limit N] [--json|--csv] [options]

Previews the rows of a model, seed or source table, or of a query that may use {{ ref('…') }} and
{{ source('…', '…') }}, like dbt show. The limit goes into the query (the warehouse returns only N
rows), so previewing a large table is cheap. Build first for models.

  -s, --select NAME  a model or seed (or source.table, e.g. raw.raw_orders)
  --inline SQL       a query to preview instead
  --limit N          rows to show (default 5)
  --json, --csv      print JSON or CSV instead of a table

${COMMON_HELP}`;

export async function showCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    select: { type: 'string', short: 's' },
    inline: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options = commonOptions(values);
  const select = values.select as string | undefined;
  const inline = values.inline as string | undefined;
  if (Boolean(select) === Boolean(inline))
    throw new UsageError('Give one of -s MODEL and --inline "select …".');
  const limit = Number(values.limit ?? 5);
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new UsageError(`--limit takes a whole number ≥ 0, got "${values.limit}".`);
  const format: RowFormat = values.json ? 'json' : values.csv ? 'csv' : 'table';
  const reporter = new Reporter(options.quiet || format !== 'table');
  return withWarehouse(options, reporter, async (warehouse) => {
    const project = await loadProject(options.project, { dialect: warehouse.dialect });
    const text = inline ?? selectAll(select as string);
    const { sql } = compileSql(project, text, { file: inline ? '--inline' : `-s ${select}` });
    const result = await warehouse.query(previewSql(sql, limit));
    const columns = result.fields.map((field) => field.name);
    process.stdout.write(formatRows(result.rows, columns, format));
    return 0;
  });
}

function selectAll(name: string): string {
  const dot = name.indexOf('.');
  const reference = dot > 0 ? `source('${name.slice(0, dot)}', '${name.slice(dot + 1)}')` : `ref('${name}')`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(name)) {
    throw new UsageError(`-s takes a model, seed or source.table name, got "${name}".`);
  }
  return `select * from {{ ${reference} }}`;
}

/** The query with the limit pushed in: the warehouse stops after N rows (a trailing `;` is dropped). */
export function previewSql(sql: string, limit: number): string {
  const body = sql.trim().replace(/;\s*$/, '');
  return `select * from (\n${body}\n) as preview\nlimit ${limit}`;
}
