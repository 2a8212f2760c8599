import { UsageError } from './options';
import { NO_WAIT_HELP, NO_WAIT_OPTION, THREADS_OPTION } from './shared-options';

/** The options build and test share with dbt. */
export const SELECTION_OPTIONS = {
  select: { type: 'string', short: 's', multiple: true },
  exclude: { type: 'string', multiple: true },
  state: { type: 'string' },
  ...THREADS_OPTION,
  ...NO_WAIT_OPTION,
} as const;

export const SELECTION_HELP = `  -s, --select SEL  what to run, dbt's syntax (repeatable): name, +name (and ancestors),
                    name+ (and descendants), tag:x, path:marts, resource_type:test;
                    a,b is an intersection; state:modified(+) what changed since --state
  --exclude SEL     what not to run (same syntax, repeatable)
  --state DIR       folder with the manifest.json of an earlier run, for state:modified
  --threads N       models built at once, each on its own connection (default 4)
${NO_WAIT_HELP}`;

export interface Selection {
  select?: string[];
  exclude?: string[];
  threads?: number;
  /** `--state DIR`: the saved manifest state:modified compares with. */
  stateDir?: string;
}

/** `-s a -s "b c"` → ['a', 'b', 'c'] (dbt splits each value on spaces too). */
export function selectionFrom(values: Record<string, unknown>): Selection {
  const split = (list: unknown) =>
    Array.isArray(list) ? list.flatMap((value) => String(value).split(/\s+/)).filter(Boolean) : undefined;
  let threads: number | undefined;
  if (values.threads !== undefined) {
    threads = Number(values.threads);
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new UsageError(`--threads must be a whole number from 1 to 64, got ${values.threads}.`);
    }
  }
  const stateDir = values.state === undefined ? undefined : String(values.state);
  return { select: split(values.select), exclude: split(values.exclude), threads, stateDir };
}
