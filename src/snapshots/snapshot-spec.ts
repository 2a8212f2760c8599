import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export type SnapshotStrategy = 'timestamp' | 'check';
export type HardDeletes = 'ignore' | 'invalidate' | 'new_record';

/** One snapshot as dbt 1.9 declares it in YAML (`snapshots:` with `relation:` and `config:`). */
export interface SnapshotSpec {
  name: string;
  /** `source('raw', 'raw_products')` or `ref('stg_products')`, as written. */
  relation: { kind: 'source'; source: string; table: string } | { kind: 'ref'; model: string };
  description?: string;
  schema: string;
  uniqueKey: string[];
  strategy: SnapshotStrategy;
  /** timestamp strategy: the column that says when a row last changed. */
  updatedAt?: string;
  /** check strategy: the columns compared, or every column. */
  checkCols?: string[] | 'all';
  hardDeletes: HardDeletes;
  /** Where it is declared, for messages: `sql/snapshots/snapshots.yml:3`. */
  declaredAt: string;
}

const SNAPSHOT_KEYS = ['name', 'relation', 'description', 'config', 'columns'];
const CONFIG_KEYS = ['schema', 'unique_key', 'strategy', 'updated_at', 'check_cols', 'hard_deletes'];
const RELATION = /^\s*(source|ref)\(\s*'([A-Za-z0-9_]+)'\s*(?:,\s*'([A-Za-z0-9_]+)'\s*)?\)\s*$/;

/**
 * Reads every `snapshots:` entry of the YAML files under `<projectDir>/snapshots/`. All problems are
 * collected and thrown together, each with its file and line, before anything runs.
 */
export async function readSnapshotSpecs(projectDir: string): Promise<SnapshotSpec[]> {
  const dir = join(projectDir, 'snapshots');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /\.ya?ml$/.test(f)).sort();
  const specs: SnapshotSpec[] = [];
  const problems: string[] = [];
  for (const name of files) {
    const path = join(dir, name);
    const shown = relative(process.cwd(), path) || path;
    const lines = new LineCounter();
    const document = parseDocument(await readFile(path, 'utf8'), { lineCounter: lines });
    const at = (node: Node | null | undefined) =>
      `${shown}:${node?.range ? lines.linePos(node.range[0]).line : 1}`;
    for (const error of document.errors) problems.push(`${at(null)}: ${error.message}`);
    const list = document.get('snapshots', true);
    if (!isSeq(list)) {
      problems.push(`${at(null)}: expected a top-level "snapshots:" list.`);
      continue;
    }
    for (const item of list.items) {
      if (!isMap(item)) {
        problems.push(`${at(item as Node)}: each snapshot is a mapping with name, relation and config.`);
        continue;
      }
      const spec = readOne(item.toJSON() as Record<string, unknown>, at(item), problems);
      if (spec) specs.push(spec);
    }
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) problems.push(`${spec.declaredAt}: snapshot "${spec.name}" is declared twice.`);
    seen.add(spec.name);
  }
  if (problems.length) throw new Error(`The snapshots cannot be read:\n  ${problems.join('\n  ')}`);
  return specs;
}

function readOne(
  raw: Record<string, unknown>,
  declaredAt: string,
  problems: string[],
): SnapshotSpec | undefined {
  const problem = (text: string) => problems.push(`${declaredAt}: ${text}`);
  const before = problems.length;
  for (const key of Object.keys(raw)) {
    if (!SNAPSHOT_KEYS.includes(key)) problem(`unknown key "${key}" (expected ${SNAPSHOT_KEYS.join(', ')}).`);
  }
  const name = typeof raw.name === 'string' ? raw.name : '';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    problem(`a snapshot needs a name made of letters, digits and "_".`);
  const match = typeof raw.relation === 'string' ? RELATION.exec(raw.relation) : null;
  if (!match || (match[1] === 'source') !== Boolean(match[3])) {
    problem(`snapshot "${name}": relation must be source('<source>', '<table>') or ref('<model>').`);
  }
  const config = (raw.config ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key))
      problem(`snapshot "${name}": unknown config "${key}" (expected ${CONFIG_KEYS.join(', ')}).`);
  }
  const list = (value: unknown) =>
    typeof value === 'string'
      ? [value]
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value
        : undefined;
  const uniqueKey = list(config.unique_key);
  if (!uniqueKey?.length)
    problem(`snapshot "${name}": config.unique_key is required (a column or a list of columns).`);
  const strategy = config.strategy;
  if (strategy !== 'timestamp' && strategy !== 'check') {
    problem(`snapshot "${name}": config.strategy must be timestamp or check.`);
  }
  if (strategy === 'timestamp' && typeof config.updated_at !== 'string') {
    problem(
      `snapshot "${name}": the timestamp strategy needs config.updated_at (the column that says when a row changed).`,
    );
  }
  const checkCols = config.check_cols === 'all' ? 'all' : list(config.check_cols);
  if (strategy === 'check' && !checkCols) {
    problem(`snapshot "${name}": the check strategy needs config.check_cols (a list of columns, or all).`);
  }
  const hardDeletes = config.hard_deletes ?? 'ignore';
  if (hardDeletes !== 'ignore' && hardDeletes !== 'invalidate' && hardDeletes !== 'new_record') {
    problem(`snapshot "${name}": config.hard_deletes must be ignore, invalidate or new_record.`);
  }
  if (problems.length > before || !match) return undefined;
  const [, kind, first, second] = match;
  if (!first || (kind === 'source' && !second)) {
    throw new Error(
      `Internal error: snapshot "${name}": relation ${String(raw.relation)} passed the check but did not parse.`,
    );
  }
  return {
    name,
    relation:
      kind === 'source' && second
        ? { kind: 'source', source: first, table: second }
        : { kind: 'ref', model: first },
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    schema: typeof config.schema === 'string' ? config.schema : 'snapshots',
    uniqueKey: uniqueKey as string[],
    strategy: strategy as SnapshotStrategy,
    ...(strategy === 'timestamp' ? { updatedAt: config.updated_at as string } : { checkCols }),
    hardDeletes: hardDeletes as HardDeletes,
    declaredAt,
  };
}
