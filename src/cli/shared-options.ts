/** Options several commands take, declared once with their help line. */

/** `--no-wait`: load, seed, build, run, profile (every command that takes the run lock). */
export const NO_WAIT_OPTION = { 'no-wait': { type: 'boolean' } } as const;
export const NO_WAIT_HELP = `  --no-wait         fail at once if another run is writing to the warehouse`;

/** `--full-refresh`: build, run and seed. */
export const FULL_REFRESH_OPTION = { 'full-refresh': { type: 'boolean' } } as const;
export const FULL_REFRESH_HELP = `  --full-refresh    rebuild incremental models whole instead of adding the new rows`;

/** `--threads N`: build, test, run and seed (validated by selectionFrom). */
export const THREADS_OPTION = { threads: { type: 'string' } } as const;

/** True when `--no-wait` was given. */
export function noWait(values: Record<string, unknown>): boolean {
  return values['no-wait'] === true;
}
