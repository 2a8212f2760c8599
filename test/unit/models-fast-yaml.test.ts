import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { CompileError } from '../../src/models/compile-error';
import { compileProject } from '../../src/models/compile-project';
import { discoverProject } from '../../src/models/discover-project';
import { readFastYaml } from '../../src/models/fast-yaml';
import { useFastYaml } from '../../src/models/yaml-file';
import { memoryProject } from '../fixtures/projects/memory-project';

const ROOT = join(__dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** The tree as the compiler sees it: kinds, values, keys, and each node's line. */
function shape(node: unknown, lines: LineCounter): unknown {
  if (isPair(node)) return { key: shape(node.key, lines), value: shape(node.value, lines) };
  const line = (n: Node) => (n.range ? lines.linePos(n.range[0]).line : undefined);
  if (isMap(node)) return { map: node.items.map((item) => shape(item, lines)), line: line(node) };
  if (isSeq(node)) return { seq: node.items.map((item) => shape(item, lines)), line: line(node) };
  if (isScalar(node)) return { value: node.value, line: line(node) };
  return { other: String(node) };
}

/** Both readings of `text`, or undefined when the fast reader leaves it to `yaml`. */
function bothReadings(text: string) {
  const fastLines = new LineCounter();
  const fast = readFastYaml(text, fastLines);
  if (!fast) return undefined;
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  assert.deepEqual(document.errors, [], 'the fast reader took a text yaml rejects');
  return {
    fast: { json: fast.toJSON(), shape: shape(fast, fastLines) },
    yaml: { json: document.contents?.toJSON(), shape: shape(document.contents, lines) },
  };
}

function outcome(work: () => unknown) {
  try {
    return { value: work() };
  } catch (error) {
    return error instanceof CompileError ? { problems: error.problems } : { error: String(error) };
  }
}

describe('models: the fast YAML reader reads what the yaml package reads', () => {
  const files = [...yamlFiles('sql'), ...yamlFiles('test/fixtures/projects')];

  it('reads every YAML file of sql/ itself (so the comparisons mean something)', () => {
    const sql = files.filter((file) => file.startsWith('sql'));
    assert.ok(sql.length >= 8);
    for (const file of sql) {
      assert.ok(readFastYaml(readFileSync(join(ROOT, file), 'utf8'), new LineCounter()), file);
    }
  });

  for (const file of files) {
    it(`gives the same values and lines for ${relative(ROOT, join(ROOT, file))}`, () => {
      const both = bothReadings(readFileSync(join(ROOT, file), 'utf8'));
      if (both) assert.deepStrictEqual(both.fast, both.yaml);
    });
  }

  const handled = [
    'a: 1\nb: -2\nb2: -.5\nb3: -3.5e2\nc: 1.5\nd: .5\ne: 1e3\nf: +3\ng: 0.\nh: 007\n',
    'a: true\nb: False\nc: NULL\nd: ~\ne:\nf: yes\ng: no\nh: on\ni: 2024-09-01\nj: 1_000\n',
    "a: 'it''s'\nb: \"double\"\nc: 'x' # note\nd: plain text, with comma # comment\ne: a#b\n",
    'list:\n- a\n- b\nnext: 1\n',
    'list:\n  -\n    name: a\n  - name: b\n    x: [1, 2, [3]]\n  -\n  - c\n',
    'm: { a: 1, b: [x, \'y\', "z"], c: { d: e f } }\ne: []\nf: {}\n',
    'd: >\n  folded\n  text\n\n  second paragraph\n\n\n  third\ne: |\n  literal\n  # not a comment\n\n  end\nf: >-\n  strip\n  me\n\n\ng: 1\n',
    '# comment only line\nmodels:\n  # comment\n  - name: a # trailing\n\n    description: x\n',
    '- a\n- b: 1\n  c: 2\n',
  ];
  const notHandled = [
    'a:\tb\n',
    'seq:\n  - - nested\n',
    'a: &anchor 1\nb: *anchor\n',
    'a: !tag x\n',
    'a: multi\n  line plain\n',
    'a: 1\na: 2\n',
    'a: "esc\\n"\n',
    '---\na: 1\n',
    'a: [1,\n  2]\n',
    'a: 0x1F\n',
    'a: .inf\n',
    '? complex\n: key\n',
    'a: b: c\n',
    'a: 1\n  b: 2\n',
    'a: |+\n  keep\n\n',
    'a: >\n  more\n    indented\n',
    '',
    '# only a comment\n',
    'just a scalar\n',
    'a: [1, 2,]\n',
    'true: 1\n',
    'a: x\r\nb: y\r\n',
  ];
  for (const text of handled) {
    it(`reads ${JSON.stringify(text).slice(0, 50)} itself, as yaml does`, () => {
      const both = bothReadings(text);
      assert.ok(both, 'the fast reader gave up');
      assert.deepStrictEqual(both.fast, both.yaml);
    });
  }
  it('leaves everything else (and every YAML error) to the yaml package', () => {
    for (const text of notHandled) assert.equal(readFastYaml(text, new LineCounter()), undefined, text);
  });

  for (const dir of ['sql', 'test/fixtures/projects/shop', 'test/fixtures/projects/broken']) {
    it(`compiles ${dir} to the same project (or the same errors) with and without it`, async () => {
      const read = () => discoverProject(join(ROOT, dir), { displayRoot: ROOT });
      const [first, second] = [await read(), await read()];
      useFastYaml(false);
      try {
        const slow = outcome(() => compileProject(first));
        useFastYaml(true);
        assert.deepStrictEqual(
          outcome(() => compileProject(second)),
          slow,
        );
      } finally {
        useFastYaml(true);
      }
    });
  }

  it('reports YAML problems with the same file and line either way', () => {
    const project = {
      'project.yml': 'name: shop\n',
      'staging/a.sql': 'select 1 as id',
      'staging/_a.yml':
        'models:\n  - name: a\n    colums:\n      - name: id\n    columns:\n      - name: id\n        data_tests: [unique, nott_null]\n  - name: b\n',
      'staging/_bad.yml': 'models:\n  - name: c\n    description: a\n  description: b\n',
    };
    useFastYaml(false);
    try {
      const slow = outcome(() => compileProject(memoryProject(project)));
      assert.ok('problems' in slow);
      useFastYaml(true);
      assert.deepStrictEqual(
        outcome(() => compileProject(memoryProject(project))),
        slow,
      );
    } finally {
      useFastYaml(true);
    }
  });
});
