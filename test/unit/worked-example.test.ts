import { strict as assert } from 'node:assert';
import { cpSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { perishableMarginProject } from '../../src/diff/worked-example';

const SQL = resolve(__dirname, '../../sql');
const EDITED = join('intermediate', 'int_product_supply_costs.sql');

describe('perishableMarginProject (the worked example of 05-what-changed)', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'etl-worked-example-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('edits a copy and leaves the project untouched when the project folder is a symlink', () => {
    const project = join(work, 'project');
    cpSync(SQL, project, { recursive: true });
    const linked = join(work, 'linked-sql');
    symlinkSync(project, linked);
    const before = readFileSync(join(project, EDITED), 'utf8');

    const changed = perishableMarginProject(linked, join(work, 'changed'));

    assert.equal(readFileSync(join(project, EDITED), 'utf8'), before, 'the project itself is unchanged');
    assert.ok(!lstatSync(changed).isSymbolicLink(), 'the copy is a folder of its own');
    assert.match(
      readFileSync(join(changed, EDITED), 'utf8'),
      /sum\(case when is_perishable then supply_cost else 0 end\) as supply_cost,/,
    );
  });
});
