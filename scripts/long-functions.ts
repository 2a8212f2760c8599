/**
 * The size rules of src/ (see src/README.md), measured with the TypeScript AST: a source file has
 * at most 300 lines, and a function, method, accessor or arrow function body at most 80, unless a
 * `// long: <reason>` comment stands right above it (one table, one template: say so).
 *
 * `npm run sizecheck` (also run by `.ci/run`). Exits 1 and lists every offender with its place.
 * `--all` lists the allow-listed offenders too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;
const REASON = /^\/\/\s*long:\s*\S/;

/**
 * Offenders in files other engineers are changing during this session (issue 13's remainder):
 * they split them as part of their own work. Remove an entry when its function or file comes under
 * the rule; the check says when an entry is no longer needed.
 */
const ALLOWED = new Set<string>([]);

interface Offence {
  /** `file <path>` or `function <path> <name>`: the key of the allow-list. */
  key: string;
  place: string;
  lines: number;
  limit: number;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function lineOf(file: ts.SourceFile, position: number): number {
  return file.getLineAndCharacterOfPosition(position).line + 1;
}

/** The declaration a function belongs to: where its name and its leading comments are. */
function ownerOf(node: ts.Node): ts.Node {
  let owner = node;
  while (
    owner.parent &&
    (ts.isVariableDeclaration(owner.parent) ||
      ts.isVariableDeclarationList(owner.parent) ||
      ts.isVariableStatement(owner.parent) ||
      ts.isPropertyAssignment(owner.parent) ||
      ts.isPropertyDeclaration(owner.parent) ||
      ts.isExportAssignment(owner.parent))
  ) {
    owner = owner.parent;
  }
  return owner;
}

function nameOf(node: ts.Node, file: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(file);
  const parent = node.parent as { name?: ts.Node } | undefined;
  if (parent?.name) return parent.name.getText(file);
  return `(anonymous at line ${lineOf(file, node.getStart(file))})`;
}

function hasReason(owner: ts.Node, text: string): boolean {
  const comments = ts.getLeadingCommentRanges(text, owner.getFullStart()) ?? [];
  return comments.some((range) => REASON.test(text.slice(range.pos, range.end)));
}

export function longFunctions(path: string, text: string): Offence[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: Offence[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const body = node.body as ts.Node;
      const lines = lineOf(file, body.getEnd()) - lineOf(file, node.getStart(file)) + 1;
      if (lines > MAX_FUNCTION_LINES && !hasReason(ownerOf(node), text)) {
        const name = nameOf(node, file);
        found.push({
          key: `function ${path} ${name}`,
          place: `${path}:${lineOf(file, node.getStart(file))} ${name}`,
          lines,
          limit: MAX_FUNCTION_LINES,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

export function sizeOffences(root: string): Offence[] {
  return sourceFiles(join(root, 'src')).flatMap((absolute) => {
    const path = relative(root, absolute).split('\\').join('/');
    const text = readFileSync(absolute, 'utf8');
    const fileLines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const tooLong: Offence[] =
      fileLines > MAX_FILE_LINES
        ? [{ key: `file ${path}`, place: path, lines: fileLines, limit: MAX_FILE_LINES }]
        : [];
    return [...tooLong, ...longFunctions(path, text)];
  });
}

function main(): void {
  const root = join(__dirname, '..');
  const offences = sizeOffences(root);
  const listAll = process.argv.includes('--all');
  const refused = offences.filter((offence) => !ALLOWED.has(offence.key));
  const allowed = offences.filter((offence) => ALLOWED.has(offence.key));
  const stale = [...ALLOWED].filter((key) => !offences.some((offence) => offence.key === key));
  for (const offence of listAll ? offences : refused) {
    const mark = ALLOWED.has(offence.key) ? ' (allow-listed)' : '';
    console.log(`${offence.place}: ${offence.lines} lines (limit ${offence.limit})${mark}`);
  }
  for (const key of stale) {
    console.log(`allow-list entry no longer needed, remove it from scripts/long-functions.ts: ${key}`);
  }
  console.log(
    `${refused.length} over the limits, ${allowed.length} allow-listed, ${stale.length} stale allow-list entries`,
  );
  if (refused.length > 0) {
    console.log(
      `Split the function into named steps or the file by concept; a function that is really one table or one template may stay long with a '// long: <why>' comment right above it.`,
    );
  }
  // A stale entry only warns: another branch finishing its split must not turn CI red.
  if (refused.length > 0) process.exitCode = 1;
}

if (require.main === module) main();
