import type { Dag } from './dag';

/** What a selector can look at on a node. */
export interface SelectableNode {
  name: string;
  resourceType: string;
  tags?: string[];
  /** Path relative to the project folder: `staging/stg_orders.sql`. */
  path: string;
  sourceName?: string;
  /** Data tests: generic or singular. */
  testType?: string;
}

export type SelectorMethod = 'name' | 'tag' | 'path' | 'source' | 'resource_type' | 'state' | 'test_type';

/** One criterion: `2+tag:daily+`, parsed. */
export interface SelectorAtom {
  text: string;
  method: SelectorMethod;
  value: string;
  /** Include ancestors up to this many hops (Infinity for a bare `+`). */
  parents?: number;
  children?: number;
}

export interface SelectionOptions {
  /** Space-separated criteria are a union, comma-joined ones an intersection (dbt's syntax). */
  select?: string[];
  exclude?: string[];
  /** What `state:` compares with: a manifest saved from an earlier run (`--state DIR`). */
  state?: SelectionState;
}

/**
 * The saved state for `state:modified` / `state:new`: each node's checksum in the saved manifest,
 * and how to compute a node's checksum now (the same way, so equal means unchanged).
 */
export interface SelectionState {
  /** Checksums by unique id, from the saved manifest.json. */
  previous: ReadonlyMap<string, string>;
  /** The node's checksum in the project as it is now. */
  checksum(id: string): string;
  /** Where the saved manifest came from, for messages. */
  source?: string;
}

/** `state:modified` is new or changed (dbt's meaning); `state:new` only new. */
const STATE_VALUES: readonly string[] = ['modified', 'new'];

export interface Selection {
  ids: Set<string>;
  /** Criteria that matched nothing (likely a typo). */
  warnings: string[];
}

const METHODS: readonly SelectorMethod[] = [
  'name',
  'tag',
  'path',
  'source',
  'resource_type',
  'state',
  'test_type',
];

export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

/** `a b,c` → [[a], [b, c]]: a union of intersections. */
export function parseSelector(texts: string[]): SelectorAtom[][] {
  return texts
    .flatMap((text) => text.trim().split(/\s+/))
    .filter((term) => term !== '')
    .map((term) =>
      term
        .split(',')
        .filter((part) => part !== '')
        .map(parseAtom),
    );
}

function parseAtom(text: string): SelectorAtom {
  let rest = text;
  const atom: Partial<SelectorAtom> = { text };
  const leading = /^(\d*)\+/.exec(rest);
  if (leading) {
    atom.parents = leading[1] ? Number(leading[1]) : Number.POSITIVE_INFINITY;
    rest = rest.slice(leading[0].length);
  }
  const trailing = /\+(\d*)$/.exec(rest);
  if (trailing) {
    atom.children = trailing[1] ? Number(trailing[1]) : Number.POSITIVE_INFINITY;
    rest = rest.slice(0, -trailing[0].length);
  }
  const colon = rest.indexOf(':');
  const method = colon >= 0 ? rest.slice(0, colon) : 'name';
  const value = colon >= 0 ? rest.slice(colon + 1) : rest;
  if (!(METHODS as readonly string[]).includes(method)) {
    throw new SelectionError(
      `Unknown selector method "${method}:" in "${text}". Use one of ${METHODS.map((m) => `${m}:`).join(', ')} (or a plain name).`,
    );
  }
  if (value === '' || /[@+:,]/.test(value)) {
    throw new SelectionError(
      `Cannot read the selector "${text}". Write name, +name (with its parents), name+ (with its children), tag:x or path:staging/.`,
    );
  }
  if (method === 'state' && !STATE_VALUES.includes(value)) {
    throw new SelectionError(
      `Unknown state selector "${text}". Use state:modified (new or changed since the saved manifest) or state:new.`,
    );
  }
  return { ...atom, method: method as SelectorMethod, value } as SelectorAtom;
}

/**
 * Evaluates `--select` / `--exclude` on a graph. Without `select`, everything is selected. Tests
 * follow their parents (dbt's "eager" indirect selection): a test whose parent is selected runs
 * too, unless it or one of its parents is excluded.
 */
