import { join } from 'node:path';
import { displayPath } from '../../paths/display-path';
import { projectRoot } from '../../paths/project-root';
import { EmbeddedServer } from '../../warehouse/embedded-server';
import { parseCommand, UsageError } from '../options';
import { Reporter } from '../reporter';

export const WAREHOUSE_HELP = `etl-workbook warehouse start|stop|status

Manages the local embedded PostgreSQL (data in .warehouse/, listening on 127.0.0.1 only).
  start    start it and keep it running after runs (notebooks, psql can connect meanwhile)
  stop     stop it (open transactions roll back)
  status   say whether it runs, its pid, port and data folder`;

export async function warehouseCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, {});
  if (values.help) {
    process.stdout.write(`${WAREHOUSE_HELP}\n`);
    return 0;
  }
  const reporter = new Reporter(Boolean(values.quiet));
  // Same home as every other command (openWarehouse): ETL_WAREHOUSE_HOME, else <project>/.warehouse.
  const home = process.env.ETL_WAREHOUSE_HOME ?? join(projectRoot(), '.warehouse');
  const server = new EmbeddedServer(home, (message) => reporter.info(message));
  const action = positionals[0];
  if (action === 'start') {
    const { connection } = await server.ensure();
    await server.setKeepRunning(true);
    reporter.summary(
      `Embedded PostgreSQL running on ${connection.host}:${connection.port}, database ${connection.database}, user ${connection.user} (password in ${displayPath(join(home, 'credentials'))}).`,
    );
    return 0;
  }
  if (action === 'stop') {
    await server.setKeepRunning(false);
    reporter.summary(
      (await server.stop()) ? 'Embedded PostgreSQL stopped.' : 'Embedded PostgreSQL was not running.',
    );
    return 0;
  }
  if (action === 'status') {
    const status = await server.status();
    reporter.summary(
      status.running
        ? `running: pid ${status.pid}, 127.0.0.1:${status.port}, data ${status.dataDir}`
        : `not running (data ${status.dataDir})`,
    );
    return 0;
  }
  throw new UsageError(
    `Unknown warehouse action ${JSON.stringify(action ?? '')}: use start, stop or status.`,
  );
}
