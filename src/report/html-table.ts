import { escapeHtml } from '../html/escape-html';
import { formatValue, type ValueKind } from './format-value';

/** A table column: which field, its heading and how its values are written. */
export type TableColumn = { field: string; label: string; kind: ValueKind };

/** An HTML table of `rows` (text escaped; numbers formatted and right-aligned). */
export function htmlTable(
  columns: readonly TableColumn[],
  rows: readonly Record<string, unknown>[],
  id: string,
): string {
  const head = columns
    .map(
      (column) =>
        `<th scope="col"${column.kind === 'text' ? '' : ' class="num"'}>${escapeHtml(column.label)}</th>`,
    )
    .join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((column) => {
        const text = escapeHtml(formatValue(row[column.field], column.kind));
        return column.kind === 'text' ? `<td>${text}</td>` : `<td class="num">${text}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table data-table="${escapeHtml(id)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
