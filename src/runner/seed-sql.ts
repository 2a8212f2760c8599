import type { SeedNode } from '../models/compiled-project';
import { SEED_ROWS_PER_INSERT, seedRecords } from '../models/seed-records';
import type { Dialect } from '../warehouse/dialect';
import { tempName } from './materializations';
import type { PlannedStatement, Recovery } from './plan-types';

/** wrong_object_type: a view stands where the seed's table goes. */
const WRONG_OBJECT_TYPE = ['42809'];

/**
 * The statements filling the new table: one COPY from the client, or, where COPY reads only from
 * cloud storage (Redshift), INSERT … VALUES in batches (compile refuses seeds above
 * MAX_INSERT_SEED_BYTES there). Untyped literals take the column's type, as COPY's text does.
 */
function loadRows(seed: SeedNode, dialect: Dialect, temp: string, columns: string[]): PlannedStatement[] {
  if (dialect.supportsCopyFromStdin) {
    return [
      {
        sql: `copy ${temp} (${columns.join(', ')}) from stdin with (format csv, header true, encoding 'UTF8')`,
        copiesCsv: true,
        reportsRows: true,
      },
    ];
  }
  const records = seedRecords(seed.csv);
  const statements: PlannedStatement[] = [];
  for (let start = 0; start < records.length; start += SEED_ROWS_PER_INSERT) {
    const values = records
      .slice(start, start + SEED_ROWS_PER_INSERT)
      .map(
        (record) =>
          `  (${record.map((value) => (value === null ? 'null' : dialect.quoteLiteral(value))).join(', ')})`,
      );
    statements.push({
      sql: `insert into ${temp} (${columns.join(', ')}) values\n${values.join(',\n')}`,
      reportsRows: true,
    });
  }
  return statements;
}

/**
 * A seed's statements: create `<name>__etl_new` with the typed columns, COPY the CSV into it
 * (one statement, never row by row), then swap it in as a table model does (drop the old with
 * cascade and rename, in one transaction). A bad value fails the COPY and leaves the old table.
 */
export function seedStatements(
  seed: SeedNode,
  dialect: Dialect,
): { statements: PlannedStatement[]; recoveries: Recovery[] } {
  const relation = dialect.relation(seed.schema, seed.name);
  const temp = dialect.relation(seed.schema, tempName(seed.name, dialect.maxIdentifierLength));
  const columns = seed.columns.map((column) => dialect.quoteIdentifier(column.name));
  const rename = { sql: `alter table ${temp} rename to ${dialect.quoteIdentifier(seed.name)}` };
  const analyze = { sql: dialect.analyze(relation) };
  const swap = (drop: string): PlannedStatement[] =>
    dialect.supportsTransactionalDdl
      ? [{ sql: 'begin' }, { sql: drop }, rename, { sql: 'commit' }]
      : [{ sql: drop }, rename];
  const statements: PlannedStatement[] = [
    { sql: `drop table if exists ${temp}` },
    {
      sql: `create table ${temp} (\n${seed.columns.map((column, i) => `  ${columns[i]} ${column.type}`).join(',\n')}\n)`,
    },
    ...loadRows(seed, dialect, temp, columns),
    ...swap(`drop table if exists ${relation} cascade`),
    analyze,
  ];
  const dropAt = statements.findIndex(
    (s) => s.sql.startsWith('drop table if exists') && s.sql.includes(' cascade'),
  );
  return {
    statements,
    recoveries: [
      {
        at: dropAt,
        codes: WRONG_OBJECT_TYPE,
        reason: 'a view stands where the seed goes',
        statements: [...swap(`drop view if exists ${relation} cascade`), analyze],
      },
    ],
  };
}
