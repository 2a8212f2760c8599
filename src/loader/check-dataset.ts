import { join } from 'node:path';
import { checkHeader } from './check-header';
import { RAW_CONTRACT } from './contract';
import { readHeader } from './read-header';

/** One file's contract check, as a notebook or the CLI shows it. */
export interface ContractCheck {
  file: string;
  table: string;
  columns: string;
  status: 'ok' | 'refused';
  problem: string;
}

/** Checks every file of the dataset against the raw contract (headers only, nothing is loaded). */
export async function checkDatasetContract(dataDir: string): Promise<ContractCheck[]> {
  return Promise.all(
    RAW_CONTRACT.map(async (table) => {
      const path = join(dataDir, table.file);
      const row = { file: table.file, table: `raw.${table.table}`, columns: '' };
      try {
        const columns = checkHeader(path, await readHeader(path), table);
        return { ...row, columns: columns.join(', '), status: 'ok' as const, problem: '' };
      } catch (error) {
        return { ...row, status: 'refused' as const, problem: (error as Error).message };
      }
    }),
  );
}
