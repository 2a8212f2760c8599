import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dag } from '../../src/graph/dag';
import {
  type SelectableNode,
  SelectionError,
  type SelectionState,
  selectNodes,
} from '../../src/graph/select';
import { compileProject } from '../../src/models/compile-project';
import { discoverProject } from '../../src/models/discover-project';
import type { ProjectFiles } from '../../src/models/project-files';
import { nodeChecksum } from '../../src/runner/node-checksum';
import { planBuild } from '../../src/runner/plan';
import { manifestJson } from '../../src/runner/run-results';
import { readSavedState, selectionState } from '../../src/runner/saved-state';
import { PostgresDialect } from '../../src/warehouse/dialect';

const SHOP = join(__dirname, '..', 'fixtures', 'projects', 'shop');

/** raw → a → b → c, raw → d; a test on b. */
function chain(): Dag<SelectableNode> {
  const dag = new Dag<SelectableNode>();
  const add = (id: string, resourceType = 'model') =>
    dag.addNode(id, { name: id.split('.').pop() as string, resourceType, path: `${id}.sql` });
  add('source.raw.t', 'source');
  for (const id of ['model.a', 'model.b', 'model.c', 'model.d']) add(id);
  add('test.not_null_b_id', 'test');
  dag
    .addEdge('source.raw.t', 'model.a')
    .addEdge('model.a', 'model.b')
    .addEdge('model.b', 'model.c')
    .addEdge('source.raw.t', 'model.d')
    .addEdge('model.b', 'test.not_null_b_id');
  return dag;
}

/** Saved checksums `v1` for every node but `omit`; current ones `v1` except for `changed` (`v2`). */
function state(changed: string[], omit: string[] = []): SelectionState {
  const ids = chain().ids();
  return {
    previous: new Map(ids.filter((id) => !omit.includes(id)).map((id) => [id, 'v1'])),
    checksum: (id) => (changed.includes(id) ? 'v2' : 'v1'),
  };
}

const select = (texts: string[], saved?: SelectionState) =>
  [...selectNodes(chain(), { select: texts, state: saved }).ids].sort();

describe('state:modified selection', () => {
  it('selects only the nodes whose checksum changed, with the tests of what it selects', () => {
    assert.deepEqual(select(['state:modified'], state(['model.b'])), ['model.b', 'test.not_null_b_id']);
    assert.deepEqual(select(['state:modified'], state([])), []);
  });

  it('state:modified+ adds every descendant; +state:modified the ancestors', () => {
    assert.deepEqual(select(['state:modified+'], state(['model.a'])), [
      'model.a',
      'model.b',
      'model.c',
      'test.not_null_b_id',
    ]);
    assert.deepEqual(select(['+state:modified'], state(['model.c'])), [
      'model.a',
      'model.b',
      'model.c',
      'source.raw.t',
      'test.not_null_b_id',
    ]);
  });

  it('counts a node missing from the saved manifest as new (state:new) and modified', () => {
    const saved = state(['model.a'], ['model.d']);
    assert.deepEqual(select(['state:new'], saved), ['model.d']);
    assert.deepEqual(select(['state:modified'], saved), ['model.a', 'model.d']);
  });

  it('combines with other criteria: intersection and exclusion', () => {
    const saved = state(['model.a', 'model.d']);
    assert.deepEqual(select(['state:modified,name:d'], saved), ['model.d']);
    const ids = selectNodes(chain(), { select: ['state:modified+'], exclude: ['c'], state: saved }).ids;
    assert.deepEqual([...ids].sort(), ['model.a', 'model.b', 'model.d', 'test.not_null_b_id']);
  });

  it('refuses state: without a saved manifest, and unknown state values, saying what to do', () => {
    assert.throws(
      () => select(['state:modified']),
      (error: Error) => error instanceof SelectionError && /--state DIR/.test(error.message),
    );
    assert.throws(
      () => select(['state:changed'], state([])),
      (error: Error) => error instanceof SelectionError && /state:modified/.test(error.message),
    );
  });
});

