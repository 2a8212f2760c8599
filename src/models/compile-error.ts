/** One thing wrong in the SQL project: where, what, and how to fix it. */
export interface CompileProblem {
  /** Display path of the file at fault. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  column?: number;
  problem: string;
  fix: string;
}

/**
 * Every problem compile found, reported together so one run shows them all (nothing runs while
 * the project has any).
 */
export class CompileError extends Error {
  constructor(readonly problems: CompileProblem[]) {
    super(formatProblems(problems));
    this.name = 'CompileError';
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, problems: this.problems };
  }
}

export function formatProblem(problem: CompileProblem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(':');
  return `${where}: ${problem.problem}\n    fix: ${problem.fix}`;
}

function formatProblems(problems: CompileProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((problem, index) => `  ${index + 1}. ${formatProblem(problem)}`);
  return `The SQL project has ${count}; nothing was run:\n${lines.join('\n')}`;
}

/** Orders problems by file then line so the report reads top to bottom. */
export function sortProblems(problems: CompileProblem[]): CompileProblem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
