import { strict as assert } from 'node:assert';
import { CycleError } from '../../src/graph/cycle-error';
import { Dag } from '../../src/graph/dag';
import { parseSelector, type SelectableNode, SelectionError, selectNodes } from '../../src/graph/select';

type Node = SelectableNode;

/** raw → stg_a, stg_b → int_ab → fct; tests on stg_a and fct. */
function smallGraph(): Dag<Node> {
  const dag = new Dag<Node>();
  const add = (id: string, node: Partial<Node> & { name: string }) =>
    dag.addNode(id, { resourceType: 'model', path: '', tags: [], ...node });
  add('source.raw.orders', {
    name: 'orders',
    resourceType: 'source',
    sourceName: 'raw',
    path: 'sources.yml',
  });
  add('model.stg_a', { name: 'stg_a', path: 'staging/stg_a.sql', tags: ['daily'] });
  add('model.stg_b', { name: 'stg_b', path: 'staging/sub/stg_b.sql' });
  add('model.int_ab', { name: 'int_ab', path: 'intermediate/int_ab.sql', tags: ['daily', 'finance'] });
  add('model.fct', { name: 'fct', path: 'marts/fct.sql', tags: ['finance'] });
  add('test.unique_stg_a_id', { name: 'unique_stg_a_id', resourceType: 'test', path: 'staging/_s.yml' });
  add('test.rel_fct_stg_b', { name: 'rel_fct_stg_b', resourceType: 'test', path: 'marts/_m.yml' });
  dag
    .addEdge('source.raw.orders', 'model.stg_a')
    .addEdge('source.raw.orders', 'model.stg_b')
    .addEdge('model.stg_a', 'model.int_ab')
    .addEdge('model.stg_b', 'model.int_ab')
    .addEdge('model.int_ab', 'model.fct')
    .addEdge('model.stg_a', 'test.unique_stg_a_id')
    .addEdge('model.fct', 'test.rel_fct_stg_b')
    .addEdge('model.stg_b', 'test.rel_fct_stg_b');
  return dag;
}

const sorted = (ids: Set<string>) => [...ids].sort();

describe('Dag', () => {
  it('orders topologically, ties broken by id, the same way every time', () => {
    const dag = new Dag<string>();
    for (const id of ['d', 'c', 'b', 'a']) dag.addNode(id, id);
    dag.addEdge('c', 'a').addEdge('d', 'b');
    assert.deepEqual(dag.topologicalOrder(), ['c', 'a', 'd', 'b']);
    assert.deepEqual(dag.topologicalOrder(), ['c', 'a', 'd', 'b']);
  });

  it('breaks ties with a custom comparison first', () => {
    const dag = new Dag<{ kind: string }>({ compare: (a, b) => a.value.kind.localeCompare(b.value.kind) });
    dag.addNode('m1', { kind: 'model' }).addNode('t1', { kind: 'a-test' }).addNode('m0', { kind: 'model' });
    assert.deepEqual(dag.topologicalOrder(), ['t1', 'm0', 'm1']);
  });

  it('lists ancestors and descendants, optionally within a depth', () => {
    const dag = smallGraph();
    assert.deepEqual(sorted(dag.ancestors('model.fct')), [
      'model.int_ab',
      'model.stg_a',
      'model.stg_b',
      'source.raw.orders',
    ]);
    assert.deepEqual(sorted(dag.ancestors('model.fct', 1)), ['model.int_ab']);
    assert.deepEqual(sorted(dag.descendants('model.stg_b')), [
      'model.fct',
      'model.int_ab',
      'test.rel_fct_stg_b',
    ]);
    assert.deepEqual(sorted(dag.descendants('model.stg_b', 1)), ['model.int_ab', 'test.rel_fct_stg_b']);
  });

  it('names the whole cycle path, with labels, in the error', () => {
    const dag = new Dag<{ file: string }>({ label: (id, node) => `${id} (${node.file})` });
    for (const id of ['a', 'b', 'c', 'z']) dag.addNode(id, { file: `models/${id}.sql` });
    dag.addEdge('z', 'a').addEdge('a', 'b').addEdge('b', 'c').addEdge('c', 'a');
    assert.deepEqual(dag.findCycle(), ['a', 'b', 'c', 'a']);
    assert.throws(
      () => dag.topologicalOrder(),
      (error: unknown) => {
        assert.ok(error instanceof CycleError);
        assert.deepEqual(error.path, ['a', 'b', 'c', 'a']);
        assert.match(error.message, /a -> b -> c -> a/);
        assert.match(
          error.message,
          /a \(models\/a\.sql\)\n {2}-> b \(models\/b\.sql\)\n {2}-> c \(models\/c\.sql\)/,
        );
        return true;
      },
    );
  });

  it('finds a self-reference and reports no cycle in a DAG', () => {
    const dag = new Dag<null>().addNode('a', null).addNode('b', null).addEdge('a', 'b');
    assert.equal(dag.findCycle(), undefined);
    dag.addEdge('b', 'b');
    assert.deepEqual(dag.findCycle(), ['b', 'b']);
  });

  it('refuses duplicate nodes and edges to unknown nodes', () => {
    const dag = new Dag<null>().addNode('a', null);
    assert.throws(() => dag.addNode('a', null), /already present/);
    assert.throws(() => dag.addEdge('a', 'x'), /unknown node "x"/);
  });
});

