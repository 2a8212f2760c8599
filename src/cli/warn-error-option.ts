import { parseWarnErrorOptions, WARN_ERROR_ALL, type WarnErrorOptions } from '../runner/warn-error';
import { UsageError } from './options';

/** dbt's `--warn-error` and `--warn-error-options` of run, build and test. */
export const WARN_ERROR_OPTION = {
  'warn-error': { type: 'boolean' },
  'warn-error-options': { type: 'string' },
} as const;

export const WARN_ERROR_HELP = `  --warn-error      every data test of severity warn that finds rows fails like an error
  --warn-error-options JSON
                    only some: '{"include": "all" | [test names], "exclude": [test names]}'`;

export function warnErrorFrom(values: Record<string, unknown>): WarnErrorOptions | undefined {
  const json = values['warn-error-options'];
  if (values['warn-error'] === true) {
    if (json !== undefined)
      throw new UsageError(
        'Give --warn-error or --warn-error-options, not both (--warn-error is {"include": "all"}).',
      );
    return WARN_ERROR_ALL;
  }
  if (json === undefined) return undefined;
  try {
    return parseWarnErrorOptions(String(json));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
