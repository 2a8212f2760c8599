import type { Dialect } from '../warehouse/dialect';
import type { CompileProblem } from './compile-error';

/** A name from a file or YAML that the dialect would refuse to quote, as a problem. */
export function identifierProblem(
  dialect: Dialect,
  name: string,
  what: string,
): { problem: string; fix: string } | undefined {
  try {
    dialect.quoteIdentifier(name);
    return undefined;
  } catch (error) {
    return {
      problem: `invalid ${what} ${JSON.stringify(name)}: ${(error as Error).message.split('. ')[0]?.replace(/^[^:]*: /, '')}`,
      fix: `Rename it: start with a letter or "_", use only letters, digits, "_" or "$", at most ${dialect.maxIdentifierLength} bytes.`,
    };
  }
}

/**
 * A model, test or analysis is one SELECT that the runner wraps (`create view … as`, `select count(*)
 * from (…)`): a trailing semicolon or an empty file would break the wrapping statement.
 */
export function checkStatementBody(
  file: string,
  sql: string,
  what: 'model' | 'test' | 'analysis',
  problems: CompileProblem[],
): void {
  const lines = sql.split('\n');
  if (withoutComments(sql).trim() === '') {
    problems.push({
      file,
      line: 1,
      problem: `the ${what} has no SQL`,
      fix: `Write the ${what}'s SELECT in the file.`,
    });
  } else if (/;\s*$/.test(withoutComments(sql))) {
    problems.push({
      file,
      line: lastLineWith(lines, ';'),
      problem: `the ${what} ends with a semicolon`,
      fix: `A ${what} is a single SELECT without a trailing ";": remove it.`,
    });
  }
}

/** Drops `-- …` line comments and block comments (well enough to look at the end of a statement). */
function withoutComments(sql: string): string {
  return sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, '');
}

function lastLineWith(lines: string[], text: string): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]?.includes(text)) return i + 1;
  return lines.length;
}