describe('selection', () => {
  const select = (select: string[], exclude: string[] = []) =>
    sorted(selectNodes(smallGraph(), { select, exclude }).ids);

  it('selects everything without --select', () => {
    assert.equal(selectNodes(smallGraph()).ids.size, 7);
  });

  it('selects by name, with the tests of what it selects', () => {
    assert.deepEqual(select(['stg_a']), ['model.stg_a', 'test.unique_stg_a_id']);
  });

  it('+name adds ancestors, name+ descendants, with optional depth', () => {
    assert.deepEqual(select(['+int_ab']), [
      'model.int_ab',
      'model.stg_a',
      'model.stg_b',
      'source.raw.orders',
      'test.rel_fct_stg_b',
      'test.unique_stg_a_id',
    ]);
    assert.deepEqual(select(['stg_b+']), ['model.fct', 'model.int_ab', 'model.stg_b', 'test.rel_fct_stg_b']);
    assert.deepEqual(select(['stg_b+1']), ['model.int_ab', 'model.stg_b', 'test.rel_fct_stg_b']);
    assert.deepEqual(select(['1+fct']), ['model.fct', 'model.int_ab', 'test.rel_fct_stg_b']);
  });

  it('selects by tag, path (folder or file), source and glob', () => {
    assert.deepEqual(select(['tag:finance']), ['model.fct', 'model.int_ab', 'test.rel_fct_stg_b']);
    assert.deepEqual(select(['path:staging']), [
      'model.stg_a',
      'model.stg_b',
      'test.rel_fct_stg_b',
      'test.unique_stg_a_id',
    ]);
    assert.deepEqual(select(['path:staging/sub/']), ['model.stg_b', 'test.rel_fct_stg_b']);
    assert.deepEqual(select(['path:marts/fct.sql']), ['model.fct', 'test.rel_fct_stg_b']);
    assert.deepEqual(select(['source:raw+1']), [
      'model.stg_a',
      'model.stg_b',
      'source.raw.orders',
      'test.rel_fct_stg_b',
      'test.unique_stg_a_id',
    ]);
    assert.deepEqual(select(['stg_*']), [
      'model.stg_a',
      'model.stg_b',
      'test.rel_fct_stg_b',
      'test.unique_stg_a_id',
    ]);
  });

  it('spaces make a union, commas an intersection', () => {
    assert.deepEqual(select(['stg_a fct']), [
      'model.fct',
      'model.stg_a',
      'test.rel_fct_stg_b',
      'test.unique_stg_a_id',
    ]);
    assert.deepEqual(select(['tag:daily,tag:finance']), ['model.int_ab']);
    assert.deepEqual(select(['stg_a', 'fct']), select(['stg_a fct']));
  });

  it('--exclude removes nodes and the tests that read them', () => {
    assert.deepEqual(select(['stg_b+'], ['fct']), ['model.int_ab', 'model.stg_b']);
    assert.deepEqual(select([], ['tag:daily']), [
      'model.fct',
      'model.stg_b',
      'source.raw.orders',
      'test.rel_fct_stg_b',
    ]);
  });

  it('warns about criteria that match nothing', () => {
    const selection = selectNodes(smallGraph(), { select: ['stg_c'] });
    assert.equal(selection.ids.size, 0);
    assert.deepEqual(selection.warnings, ['The selector "stg_c" matches nothing.']);
  });

  it('parses graph operators and refuses unknown methods', () => {
    assert.deepEqual(parseSelector(['2+tag:x+, y']), [
      [{ text: '2+tag:x+', method: 'tag', value: 'x', parents: 2, children: Number.POSITIVE_INFINITY }],
      [{ text: 'y', method: 'name', value: 'y' }],
    ]);
    assert.throws(
      () => parseSelector(['tags:x']),
      (error: unknown) => {
        assert.ok(error instanceof SelectionError);
        assert.match(error.message, /Unknown selector method "tags:"/);
        return true;
      },
    );
    assert.throws(() => parseSelector(['@x']), /Cannot read the selector "@x"/);
  });
});
