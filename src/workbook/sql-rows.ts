import type { DataFrame } from 'danfojs-node';
import type { FieldInfo } from '../warehouse/warehouse';
import { type ShowTableOptions, showTable } from './show-table';

/** Rows of a `sql` query, typed by the caller, with the column names and two conveniences. */
export interface SqlRows<R> extends Array<R> {
  readonly columns: string[];
  /** The statement as sent (placeholders $1, $2, … for the values). */
  readonly statement: string;
  /** The rows as a danfojs DataFrame (danfojs loads on first use: it takes a second). */
  frame(): DataFrame;
  /** Displays the rows as a table in the notebook. */
  show(options?: ShowTableOptions): void;
}

// pg returns these as text: int8 (20) and numeric (1700) become numbers when exact enough.
const NUMERIC_TYPES = new Set([20, 1700]);

/** Rows as `sql` returns them: numeric and bigint columns as numbers (bigints beyond 2^53 stay text). */
export function typedRows<R>(
  rows: Record<string, unknown>[],
  fields: FieldInfo[],
  statement: string,
): SqlRows<R> {
  const numeric = fields.filter((field) => NUMERIC_TYPES.has(field.dataTypeID)).map((field) => field.name);
  const converted = rows.map((row) => {
    for (const name of numeric) {
      const value = row[name];
      if (typeof value === 'string') {
        const number = Number(value);
        if (Number.isFinite(number) && (!/^-?\d+$/.test(value) || Number.isSafeInteger(number)))
          row[name] = number;
      }
    }
    return row as R;
  });
  const columns = fields.map((field) => field.name);
  return Object.assign(converted, {
    columns,
    statement,
    frame(): DataFrame {
      // loaded on use: danfojs (with tensorflow.js) takes about a second to load
      const { DataFrame: Frame } = require('danfojs-node') as typeof import('danfojs-node');
      return new Frame(
        converted.length > 0 ? (converted as object[]) : undefined,
        converted.length > 0 ? undefined : { columns },
      );
    },
    show(options?: ShowTableOptions): void {
      showTable(converted as object[], options);
    },
  });
}
