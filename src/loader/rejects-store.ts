import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeArtifact } from '../artifacts/write-artifact';
import type { Dialect } from '../warehouse/dialect';
import type { Session } from '../warehouse/warehouse';
import type { RejectedRow } from './quarantine-splitter';

/**
 * Rows set aside by `--max-bad-rows` live in schema `raw_rejects` (one table per raw table, so
 * the raw schema holds the contract's tables only) and in `<out>/rejects/<table>.csv`. A load
 * that sets nothing aside removes both, so they always describe the table's current load.
 */
export const REJECTS_SCHEMA = 'raw_rejects';

export function rejectsRelation(dialect: Dialect, table: string): string {
  return dialect.relation(REJECTS_SCHEMA, table);
}

/** The statement that forgets a table's previous rejects (no error when there are none). */
export function clearRejectsSql(dialect: Dialect, table: string): string {
  return `drop table if exists ${rejectsRelation(dialect, table)}`;
}

/** Replaces the table's rejects, inside the load's transaction. Values travel as bind parameters. */
export async function saveRejects(
  session: Session,
  dialect: Dialect,
  table: string,
  file: string,
  rejects: readonly RejectedRow[],
): Promise<void> {
  const relation = rejectsRelation(dialect, table);
  await session.query(clearRejectsSql(dialect, table));
  if (rejects.length === 0) return;
  await session.query(dialect.createSchema(REJECTS_SCHEMA));
  await session.query(
    `create table ${relation} (file text not null, line bigint not null, reason text not null, raw_record text not null, loaded_at timestamptz not null default now())`,
  );
  for (const reject of rejects) {
    await session.query(`insert into ${relation} (file, line, reason, raw_record) values ($1, $2, $3, $4)`, [
      file,
      reject.line,
      reject.reason,
      reject.raw,
    ]);
  }
}

/** Writes `<dir>/<table>.csv` (line, reason, raw_record), or removes it when there is nothing to say. */
export async function writeRejectsFile(
  dir: string | undefined,
  table: string,
  rejects: readonly RejectedRow[],
): Promise<string | undefined> {
  if (!dir) return undefined;
  if (rejects.length === 0) {
    await rm(join(dir, `${table}.csv`), { force: true });
    return undefined;
  }
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const lines = rejects.map((r) => `${r.line},${quote(r.reason)},${quote(r.raw)}`);
  return writeArtifact(dir, `${table}.csv`, `line,reason,raw_record\n${lines.join('\n')}\n`);
}
