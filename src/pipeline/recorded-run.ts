import { cliVersion } from '../history/cli-version';
import { projectChecksum } from '../history/project-checksum';
import { type RecordedCommand, type RunOutcome, RunRecorder } from '../history/run-recorder';
import type { Warehouse } from '../warehouse/warehouse';

export interface RecordedRunOptions {
  command: RecordedCommand;
  dataDir?: string;
  /** The SQL project, whose checksum the history keeps. */
  projectDir?: string;
  /** Told when the history could not be written after the work (the work's outcome still stands). */
  onHistoryError?: (message: string) => void;
}

/**
 * Runs `work` as one entry of the run history (etl_meta): a `running` row first, then `outcome`
 * of the result as the final status, or an error status with the message when `work` throws (the
 * error is rethrown). A process killed in between leaves the row `running`, never `success`.
 */
export async function recordedRun<R>(
  warehouse: Warehouse,
  options: RecordedRunOptions,
  work: (recorder: RunRecorder) => Promise<R>,
  outcome: (result: R) => RunOutcome,
): Promise<R> {
  const recorder = await RunRecorder.start(warehouse, {
    command: options.command,
    dataDir: options.dataDir,
    projectChecksum: options.projectDir ? await projectChecksum(options.projectDir) : undefined,
    cliVersion: cliVersion(),
  });
  let result: R;
  try {
    result = await work(recorder);
  } catch (error) {
    await recorder.finish({ exitCode: 1, message: (error as Error).message });
    throw error;
  }
  await recorder.finish(outcome(result));
  for (const message of recorder.writeErrors) {
    options.onHistoryError?.(
      `warning: the run history (etl_meta) could not record ${message}. The run itself is reported as it ended.`,
    );
  }
  return result;
}
