import { at as itemAt } from '../common/at';
import type { CompiledProject } from '../models/compiled-project';
import type { Warehouse } from '../warehouse/warehouse';
import type { SnapshotSpec } from './snapshot-spec';
import { snapshotSql } from './snapshot-sql';

export interface SnapshotResult {
  name: string;
  /** The quoted snapshot table. */
  relation: string;
  status: 'success' | 'error';
  /** True when this run created the table (its first versions). */
  created: boolean;
  /** New versions written (inserted rows) and versions closed (updated rows). */
  inserted: number;
  closed: number;
  seconds: number;
  message: string;
}

export interface TakeSnapshotsOptions {
  /** The snapshot time (default now): valid_from of new check-strategy versions, valid_to of closed ones. */
  at?: Date;
  /** Only these snapshots (by name); default all. */
  select?: string[];
}

/**
 * Takes each snapshot in its own transaction: creating it the first time, else closing changed or
 * deleted versions and inserting the new ones. A failure rolls back, leaving the previous snapshot
 * table as it was, and is reported in the result (never thrown).
 */
export async function takeSnapshots(
  warehouse: Warehouse,
  project: Pick<CompiledProject, 'sources' | 'models'>,
  specs: readonly SnapshotSpec[],
  options: TakeSnapshotsOptions = {},
): Promise<SnapshotResult[]> {
  const unknown = (options.select ?? []).filter((name) => !specs.some((spec) => spec.name === name));
  if (unknown.length) {
    throw new Error(
      `Unknown snapshot(s): ${unknown.join(', ')}. Declared: ${specs.map((s) => s.name).join(', ') || 'none'}.`,
    );
  }
  const chosen = specs.filter((spec) => !options.select || options.select.includes(spec.name));
  const at = options.at ?? new Date();
  const results: SnapshotResult[] = [];
  for (const spec of chosen) results.push(await takeOne(warehouse, project, spec, at));
  return results;
}

async function takeOne(
  warehouse: Warehouse,
  project: Pick<CompiledProject, 'sources' | 'models'>,
  spec: SnapshotSpec,
  at: Date,
): Promise<SnapshotResult> {
  const started = performance.now();
  const target = warehouse.dialect.relation(spec.schema, spec.name);
  const result: SnapshotResult = {
    name: spec.name,
    relation: target,
    status: 'success',
    created: false,
    inserted: 0,
    closed: 0,
    seconds: 0,
    message: '',
  };
  try {
    const source = sourceRelation(project, spec);
    await warehouse.query(warehouse.dialect.createSchema(spec.schema));
    await warehouse.transaction(async (session) => {
      const probe = await session.query(`select * from ${source} where 1 = 0`);
      const columns = probe.fields.map((field) => field.name);
      const existing = await session.query<{ column_name: string }>(
        'select column_name from information_schema.columns where table_schema = $1 and table_name = $2',
        [spec.schema, spec.name],
      );
      const sql = snapshotSql({ spec, dialect: warehouse.dialect, source, target, columns, at });
      if (existing.rows.length === 0) {
        result.created = true;
        const created = await session.query(itemAt(sql.create, 0, 'a create statement'));
        result.inserted = created.rowCount;
        return;
      }
      const have = new Set(existing.rows.map((row) => row.column_name));
      const missing = [...columns, ...spec.uniqueKey].filter((column) => !have.has(column));
      if (missing.length) {
        throw new Error(
          `${target} has no column ${missing.join(', ')} that ${source} now has. Add it to the snapshot table (alter table … add column) or drop the table to start the history again.`,
        );
      }
      for (const statement of sql.update) {
        const done = await session.query(statement);
        if (/^\s*insert/i.test(statement)) result.inserted += done.rowCount;
        else result.closed += done.rowCount;
      }
    });
    result.message = result.created
      ? `created with ${result.inserted} versions`
      : `${result.inserted} new versions, ${result.closed} closed`;
  } catch (error) {
    result.status = 'error';
    result.message = `snapshot ${spec.name} (${spec.declaredAt}) failed: ${(error as Error).message}. ${target} keeps its previous versions.`;
  }
  result.seconds = Number(((performance.now() - started) / 1000).toFixed(3));
  return result;
}

function sourceRelation(project: Pick<CompiledProject, 'sources' | 'models'>, spec: SnapshotSpec): string {
  const { relation } = spec;
  if (relation.kind === 'source') {
    const found = project.sources.find((s) => s.sourceName === relation.source && s.name === relation.table);
    if (!found) {
      throw new Error(
        `source('${relation.source}', '${relation.table}') is not declared in the project's sources.`,
      );
    }
    return found.relation;
  }
  const model = project.models.find((m) => m.name === relation.model);
  if (!model) throw new Error(`ref('${relation.model}') names no model of the project.`);
  return model.relation;
}
