import { strict as assert } from 'node:assert';
import { newestValueSql } from '../../src/freshness/check-freshness';
import { historyDdl } from '../../src/history/history-tables';
import { volumeQueries } from '../../src/history/volume-store';
import { storeDayCountSql } from '../../src/pipeline/volume-step';
import type { SnapshotSpec } from '../../src/snapshots/snapshot-spec';
import { snapshotSql } from '../../src/snapshots/snapshot-sql';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';
import { type CheckResult, checkRedshiftScript, loadParser } from '../support/redshift-sql-check';

function assertAccepted(result: CheckResult, what: string): void {
  if (!result.ok) assert.fail(`${what} does not parse: line ${result.line}: ${result.message}`);
  const lines = result.findings.map((f) => `  line ${f.line}: ${f.entry.construct}\n    ${f.statement}`);
  assert.equal(lines.length, 0, `${what} uses constructs Redshift refuses:\n${lines.join('\n')}`);
  assert.ok(result.statements > 0);
}

const dialect = new RedshiftDialect();
const base: SnapshotSpec = {
  name: 'snp_products',
  relation: { kind: 'source', source: 'raw', table: 'raw_products' },
  schema: 'snapshots',
  uniqueKey: ['sku'],
  strategy: 'check',
  checkCols: ['price'],
  hardDeletes: 'ignore',
  declaredAt: 'test',
};

describe('history and snapshot SQL in the Redshift deny-list check (issue 11’s parser)', () => {
  before(async function () {
    this.timeout(20_000);
    await loadParser();
  });

  it('the etl_meta DDL', () => {
    assertAccepted(checkRedshiftScript(`${historyDdl({ dialect }).join(';\n')};`), 'historyDdl');
  });

  it('the volume counts and history queries, and the freshness query', () => {
    const queries = volumeQueries({ dialect });
    const statements = [
      storeDayCountSql(dialect),
      queries.previousRuns,
      queries.countsOf(3),
      queries.newestRunWithCounts,
      queries.warningsOf,
      newestValueSql(dialect, '"raw"."raw_orders"', 'ordered_at'),
    ];
    // bind parameters as literals: the parser checks SQL text
    assertAccepted(
      checkRedshiftScript(`${statements.join(';\n').replace(/\$\d+/g, "'x'")};`),
      'volume and freshness',
    );
  });

  const variants: Array<[string, Partial<SnapshotSpec>]> = [
    ['check, one key, ignore', {}],
    [
      'check all, composite key, invalidate',
      { checkCols: 'all', uniqueKey: ['id', 'sku'], hardDeletes: 'invalidate' },
    ],
    [
      'timestamp, new_record',
      { strategy: 'timestamp', updatedAt: 'updated_at', checkCols: undefined, hardDeletes: 'new_record' },
    ],
  ];
  for (const [name, overrides] of variants) {
    it(`snapshot statements: ${name}`, () => {
      const sql = snapshotSql({
        spec: { ...base, ...overrides },
        dialect,
        source: '"raw"."raw_products"',
        target: '"snapshots"."snp_products"',
        columns: ['id', 'sku', 'name', 'price', 'updated_at'],
        at: new Date('2024-07-01T00:00:00Z'),
      });
      assertAccepted(checkRedshiftScript(`${[...sql.create, ...sql.update].join(';\n')};`), name);
      assert.doesNotMatch(
        [...sql.create, ...sql.update].join('\n'),
        /\bmerge\b|is distinct from|on conflict/i,
      );
    });
  }
});
