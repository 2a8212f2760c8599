import type { Dialect } from '../warehouse/dialect';
import type { SnapshotSpec } from './snapshot-spec';

export interface SnapshotSqlInput {
  spec: SnapshotSpec;
  dialect: Dialect;
  /** The quoted relation read (the source table or model). */
  source: string;
  /** The quoted snapshot table. */
  target: string;
  /** The source's columns, in order. */
  columns: string[];
  /** The snapshot's time: valid_from of check-strategy versions and valid_to of closed ones. */
  at: Date;
}

/** dbt's meta columns, in dbt's names and order. */
export const META_COLUMNS = ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to'] as const;

/**
 * The statements of one snapshot, in the way dbt defines snapshots, spelled so PostgreSQL and
 * Redshift both run them (UPDATE … FROM and INSERT … SELECT; no MERGE, ON CONFLICT, IS DISTINCT
 * FROM or arrays). `create` is for the first time; `update` closes the versions that changed or
 * disappeared and inserts the new ones. The caller runs either list in one transaction.
 */
export function snapshotSql(input: SnapshotSqlInput): { create: string[]; update: string[] } {
  const { spec, dialect: d, source, target } = input;
  const q = (name: string) => d.quoteIdentifier(name);
  const at = `cast(${d.quoteLiteral(isoLocal(input.at))} as timestamp)`;
  const updated = (alias: string) =>
    spec.strategy === 'timestamp' ? `cast(${alias}.${q(spec.updatedAt as string)} as timestamp)` : at;
  const scdId = (alias: string, validFrom: string) =>
    `md5(${[...spec.uniqueKey.map((k) => `${alias}.${q(k)}`), validFrom]
      .map((e) => `coalesce(cast(${e} as varchar(256)), '')`)
      .join(` || '|' || `)})`;
  const keyMatch = (a: string, b: string) =>
    spec.uniqueKey.map((k) => `${a}.${q(k)} = ${b}.${q(k)}`).join(' and ');
  const deleted = spec.hardDeletes === 'new_record';
  const columns = input.columns.map(q);
  const metaColumns = [...META_COLUMNS, ...(deleted ? ['dbt_is_deleted'] : [])].map(q);
  const allColumns = [...columns, ...metaColumns].join(', ');
  const newVersion = (alias: string, validFrom: string) =>
    [
      ...columns.map((c) => `${alias}.${c}`),
      `${scdId(alias, validFrom)} as dbt_scd_id`,
      `${updated(alias)} as dbt_updated_at`,
      `${validFrom} as dbt_valid_from`,
      'cast(null as timestamp) as dbt_valid_to',
      ...(deleted ? [`cast('False' as varchar(5)) as dbt_is_deleted`] : []),
    ].join(', ');
  const checked = spec.checkCols === 'all' || !spec.checkCols ? input.columns : spec.checkCols;
  // A null on one side only is a change; `IS DISTINCT FROM` would say so, but Redshift lacks it.
  const differs = (a: string, b: string) =>
    checked.map(
      (c) =>
        `not (coalesce(${a}.${q(c)} = ${b}.${q(c)}, false) or (${a}.${q(c)} is null and ${b}.${q(c)} is null))`,
    );
  const changed = (s: string, t: string) =>
    [
      ...(spec.strategy === 'timestamp' ? [`${updated(s)} > ${t}.${q('dbt_updated_at')}`] : differs(s, t)),
      ...(deleted ? [`${t}.${q('dbt_is_deleted')} = 'True'`] : []),
    ].join(' or ');
  const current = (t: string) => `${t}.${q('dbt_valid_to')} is null`;
  const inSource = (t: string) => `exists (select 1 from ${source} s2 where ${keyMatch('s2', t)})`;

  const create = [`create table ${target} as\nselect ${newVersion('s', updated('s'))} from ${source} s`];
  const update = [
    // 1. a new version for every key whose current version changed…
    `insert into ${target} (${allColumns})
select ${newVersion('s', updated('s'))}
from ${source} s join ${target} t on ${keyMatch('s', 't')} and ${current('t')}
where ${changed('s', 't')}`,
    // 2. …which closes that current version (the new one, equal to the source, does not match)
    `update ${target} set ${q('dbt_valid_to')} = ${updated('s')}
from ${source} s
where ${keyMatch('s', target)} and ${current(target)} and ${q('dbt_scd_id')} <> ${scdId('s', updated('s'))}
  and (${changed('s', target)})`,
    // 3. keys with no current version: new, or back after a delete under `invalidate`
    `insert into ${target} (${allColumns})
select ${newVersion('s', updated('s'))}
from ${source} s
where not exists (select 1 from ${target} t where ${keyMatch('s', 't')} and ${current('t')})`,
    ...hardDeleteSql(),
  ];
  return { create, update };

  function hardDeleteSql(): string[] {
    if (spec.hardDeletes === 'ignore') return [];
    const gone = `${current(target)} and not ${inSource(target)}`;
    if (spec.hardDeletes === 'invalidate')
      return [`update ${target} set ${q('dbt_valid_to')} = ${at} where ${gone}`];
    // new_record: a deletion row (dbt_is_deleted = 'True') follows the closed version
    return [
      `insert into ${target} (${allColumns})
select ${[...columns.map((c) => `t.${c}`), scdId('t', at), at, at, 'cast(null as timestamp)', `'True'`].join(', ')}
from ${target} t
where ${current('t')} and t.${q('dbt_is_deleted')} = 'False' and not ${inSource('t')}`,
      `update ${target} set ${q('dbt_valid_to')} = ${at}
where ${current(target)} and ${q('dbt_is_deleted')} = 'False' and not ${inSource(target)}`,
    ];
  }
}

/** `2024-07-01 00:00:00.000`: the UTC wall time, as the warehouse's timestamp columns hold it. */
function isoLocal(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
