import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import type { CompileProblem } from './compile-error';
import { didYouMean } from './did-you-mean';
import { readFastYaml } from './fast-yaml';
import type { GenericTestDefinition } from './generic-tests';
import type { SourceFile } from './project-files';

let fastYamlEnabled = true;

/**
 * Turns the fast reader (fast-yaml.ts) off or back on. For the test that proves it reads what
 * the `yaml` package reads; nothing else should need it.
 */
export function useFastYaml(enabled: boolean): void {
  fastYamlEnabled = enabled;
}

/**
 * A parsed YAML file that remembers where every node came from, so problems found while reading
 * it name `file:line`. Reading helpers report a problem (and return undefined) instead of
 * throwing, so one pass collects everything that is wrong.
 */
export class YamlFile {
  readonly root: Node | undefined;
  /** The generic tests a dbt project defines, which its YAML may name (besides the built-in ones). */
  genericTests?: Record<string, GenericTestDefinition>;
  private readonly lines = new LineCounter();

  constructor(
    readonly source: SourceFile,
    private readonly problems: CompileProblem[],
  ) {
    const fast = fastYamlEnabled ? readFastYaml(source.text, this.lines) : undefined;
    if (fast) {
      this.root = fast;
      return;
    }
    const document = parseDocument(source.text, { lineCounter: this.lines, uniqueKeys: true });
    for (const error of document.errors) {
      const position = error.linePos?.[0];
      problems.push({
        file: source.file,
        line: position?.line,
        column: position?.col,
        problem: `invalid YAML: ${error.message.split('\n')[0]}`,
        fix: 'Correct the YAML syntax at that line (indentation, a missing ":" or closing bracket, a duplicated key).',
      });
    }
    this.root = document.errors.length > 0 ? undefined : (document.contents ?? undefined);
  }

  get file(): string {
    return this.source.file;
  }

  /** 1-based line of a node (the file's first line when unknown). */
  line(node: Node | undefined | null): number {
    const offset = node?.range?.[0];
    return offset === undefined ? 1 : this.lines.linePos(offset).line;
  }

  problem(node: Node | undefined | null, problem: string, fix: string): undefined {
    this.problems.push({ file: this.file, line: this.line(node), problem, fix });
    return undefined;
  }

  /** The value under `key` in a map node (undefined when absent). */
  get(map: YAMLMap, key: string): Node | undefined {
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
    return (pair?.value ?? undefined) as Node | undefined;
  }

  /** Reports every key of `map` not in `allowed`, with a did-you-mean; `where` says whose keys they are. */
  checkKeys(map: YAMLMap, allowed: string[], where: string): void {
    if (!isMap(map)) return;
    for (const { key, node } of this.keys(map)) {
      if (!allowed.includes(key)) {
        this.problem(
          node,
          `unknown key "${key}" ${where}.${didYouMean(key, allowed)}`,
          `Use ${allowed.join(', ')}, or remove it.`,
        );
      }
    }
  }

  /** The entry's `name:`; a problem when it has none. */
  requiredName(map: YAMLMap, what: string): string | undefined {
    const node = this.get(map, 'name');
    if (node === undefined) return this.problem(map, `a ${what} has no name`, 'Add "name: <name>" to it.');
    return this.asString(node, `the name of a ${what}`);
  }

  /** The keys of a map node, with the node of each key (for "unknown key" problems). */
  keys(map: YAMLMap): Array<{ key: string; node: Node }> {
    return map.items.flatMap((item) =>
      isScalar(item.key) ? [{ key: String(item.key.value), node: item.key as Node }] : [],
    );
  }

  asMap(node: Node | undefined, what: string): YAMLMap | undefined {
    if (isMap(node)) return node;
    return this.problem(
      node,
      `${what} must be a mapping (key: value lines)`,
      `Write ${what} as "key: value" lines.`,
    );
  }

  /** The items of a sequence node; an absent node is an empty list. */
  asList(node: Node | undefined, what: string): Node[] {
    if (node === undefined || (isScalar(node) && node.value === null)) return [];
    if (isSeq(node)) return node.items as Node[];
    this.problem(node, `${what} must be a list`, `Write ${what} as a list ("- item" lines or [a, b]).`);
    return [];
  }

  asString(node: Node | undefined, what: string): string | undefined {
    if (node === undefined) return undefined;
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      return String(node.value);
    }
    return this.problem(node, `${what} must be a text value`, `Write ${what} as a single text value.`);
  }

  /** A plain JavaScript value (for arguments and config). */
  plain(node: Node | undefined): unknown {
    return node === undefined ? undefined : node.toJSON();
  }
}
