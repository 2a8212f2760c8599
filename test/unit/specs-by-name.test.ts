import { strict as assert } from 'node:assert';
import type { CompileProblem } from '../../src/models/compile-error';
import { specsByName } from '../../src/models/specs-by-name';

describe('specsByName: one YAML description per model or seed', () => {
  it('keeps the first description and reports the second with both places', () => {
    const problems: CompileProblem[] = [];
    const specs = [
      { name: 'a', file: 'sql/one.yml', line: 3 },
      { name: 'b', file: 'sql/one.yml', line: 9 },
      { name: 'a', file: 'sql/two.yml', line: 5 },
    ];
    const byName = specsByName(specs, 'seed', 'Keep one description of the seed.', problems);
    assert.deepEqual([...byName.keys()], ['a', 'b']);
    assert.equal(byName.get('a')?.file, 'sql/one.yml');
    assert.deepEqual(problems, [
      {
        file: 'sql/two.yml',
        line: 5,
        problem: 'seed "a" is described twice: here and in sql/one.yml:3',
        fix: 'Keep one description of the seed.',
      },
    ]);
  });
});