describe('node checksums', () => {
  it('ignore where a node is declared and the order of keys, but not what it is', () => {
    const node = { uniqueId: 'model.a', rawSql: 'select 1', tags: ['x'], file: 'sql/a.sql', line: 3 };
    const moved = { line: 9, tags: ['x'], file: 'elsewhere/a.sql', rawSql: 'select 1', uniqueId: 'model.a' };
    assert.equal(nodeChecksum(node), nodeChecksum(moved));
    assert.match(nodeChecksum(node), /^[0-9a-f]{64}$/);
    assert.notEqual(nodeChecksum(node), nodeChecksum({ ...node, rawSql: 'select 2' }));
    assert.notEqual(nodeChecksum(node), nodeChecksum({ ...node, tags: ['y'] }));
  });

  it('are written to every manifest node in dbt shape, and read back by readSavedState', async () => {
    const project = compileProject(await discoverProject(SHOP));
    const manifest = manifestJson(project) as {
      nodes: Record<string, { checksum: { name: string; checksum: string } }>;
      sources: Record<string, { checksum: { name: string; checksum: string } }>;
    };
    const all = { ...manifest.nodes, ...manifest.sources };
    assert.ok(Object.keys(all).length > 8);
    for (const [id, node] of Object.entries(all)) {
      assert.equal(node.checksum.name, 'sha256', id);
      assert.match(node.checksum.checksum, /^[0-9a-f]{64}$/, id);
    }
    const dir = await mkdtemp(join(tmpdir(), 'etl-state-'));
    try {
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
      const saved = await readSavedState(dir);
      assert.equal(
        saved.get('model.customer_orders'),
        manifest.nodes['model.customer_orders']?.checksum.checksum,
      );
      // The same project compared with its own manifest: nothing is modified.
      const plan = planBuild(project, new PostgresDialect(), {
        select: ['state:modified'],
        state: selectionState(project, saved),
      });
      assert.deepEqual(plan.steps, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('selects what a change reaches: the SQL, the YAML config or a column description', async () => {
    const files = await discoverProject(SHOP);
    const saved = savedChecksums(files);
    const modified = (changed: ProjectFiles) => {
      const project = compileProject(changed);
      return [
        ...selectNodes(planGraph(project), {
          select: ['state:modified'],
          state: selectionState(project, saved),
        }).ids,
      ]
        .filter((id) => id.startsWith('model.'))
        .sort();
    };
    const sqlChange = editFile(files, 'marts/customer_orders.sql', (text) =>
      text.replace('left join', 'left outer join'),
    );
    assert.deepEqual(modified(sqlChange), ['model.customer_orders']);
    const yamlChange = editFile(files, 'staging/_staging.yml', (text) =>
      text.replace('One row per order.', 'Orders.'),
    );
    assert.deepEqual(modified(yamlChange), ['model.stg_orders']);
    const configChange = editFile(files, 'staging/_staging.yml', (text) =>
      text.replace('tags: [orders]', 'tags: [sales]'),
    );
    assert.deepEqual(modified(configChange), ['model.stg_orders']);
  });

  it('says which folder lacks a manifest and how to make one', async () => {
    await assert.rejects(
      readSavedState('/nonexistent/state'),
      /manifest\.json.*ENOENT.*copy target\/manifest\.json/s,
    );
  });
});

function savedChecksums(files: ProjectFiles): Map<string, string> {
  const manifest = manifestJson(compileProject(files)) as {
    nodes: Record<string, { checksum: { checksum: string } }>;
    sources: Record<string, { checksum: { checksum: string } }>;
  };
  return new Map(
    Object.entries({ ...manifest.nodes, ...manifest.sources }).map(([id, n]) => [id, n.checksum.checksum]),
  );
}

function planGraph(project: ReturnType<typeof compileProject>): Dag<SelectableNode> {
  const dag = new Dag<SelectableNode>();
  for (const node of [...project.sources, ...project.models, ...project.tests])
    dag.addNode(node.uniqueId, node);
  return dag;
}

function editFile(files: ProjectFiles, path: string, change: (text: string) => string): ProjectFiles {
  const edit = (list: ProjectFiles['modelFiles']) =>
    list.map((file) => (file.path === path ? { ...file, text: change(file.text) } : file));
  const edited = { ...files, modelFiles: edit(files.modelFiles), yamlFiles: edit(files.yamlFiles) };
  assert.notDeepEqual(edited, files, `no change made to ${path}`);
  return edited;
}
