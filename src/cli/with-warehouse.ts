import { openWarehouse } from '../warehouse/open-warehouse';
import { withRunLock } from '../warehouse/run-lock';
import type { Warehouse } from '../warehouse/warehouse';
import type { CommonOptions } from './options';
import type { Reporter } from './reporter';

/**
 * Opens the target for one command and always closes it, stopping an embedded server the
 * command started (unless others use it). Ctrl-C closes the connections — PostgreSQL rolls back
 * whatever transaction was in flight — stops the server if we started it, and exits 130.
 */
export async function withWarehouse<T>(
  options: CommonOptions,
  reporter: Reporter,
  work: (warehouse: Warehouse) => Promise<T>,
): Promise<T> {
  const warehouse = await openWarehouse({
    target: options.target,
    stopServer: 'if-idle',
    log: (message) => reporter.info(message),
  });
  reporter.progress(`Warehouse: ${warehouse.description}`);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    reporter.error(`\n${signal} received: rolling back the work in flight and stopping…`);
    (warehouse.abort ? warehouse.abort() : warehouse.close())
      .catch(() => {})
      .finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(warehouse);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!interrupted) await warehouse.close();
  }
}

/**
 * withWarehouse, holding the warehouse's run lock around `work`: a second writer waits with a
 * message naming the holder, or fails at once with `noWait` (--no-wait).
 */
export function withLockedWarehouse<T>(
  options: CommonOptions,
  reporter: Reporter,
  noWait: boolean,
  work: (warehouse: Warehouse) => Promise<T>,
): Promise<T> {
  return withWarehouse(options, reporter, (warehouse) =>
    withRunLock(warehouse, () => work(warehouse), {
      wait: !noWait,
      onWait: (holder) => reporter.info(`Waiting for another run to finish (${holder})…`),
    }),
  );
}
