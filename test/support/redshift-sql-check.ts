import { loadModule, parseSync } from 'libpg-query';
import { DENY_LIST, type DenyEntry, UNSUPPORTED_FUNCTIONS } from './redshift-deny-list';

/** One construct of the deny-list found in a script: where (1-based line of the script) and what. */
export interface DenyFinding {
  entry: DenyEntry;
  line: number;
  /** The statement's first line, to recognize it. */
  statement: string;
}

export type CheckResult =
  | { ok: true; statements: number; findings: DenyFinding[] }
  | { ok: false; line: number; message: string };

const ENTRY = new Map(DENY_LIST.map((entry) => [entry.id, entry]));
/** COPY's options after `from '<url>'` (IAM_ROLE, MANIFEST, FORMAT AS CSV GZIP, MAXERROR, …). */
const COPY_OPTIONS = /^(copy\s[^;']*?\sfrom\s+'(?:[^']|'')*')((?:[^;']|'(?:[^']|'')*')*);/gim;
/** Table attributes of CREATE TABLE (DISTSTYLE, DISTKEY, [COMPOUND|INTERLEAVED] SORTKEY). */
const TABLE_ATTRIBUTES =
  /\s+diststyle\s+(?:even|all|key|auto)(?:\s+distkey\s*\([^)]*\))?(?:\s+(?:compound\s+|interleaved\s+)?sortkey\s*\([^)]*\))?/gi;
/** A late-binding view's clause. */
const NO_SCHEMA_BINDING = /\s+with\s+no\s+schema\s+binding\s*;/gi;

let loaded: Promise<void> | undefined;
/** Loads the parser's WebAssembly once. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/**
 * Removes the Redshift-only syntax the golden files cover (COPY's options, DIST/SORT attributes,
 * WITH NO SCHEMA BINDING), keeping every line break so positions still point at the script's lines.
 */
export function toPostgresSyntax(script: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  return script
    .replace(COPY_OPTIONS, (_all, head: string, options: string) => `${head}${blank(options)};`)
    .replace(TABLE_ATTRIBUTES, blank)
    .replace(NO_SCHEMA_BINDING, (all) => `${blank(all.slice(0, -1))};`);
}

/**
 * Parses a whole script with the real PostgreSQL parser (after toPostgresSyntax) and lists every
 * deny-list construct in it. A script that does not parse is a failure with its line.
 */
export function checkRedshiftScript(script: string): CheckResult {
  const sql = toPostgresSyntax(script);
  let tree: { stmts?: Array<{ stmt: unknown; stmt_location?: number }> };
  try {
    tree = parseSync(sql);
  } catch (error) {
    const position = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition ?? 0;
    return { ok: false, line: lineAt(sql, position), message: (error as Error).message };
  }
  const findings: DenyFinding[] = [];
  const statements = tree.stmts ?? [];
  for (const { stmt, stmt_location: at = 0 } of statements) {
    const start = byteToChar(sql, at);
    const found = new Set<string>();
    walk(stmt, false, found);
    for (const id of found) {
      const entry = ENTRY.get(id);
      if (entry)
        findings.push({ entry, line: lineAt(sql, start), statement: firstCodeLine(sql.slice(start)) });
    }
  }
  return { ok: true, statements: statements.length, findings };
}

/**
 * The parser reports byte offsets; this is the character index of the first code at byte `at`
 * (comments and spaces in front of a statement belong to it).
 */
function byteToChar(sql: string, at: number): number {
  const index = Buffer.from(sql).subarray(0, at).toString().length;
  const code = /^(?:\s+|--[^\n]*\n)*/.exec(sql.slice(index))?.[0].length ?? 0;
  return index + code;
}

function lineAt(text: string, position: number): number {
  return text.slice(0, position).split('\n').length;
}

function firstCodeLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '' && !line.trim().startsWith('--')) ?? '').trim();
}

type Node = Record<string, unknown>;

/** Visits every node; `inCte` is true below a CTE's query (where another WITH is refused). */
function walk(value: unknown, inCte: boolean, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, inCte, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [kind, child] of Object.entries(value as Node)) {
    if (child && typeof child === 'object' && !Array.isArray(child)) flag(kind, child as Node, inCte, found);
    walk(child, inCte || kind === 'CommonTableExpr', found);
  }
}

function flag(kind: string, node: Node, inCte: boolean, found: Set<string>): void {
  switch (kind) {
    case 'CopyStmt':
      if (node.is_from && !node.filename && !node.query) found.add('copy-from-stdin');
      break;
    case 'SelectStmt':
      if (inCte && node.withClause) found.add('with-inside-with');
      if (Array.isArray(node.distinctClause) && node.distinctClause.some((e) => Object.keys(e).length > 0))
        found.add('distinct-on');
      break;
    case 'TypeName':
    case 'typeName':
      typeName(node, found);
      break;
    case 'A_ArrayExpr':
    case 'A_Indices':
      found.add('arrays');
      break;
    case 'A_Expr':
      if (node.kind === 'AEXPR_OP_ANY' || node.kind === 'AEXPR_OP_ALL') found.add('arrays');
      if (node.kind === 'AEXPR_DISTINCT' || node.kind === 'AEXPR_NOT_DISTINCT') found.add('is-distinct-from');
      break;
    case 'FuncCall':
      funcCall(node, found);
      break;
    case 'InsertStmt':
      if (node.onConflictClause) found.add('on-conflict');
      break;
    case 'IndexStmt':
      found.add('create-index');
      break;
  }
}

const names = (list: unknown): string[] =>
  Array.isArray(list)
    ? list.map((n) => String((n as { String?: { sval?: string } }).String?.sval ?? ''))
    : [];

function typeName(node: Node, found: Set<string>): void {
  const name = names(node.names).at(-1)?.toLowerCase();
  if ((name === 'numeric' || name === 'decimal') && !node.typmods) found.add('bare-numeric');
  if ((name === 'text' || name === 'varchar') && !node.typmods) found.add('unbounded-text');
  if (Array.isArray(node.arrayBounds) && node.arrayBounds.length > 0) found.add('arrays');
}

function funcCall(node: Node, found: Set<string>): void {
  const name = names(node.funcname).at(-1)?.toLowerCase() ?? '';
  const args = Array.isArray(node.args) ? node.args : [];
  if (UNSUPPORTED_FUNCTIONS.has(name)) found.add('unsupported-function');
  if (name === 'concat_ws') found.add('concat-ws');
  if (name === 'concat' && args.length > 2) found.add('concat-arity');
  if (node.agg_filter) found.add('aggregate-filter');
  if (
    (name === 'percentile_cont' || name === 'percentile_disc') &&
    !(args.length === 1 && 'A_Const' in args[0])
  )
    found.add('percentile-array');
}
