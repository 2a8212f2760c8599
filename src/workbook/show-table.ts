import { tslabDisplay } from '../charts/tslab-display';
import { at } from '../common/at';
import { escapeHtml } from '../html/escape-html';

type Row = Record<string, unknown>;

/** What showTable accepts: rows, or a danfojs DataFrame (anything with `columns` and `values`). */
export type TableData = readonly object[] | { columns: string[]; values: unknown[][] | unknown[] };

export interface ShowTableOptions {
  title?: string;
  /** At most this many rows are shown (default 50); the caption says how many there are. */
  limit?: number;
}

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
 * Shows a table in a notebook as one display message: HTML for Jupyter and VS Code, aligned
 * text for everything else. Outside a tslab kernel it prints the text.
 */
export function showTable(data: TableData, options: ShowTableOptions = {}): void {
  const rows = tableRows(data);
  const limit = options.limit ?? 50;
  const shown = rows.slice(0, limit);
  const columns = [...new Set(shown.flatMap((row) => Object.keys(row)))];
  const more = rows.length > shown.length ? ` (first ${shown.length} of ${rows.length} rows)` : '';
  const caption = options.title ? `${options.title}${more}` : more.trim();
  const bundle = {
    data: {
      'text/html': tableHtml(columns, shown, caption),
      'text/plain': tableText(columns, shown, caption),
    },
    metadata: {},
  };
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

function tableHtml(columns: string[], rows: Row[], caption: string): string {
  const numeric = (column: string) =>
    rows.every((row) => row[column] === null || typeof row[column] === 'number');
  const align = (column: string) => (numeric(column) ? ' style="text-align:right"' : '');
  const head = columns.map((column) => `<th${align(column)}>${escapeHtml(column)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${columns.map((column) => `<td${align(column)}>${escapeHtml(cell(row[column]))}</td>`).join('')}</tr>`,
    )
    .join('');
  const title = caption ? `<caption style="text-align:left">${escapeHtml(caption)}</caption>` : '';
  return `<table>${title}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
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
