import type { ContractTable } from './contract';
import { LoadError } from './load-error';
import type { FileHeader } from './read-header';

/**
 * Compares a file's header with the contract. Reordered columns are accepted (COPY gets the
 * file's column order); a missing, extra, renamed or duplicated column is refused, because
 * guessing would load values into the wrong column. Returns the columns in file order.
 */
export function checkHeader(file: string, header: FileHeader | undefined, table: ContractTable): string[] {
  const expected = table.columns.map((column) => column.name);
  if (!header) {
    throw new LoadError(file, 'the file is empty', {
      line: 1,
      column: 1,
      expected: `a header line: ${expected.join(',')}`,
    });
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of header.columns) {
    if (seen.has(name)) problems.push(`column "${name}" appears twice`);
    seen.add(name);
  }
  const missing = expected.filter((name) => !seen.has(name));
  const extra = header.columns.filter((name) => !expected.includes(name));
  if (missing.length)
    problems.push(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')}`,
    );
  if (extra.length)
    problems.push(`unexpected column${extra.length > 1 ? 's' : ''} ${extra.map((n) => `"${n}"`).join(', ')}`);
  if (problems.length) {
    const firstBad = header.columns.findIndex(
      (name) => !expected.includes(name) || header.columns.indexOf(name) !== header.columns.lastIndexOf(name),
    );
    throw new LoadError(
      file,
      `the header does not match the contract of ${table.table}: ${problems.join('; ')}`,
      {
        line: 1,
        column: headerColumnOffset(header.columns, firstBad === -1 ? 0 : firstBad),
        expected: `the columns ${expected.join(',')} (in any order)`,
      },
      'Rename the columns in the header line (a renamed column shows as one missing and one unexpected), then load again; the table keeps its previous contents until then.',
    );
  }
  return header.columns;
}

/** 1-based character column where the given header field starts (fields assumed unquoted). */
function headerColumnOffset(columns: string[], index: number): number {
  return columns.slice(0, index).reduce((offset, name) => offset + name.length + 1, 1);
}
