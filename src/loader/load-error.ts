/**
 * A load failure located in its file: `file:line:column` as an editor counts them (the header is
 * line 1, the first character is column 1), the CSV column name when known, what was found and
 * what was expected.
 */
export class LoadError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly location: { line?: number; column?: number; field?: string; expected?: string } = {},
    readonly hint = 'Fix the file and run the load again; the table keeps its previous contents until then.',
  ) {
    super(formatLoadError(file, problem, location, hint));
    this.name = 'LoadError';
  }

  toJSON(): Record<string, unknown> {
    return { file: this.file, ...this.location, problem: this.problem, message: this.message };
  }
}

function formatLoadError(
  file: string,
  problem: string,
  location: { line?: number; column?: number; field?: string; expected?: string },
  hint: string,
): string {
  const where = [file, location.line, location.line !== undefined ? location.column : undefined]
    .filter((part) => part !== undefined)
    .join(':');
  const field = location.field ? ` (column "${location.field}")` : '';
  const expected = location.expected ? ` Expected ${location.expected}.` : '';
  return `${where}${field}: ${problem}.${expected} ${hint}`;
}
