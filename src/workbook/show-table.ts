import { tslabDisplay } from '../charts/tslab-display';
import { at } from '../common/at';
import { interactiveTableHtml } from '../html/interactive-table';

type Row = Record<string, unknown>;

/** What showTable accepts: rows, or a danfojs DataFrame (anything with `columns` and `values`). */
export type TableData = readonly object[] | { columns: string[]; values: unknown[][] | unknown[] };

export interface ShowTableOptions {
  title?: string;
  /** At most this many rows go into the output (default 100); the note says how many there are. */
  limit?: number;
  /** Rows per page of the interactive table (default 10). */
  pageSize?: number;
  /** A line under the table (default: how many rows were left out, when some were). */
  note?: string;
}

// text-only viewers get the first rows only: the interactive table holds the rest
const TEXT_ROWS = 20;

/** Rows of a DataFrame (or rows as they are). */
export function tableRows(data: TableData): Row[] {
  if (Array.isArray(data)) return data.map((row) => ({ ...(row as Row) }));
  const frame = data as { columns: string[]; values: unknown[] };
  return frame.values.map((values) => {
    const cells = Array.isArray(values) ? values : [values];
    return Object.fromEntries(frame.columns.map((column, index) => [column, cells[index]]));
  });
}

/**
 * Shows a table in a notebook as one display message: an interactive HTML table (sort, filter,
 * pages; the static table where scripts do not run) for Jupyter and VS Code, aligned text for
 * everything else. Outside a tslab kernel it prints the text.
 */
export function showTable(data: TableData, options: ShowTableOptions = {}): void {
  const rows = tableRows(data);
  const limit = options.limit ?? 100;
  const shown = rows.slice(0, limit);
  const columns = [...new Set(shown.flatMap((row) => Object.keys(row)))];
  const left = rows.length - shown.length;
  const note =
    options.note ??
    (left > 0
      ? `First ${shown.length} of ${rows.length} rows; showTable(rows, { limit: ${rows.length} }) shows all, or page in SQL with sql.page({ size, page }).`
      : undefined);
  const numeric = (column: string) =>
    shown.every(
      (row) => row[column] === null || row[column] === undefined || typeof row[column] === 'number',
    );
  const html = interactiveTableHtml(
    columns.map((name) => ({ name, numeric: numeric(name) })),
    shown.map((row) => columns.map((column) => cell(row[column]))),
    { caption: options.title, note, pageSize: options.pageSize },
  );
  const text = tableText(columns, shown.slice(0, TEXT_ROWS), options.title ?? '');
  const more = [
    shown.length > TEXT_ROWS ? `… ${shown.length - TEXT_ROWS} more rows in the HTML table` : '',
    note ?? '',
  ].filter(Boolean);
  const bundle = { data: { 'text/html': html, 'text/plain': [text, ...more].join('\n') }, metadata: {} };
  const send = tslabDisplay();
  if (send) send(bundle as never);
  else console.log(bundle.data['text/plain']);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function tableText(columns: string[], rows: Row[], caption: string): string {
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((line) => at(line, index, 'a cell').length)),
  );
  const line = (values: string[]) =>
    values.map((value, index) => value.padEnd(at(widths, index, 'a column width'))).join('  ');
  const lines = [line(columns), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)];
  return [caption, ...lines].filter(Boolean).join('\n');
}