export function selectNodes<T extends SelectableNode>(
  dag: Dag<T>,
  options: SelectionOptions = {},
): Selection {
  const warnings: string[] = [];
  const evaluate = (texts: string[]) => {
    const ids = new Set<string>();
    for (const intersection of parseSelector(texts)) {
      let matched: Set<string> | undefined;
      for (const atom of intersection) {
        const found = evaluateAtom(dag, atom, options.state);
        if (found.size === 0) warnings.push(`The selector "${atom.text}" matches nothing.`);
        matched = matched ? new Set([...matched].filter((id) => found.has(id))) : found;
      }
      for (const id of matched ?? []) ids.add(id);
    }
    return ids;
  };
  const selectTexts = options.select?.filter((text) => text.trim() !== '') ?? [];
  const selected = selectTexts.length > 0 ? evaluate(selectTexts) : new Set(dag.ids());
  const excluded = evaluate(options.exclude ?? []);
  for (const id of excluded) selected.delete(id);
  for (const { id, value } of dag.entries()) {
    if ((value.resourceType !== 'test' && value.resourceType !== 'unit_test') || excluded.has(id)) continue;
    // A unit test follows its model, which is its child in the build graph.
    const parents = value.resourceType === 'unit_test' ? dag.children(id) : dag.parents(id);
    if (parents.some((parent) => excluded.has(parent))) selected.delete(id);
    else if (parents.some((parent) => selected.has(parent))) selected.add(id);
  }
  return { ids: selected, warnings };
}

function evaluateAtom<T extends SelectableNode>(
  dag: Dag<T>,
  atom: SelectorAtom,
  state: SelectionState | undefined,
): Set<string> {
  const matched = new Set<string>();
  if (atom.method === 'state') {
    for (const id of dag.ids()) if (stateMatches(id, atom.value, atomState(atom, state))) matched.add(id);
  } else for (const { id, value } of dag.entries()) if (matches(value, atom)) matched.add(id);
  const result = new Set(matched);
  for (const id of matched) {
    if (atom.parents !== undefined) for (const other of dag.ancestors(id, atom.parents)) result.add(other);
    if (atom.children !== undefined)
      for (const other of dag.descendants(id, atom.children)) result.add(other);
  }
  return result;
}

function matches(node: SelectableNode, atom: SelectorAtom): boolean {
  switch (atom.method) {
    case 'name':
      return glob(atom.value).test(node.name);
    case 'tag':
      return (node.tags ?? []).some((tag) => glob(atom.value).test(tag));
    case 'path': {
      const path = atom.value.replace(/^\.\//, '').replace(/\/+$/, '');
      return node.path === path || node.path.startsWith(`${path}/`) || glob(path).test(node.path);
    }
    case 'source':
      return (
        node.resourceType === 'source' &&
        (glob(atom.value).test(node.sourceName ?? '') ||
          glob(atom.value).test(`${node.sourceName}.${node.name}`))
      );
    case 'resource_type':
      return node.resourceType === atom.value;
    case 'test_type':
      // dbt's: unit (unit tests), data (every data test), generic, singular.
      if (atom.value === 'unit') return node.resourceType === 'unit_test';
      if (node.resourceType !== 'test') return false;
      return atom.value === 'data' || node.testType === atom.value;
    case 'state':
      return false; // evaluated per id by stateMatches
  }
}

function atomState(atom: SelectorAtom, state: SelectionState | undefined): SelectionState {
  if (state) return state;
  throw new SelectionError(
    `The selector "${atom.text}" compares the project with a saved manifest, but none was given. Add --state DIR, where DIR holds the manifest.json of an earlier run (copy target/manifest.json there before changing the project).`,
  );
}

function stateMatches(id: string, value: string, state: SelectionState): boolean {
  const before = state.previous.get(id);
  if (before === undefined) return true; // new since the saved manifest
  return value === 'modified' && before !== state.checksum(id);
}

/** `*` matches any run of characters; everything else is literal. */
function glob(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}
