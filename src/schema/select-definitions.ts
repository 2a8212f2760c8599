import { at } from '../common/at';

/** A column name as an expression uses it: `orders.order_total` → qualifier `orders`, name `order_total`. */
export type ColumnRef = { qualifier?: string; name: string };

/** What a model's SQL says about its columns, read from the compiled SELECTs. */
export type SelectDefinitions = {
  /** Every select-list item by output name (a name defined in several CTEs has several entries). */
  definitions: Map<string, ColumnRef[][]>;
  /** Import CTEs (`orders as (select * from "staging"."stg_orders")`): CTE name → relation `"staging"."stg_orders"`. */
  imports: Map<string, string>;
};

type Token = { text: string; kind: 'word' | 'quoted' | 'punct' };

/**
 * Reads the select lists of a compiled model: each item `expr as name` (or a bare `q.name`)
 * gives the column refs `name` is computed from. A small tokenizer, not a SQL parser: it is
 * enough for name-based lineage through this project's style (import CTEs, then renames and
 * computations), and a name it cannot follow simply has no definition.
 */
export function selectDefinitions(sql: string): SelectDefinitions {
  const tokens = tokenize(sql);
  const definitions = new Map<string, ColumnRef[][]>();
  const imports = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const imported = importAt(tokens, i);
    if (imported) imports.set(imported.cte, imported.relation);
    if (lower(tokens[i]) !== 'select') continue;
    for (const item of selectItems(tokens, i + 1)) {
      const defined = itemDefinition(item);
      if (!defined) continue;
      const list = definitions.get(defined.name) ?? [];
      list.push(defined.refs);
      definitions.set(defined.name, list);
    }
  }
  return { definitions, imports };
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*)|\d+(?:\.\d+)?|\s+|(.)/g;
  for (const match of sql.matchAll(pattern)) {
    if (match[1] !== undefined) tokens.push({ text: match[1].replace(/""/g, '"'), kind: 'quoted' });
    else if (match[2] !== undefined) tokens.push({ text: match[2], kind: 'word' });
    else if (match[3] !== undefined) tokens.push({ text: match[3], kind: 'punct' });
    else if (match[0].startsWith("'")) tokens.push({ text: "''", kind: 'punct' });
  }
  return tokens;
}

const lower = (token: Token | undefined) => (token?.kind === 'word' ? token.text.toLowerCase() : token?.text);
const isName = (token: Token | undefined) => token?.kind === 'word' || token?.kind === 'quoted';

/** `cte as ( select * from "schema"."table" )` starting at `i`. */
function importAt(tokens: Token[], i: number): { cte: string; relation: string } | undefined {
  const t = (k: number) => tokens[i + k];
  if (!isName(t(0)) || lower(t(1)) !== 'as' || t(2)?.text !== '(' || lower(t(3)) !== 'select')
    return undefined;
  if (t(4)?.text !== '*' || lower(t(5)) !== 'from') return undefined;
  const parts: string[] = [];
  let k = 6;
  while (isName(t(k))) {
    parts.push(`"${t(k)?.text}"`);
    if (t(k + 1)?.text !== '.') break;
    k += 2;
  }
  if (parts.length === 0 || t(k + 1)?.text !== ')') return undefined;
  return { cte: (t(0) as Token).text, relation: parts.join('.') };
}

/** The select-list items after `select` at `start`, split on top-level commas, up to `from` or a closing paren. */
function selectItems(tokens: Token[], start: number): Token[][] {
  const items: Token[][] = [];
  let item: Token[] = [];
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = at(tokens, i, 'a select-list token');
    if (depth === 0 && (lower(token) === 'from' || token.text === ')')) break;
    if (token.text === '(') depth++;
    if (token.text === ')') depth--;
    if (depth === 0 && token.text === ',') {
      items.push(item);
      item = [];
    } else item.push(token);
  }
  if (item.length > 0) items.push(item);
  return items;
}

function itemDefinition(item: Token[]): { name: string; refs: ColumnRef[] } | undefined {
  if (item.length === 0) return undefined;
  const last = item[item.length - 1];
  if (item.length >= 3 && lower(item[item.length - 2]) === 'as' && isName(last)) {
    return { name: (last as Token).text, refs: columnRefs(item.slice(0, -2)) };
  }
  // A bare column, qualified or not, keeps its name.
  if (item.length === 1 && isName(last))
    return { name: (last as Token).text, refs: [{ name: (last as Token).text }] };
  if (item.length === 3 && item[1]?.text === '.' && isName(last) && isName(item[0])) {
    return { name: (last as Token).text, refs: [{ qualifier: item[0]?.text, name: (last as Token).text }] };
  }
  return undefined;
}

/** Words of SQL syntax inside expressions: never column names here. */
const KEYWORDS = new Set(
  'as and or not case when then else end is null in over partition by order asc desc distinct true false filter where between like'.split(
    ' ',
  ),
);

/** Names used in an expression: words not called as functions, with their qualifier when one precedes a dot. */
function columnRefs(tokens: Token[]): ColumnRef[] {
  const refs: ColumnRef[] = [];
  for (const [i, token] of tokens.entries()) {
    if (!isName(token) || tokens[i + 1]?.text === '(' || tokens[i + 1]?.text === '.') continue;
    if (token.kind === 'word' && KEYWORDS.has(token.text.toLowerCase())) continue;
    const qualified = tokens[i - 1]?.text === '.' && isName(tokens[i - 2]);
    refs.push(qualified ? { qualifier: tokens[i - 2]?.text, name: token.text } : { name: token.text });
  }
  return refs;
}
