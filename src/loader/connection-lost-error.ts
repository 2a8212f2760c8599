import { isConnectionLost } from '../warehouse/connection-lost';
import { LoadError } from './load-error';

/**
 * The LoadError for a load cut off by the server going away (it stopped or crashed): not the
 * file's fault, so no line and no "fix the file". Undefined for any other error.
 */
export function connectionLostError(file: string, table: string, error: unknown): LoadError | undefined {
  if (!isConnectionLost(error)) return undefined;
  return new LoadError(
    file,
    `the warehouse connection was lost while loading raw.${table} (${(error as Error).message})`,
    {},
    `Nothing was committed for raw.${table}: it keeps its previous contents. Check that the warehouse is running (etl-workbook warehouse status) and run the load again.`,
  );
}
