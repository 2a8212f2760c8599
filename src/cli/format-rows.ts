import { at } from '../common/at';
/** How `query` and `show` print rows: an aligned text table, RFC 4180 CSV, or JSON. */
export type RowFormat = 'table' | 'csv' | 'json';

type Row = Record<string, unknown>;

export function formatRows(rows: readonly Row[], columns: readonly string[], format: RowFormat): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const lines = [columns, ...rows.map((row) => columns.map((column) => cellText(row[column])))];
    return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
  }
  const cells = rows.map((row) => columns.map((column) => cellText(row[column])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((line) => at(line, index, 'a cell').length)),
  );
  // numbers right-aligned, text left-aligned, like psql
  const numeric = columns.map((column) => rows.length > 0 && rows.every((row) => isNumeric(row[column])));
  const line = (values: string[]) =>
    values
      .map((value, index) => {
        const width = at(widths, index, 'a column width');
        return numeric[index] ? value.padStart(width) : value.padEnd(width);
      })
      .join(' | ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  const count = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  return `${[line([...columns]), rule, ...cells.map(line), count].join('\n')}\n`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isNumeric(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'number' ||
    (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
  );
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
