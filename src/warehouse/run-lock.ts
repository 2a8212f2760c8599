import type { Session, Warehouse } from './warehouse';

/** Advisory-lock key shared by every etl-workbook run against one database ("etlwb" in hex). */
const RUN_LOCK_KEY = 0x65746c7762;

/**
 * Serializes writers: a load or build holds a session-level advisory lock for its whole
 * duration, so two runs against one warehouse (two terminals, a notebook and the CLI) never
 * interleave their writes. Readers take no lock and keep working during a build. A second run
 * waits, saying so; with `wait: false` it fails fast instead.
 */
export async function withRunLock<T>(
  warehouse: Warehouse,
  work: () => Promise<T>,
  options: { wait?: boolean; onWait?: (holder: string) => void } = {},
): Promise<T> {
  if (!warehouse.dialect.supportsAdvisoryLocks) return work();
  return warehouse.withSession(async (session) => {
    const got = await session.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [RUN_LOCK_KEY]);
    if (!got.rows[0]?.ok) {
      const holder = await lockHolder(session);
      if (options.wait === false) {
        throw new Error(
          `Another etl-workbook run (${holder}) is writing to ${warehouse.description}. Wait for it to finish, or run again without --no-wait to queue behind it.`,
        );
      }
      options.onWait?.(holder);
      await session.query('select pg_advisory_lock($1)', [RUN_LOCK_KEY]);
    }
    try {
      return await work();
    } finally {
      await session.query('select pg_advisory_unlock($1)', [RUN_LOCK_KEY]).catch(() => {});
    }
  });
}

async function lockHolder(session: Session): Promise<string> {
  const result = await session.query<{ pid: number; application_name: string; since: string }>(
    `select a.pid, a.application_name, to_char(a.backend_start, 'HH24:MI:SS') as since
       from pg_locks l join pg_stat_activity a using (pid)
      where l.locktype = 'advisory' and l.granted and l.objid = $1::bigint % 4294967296`,
    [RUN_LOCK_KEY],
  );
  const row = result.rows[0];
  return row
    ? `backend ${row.pid}${row.application_name ? `, ${row.application_name}` : ''}, connected since ${row.since}`
    : 'unknown';
}
